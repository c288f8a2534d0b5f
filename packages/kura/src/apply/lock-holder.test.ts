import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { decodeHolder, describeHolder, encodeHolder, isStale, LOCK_FORMAT, processAlive, type LockHolder } from './lock-holder.js';

const holder: LockHolder = { format: LOCK_FORMAT, operation: 'apply', host: 'build-7', pid: 4242, since: '2026-01-02T03:04:05.000Z', token: 'b5f1c1f6-3a52-4a8e-9d55-0f8d4b1e2c3a' };

describe('the holder of a stack lock', () => {
  it('is read back as written', () => {
    assert.deepEqual(decodeHolder(encodeHolder(holder)), holder);
    assert.deepEqual(decodeHolder(encodeHolder({ ...holder, operation: 'delete' }))?.operation, 'delete');
  });

  it('is unknown when kura apply did not write the value', () => {
    for (const text of ['', 'locked', 'null', '[]', '42', JSON.stringify({ ...holder, format: 'other/1' }), JSON.stringify({ ...holder, operation: 'update' })]) {
      assert.equal(decodeHolder(text), undefined, text);
    }
    for (const key of ['host', 'pid', 'since', 'token'] as const) {
      const without: Partial<LockHolder> = { ...holder };
      delete without[key];
      assert.equal(decodeHolder(JSON.stringify(without)), undefined, `without ${key}`);
    }
    assert.equal(decodeHolder(JSON.stringify({ ...holder, host: '' })), undefined);
    assert.equal(decodeHolder(JSON.stringify({ ...holder, token: '' })), undefined);
  });

  it('names only a positive whole pid (0 and negative pids would ask about process groups)', () => {
    for (const pid of [0, -1, -4242, 1.5, '4242', null, 2 ** 60]) {
      assert.equal(decodeHolder(JSON.stringify({ ...holder, pid })), undefined, String(pid));
    }
  });

  it('keeps only its own fields', () => {
    assert.deepEqual(decodeHolder(JSON.stringify({ ...holder, extra: 'x' })), holder);
  });

  it('is described for people, control characters shown rather than obeyed', () => {
    assert.equal(describeHolder(holder), 'apply by pid 4242 on build-7 since 2026-01-02T03:04:05.000Z');
    assert.equal(describeHolder({ ...holder, host: 'evil\u001b[2Jhost' }), 'apply by pid 4242 on evil\\x1b[2Jhost since 2026-01-02T03:04:05.000Z');
  });
});

describe('a stale lock', () => {
  const dead = () => false;
  const alive = () => true;

  it('is one left on this host by a process that is gone', () => {
    assert.equal(isStale(holder, { host: 'build-7', alive: dead }), true);
  });

  it('is not one whose process still runs', () => {
    assert.equal(isStale(holder, { host: 'build-7', alive }), false);
  });

  it('is never one from another host, whatever the pid', () => {
    assert.equal(isStale(holder, { host: 'laptop', alive: dead }), false);
    assert.equal(isStale(holder, { host: 'Build-7', alive: dead }), false);
  });

  it('asks the pid of the holder', () => {
    const asked: number[] = [];
    isStale(holder, { host: 'build-7', alive: (pid) => (asked.push(pid), true) });
    assert.deepEqual(asked, [4242]);
  });
});

describe('whether a process is alive', () => {
  it('is true for this process and false for one that has exited', () => {
    assert.equal(processAlive(process.pid), true);
    const gone = spawnSync(process.execPath, ['-e', '']);
    assert.equal(gone.status, 0);
    assert.equal(processAlive(gone.pid), false);
  });
});
