import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { ConfigError } from './config.js';
import { loadMasterKey } from './master-key.js';

const fresh = () => mkdtempSync(path.join(tmpdir(), 'kura-mk-'));
const keyOf = (fill: number) => Buffer.alloc(32, fill);

/** Asserts the exact ConfigError, and that its text holds the key in none of the forms it was given. */
function refuses(load: () => unknown, message: string, key: string) {
  assert.throws(load, (error: Error) => {
    assert.ok(error instanceof ConfigError);
    assert.equal(error.message, message);
    assert.ok(!error.message.includes(key) && !error.message.includes(key.trim()), 'the error never holds the key');
    return true;
  });
}

describe('master key', () => {
  test('creates <data>/master.key with mode 0600 on first start, and reuses it', () => {
    const dir = fresh();
    const first = loadMasterKey({ env: {}, dataDir: dir });
    assert.equal(first.created, true);
    assert.equal(statSync(path.join(dir, 'master.key')).mode & 0o777, 0o600);
    const second = loadMasterKey({ env: {}, dataDir: dir });
    assert.equal(second.created, false);
    assert.deepEqual(second.key, first.key);
  });

  test('--master-key-file wins over KURA_MASTER_KEY, which wins over <data>/master.key', () => {
    const dir = fresh();
    const file = path.join(dir, 'flag.key');
    writeFileSync(file, `${keyOf(1).toString('base64')}\n`);
    writeFileSync(path.join(dir, 'master.key'), keyOf(3).toString('base64'));
    const env = { KURA_MASTER_KEY: keyOf(2).toString('base64') };

    const both = loadMasterKey({ env, file, dataDir: dir });
    assert.deepEqual(both, { key: keyOf(1), source: 'file', created: false, file });
    const envOnly = loadMasterKey({ env, dataDir: dir });
    assert.deepEqual(envOnly, { key: keyOf(2), source: 'environment', created: false });
    const neither = loadMasterKey({ env: {}, dataDir: dir });
    assert.deepEqual([neither.key, neither.source], [keyOf(3), 'data-dir']);
  });

  test('with the flag given, KURA_MASTER_KEY is not read at all: a malformed one is ignored', () => {
    const dir = fresh();
    const file = path.join(dir, 'flag.key');
    writeFileSync(file, keyOf(1).toString('base64'));
    assert.deepEqual(loadMasterKey({ env: { KURA_MASTER_KEY: 'c2hvcnQ=' }, file, dataDir: dir }).key, keyOf(1));
    assert.equal(existsSync(path.join(dir, 'master.key')), false, 'no key is created in the data directory');
  });

  test('an empty KURA_MASTER_KEY counts as unset', () => {
    const dir = fresh();
    const loaded = loadMasterKey({ env: { KURA_MASTER_KEY: '' }, dataDir: dir });
    assert.deepEqual([loaded.source, loaded.created], ['data-dir', true]);
  });

  test('refuses a key that is not 256 bits, naming where it came from and never the key', () => {
    const dir = fresh();
    const short = keyOf(9).subarray(0, 31).toString('base64');
    refuses(() => loadMasterKey({ env: { KURA_MASTER_KEY: short }, dataDir: dir }), 'KURA_MASTER_KEY must hold 32 bytes (256 bits) encoded in base64', short);

    const file = path.join(dir, 'short.key');
    writeFileSync(file, `${short}\n`);
    refuses(() => loadMasterKey({ env: { KURA_MASTER_KEY: keyOf(2).toString('base64') }, file, dataDir: dir }), `${file} must hold 32 bytes (256 bits) encoded in base64`, short);
    assert.equal(readFileSync(file, 'utf8'), `${short}\n`, 'the file is left as it was');

    writeFileSync(path.join(dir, 'master.key'), short);
    refuses(() => loadMasterKey({ env: {}, dataDir: dir }), `${path.join(dir, 'master.key')} must hold 32 bytes (256 bits) encoded in base64`, short);
  });

  test('refuses a --master-key-file that does not exist, even with KURA_MASTER_KEY set', () => {
    const dir = fresh();
    const missing = path.join(dir, 'missing.key');
    const key = keyOf(2).toString('base64');
    refuses(() => loadMasterKey({ env: { KURA_MASTER_KEY: key }, file: missing, dataDir: dir }), `--master-key-file ${missing} does not exist`, key);
  });
});
