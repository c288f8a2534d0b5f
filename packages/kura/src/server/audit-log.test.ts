import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, test } from 'node:test';
import type { AuditEvent } from '../gateway/audit.js';
import { AuditWriteError, openAuditLog } from './audit-log.js';
import type { Logger } from './logger.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function auditDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'kura-audit-'));
  dirs.push(dir);
  return path.join(dir, 'audit');
}

function event(requestID: string): AuditEvent {
  return {
    eventVersion: '1.11',
    userIdentity: { type: 'Unknown' },
    eventTime: '2026-03-01T00:00:00Z',
    sourceIPAddress: '127.0.0.1',
    requestParameters: null,
    responseElements: null,
    requestID,
    eventID: `event-${requestID}`,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: '123456789012',
    eventCategory: 'Management',
    additionalEventData: { replica: 'test-replica' },
  };
}

const lines = (dir: string) => readFileSync(path.join(dir, 'audit.jsonl'), 'utf8').trim().split('\n').filter(Boolean).map((l) => (JSON.parse(l) as AuditEvent).requestID);

function recordingLogger(): Logger & { entries: Array<{ msg: string; fields?: Record<string, unknown> }> } {
  const entries: Array<{ msg: string; fields?: Record<string, unknown> }> = [];
  return { entries, log: (_level, msg, fields) => void entries.push({ msg, ...(fields ? { fields } : {}) }) };
}

/** A disk that can be made full: writes fail with ENOSPC while `full` is set. */
function disk() {
  const state = { full: false, shortNext: false };
  const write = (fd: number, data: string | Buffer) => {
    if (state.full) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    if (state.shortNext) {
      // A short write, then the disk fills: the rest of the line must be kept, not lost or repeated.
      state.shortNext = false;
      state.full = true;
      return writeSync(fd, Buffer.from(data).subarray(0, 10));
    }
    return typeof data === 'string' ? writeSync(fd, data) : writeSync(fd, data);
  };
  return { state, write };
}

describe('the audit log file', async () => {
  test('one line per request, private to the server', async () => {
    const dir = auditDir();
    const log = openAuditLog({ dir, onFailure: 'fail', logger: recordingLogger() });
    await log.write(event('a'));
    await log.write({ ...event('b'), userAgent: 'naïve-client/1.0 ✓ 🚀' });
    log.close();
    assert.deepEqual(lines(dir), ['a', 'b']);
    assert.match(readFileSync(path.join(dir, 'audit.jsonl'), 'utf8'), /"userAgent":"naïve-client\/1\.0 ✓ 🚀"/, 'multi-byte text written whole');
    assert.equal(statSync(path.join(dir, 'audit.jsonl')).mode & 0o777, 0o600);
    assert.equal(statSync(dir).mode & 0o777, 0o700);
  });

  test('rotates past its size limit, losing nothing', async () => {
    const dir = auditDir();
    const log = openAuditLog({ dir, maxBytes: 600, onFailure: 'fail', logger: recordingLogger() });
    for (const id of ['1', '2', '3', '4', '5']) await log.write(event(id));
    log.close();
    const files = readdirSync(dir).sort();
    assert.ok(files.length >= 2, files.join());
    const all = files.flatMap((f) => readFileSync(path.join(dir, f), 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as AuditEvent).requestID));
    assert.deepEqual(all.sort(), ['1', '2', '3', '4', '5']);
  });

  test('fails closed: a full disk fails the request and holds later operations until the kept lines are written', async () => {
    const dir = auditDir();
    const { state, write } = disk();
    const log = openAuditLog({ dir, onFailure: 'fail', logger: recordingLogger(), writeSync: write });
    await log.write(event('before'));
    await log.ready();
    state.shortNext = true;
    await assert.rejects(log.write(event('torn')), AuditWriteError);
    await assert.rejects(log.ready(), AuditWriteError, 'no operation runs while the log is failing');
    await assert.rejects(log.write(event('refused')), AuditWriteError);
    state.full = false;
    await log.ready();
    await log.write(event('after'));
    log.close();
    assert.deepEqual(lines(dir), ['before', 'torn', 'refused', 'after'], 'every line whole, once, in order');
  });

  test('with --audit-failure log: the line is dropped, the failure logged, and serving goes on', async () => {
    const dir = auditDir();
    const { state, write } = disk();
    const logger = recordingLogger();
    const log = openAuditLog({ dir, onFailure: 'log', logger, writeSync: write });
    state.full = true;
    await log.write(event('lost'));
    await log.ready();
    state.full = false;
    await log.write(event('kept'));
    log.close();
    assert.deepEqual(lines(dir), ['kept']);
    assert.deepEqual(logger.entries.map((e) => [e.msg, e.fields?.['requestId']]), [['audit record not written', 'lost']]);
  });
});
