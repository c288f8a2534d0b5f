import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { ConfigError, parseServeArgs } from './config.js';
import { loadMasterKey } from './master-key.js';

describe('kura serve options', () => {
  test('defaults to loopback, port 4566, ./.kura and account 000000000000', () => {
    const config = parseServeArgs([], '/work');
    assert.ok(config !== 'help');
    assert.deepEqual([config.host, config.port, config.dataDir, config.accountId, config.dev], ['127.0.0.1', 4566, '/work/.kura', '000000000000', false]);
  });
  test('refuses binding beyond loopback without TLS unless --insecure-http is given', () => {
    assert.throws(() => parseServeArgs(['--host', '0.0.0.0']), (e: Error) => e instanceof ConfigError && /needs TLS/.test(e.message));
    assert.doesNotThrow(() => parseServeArgs(['--host', '0.0.0.0', '--insecure-http']));
    assert.doesNotThrow(() => parseServeArgs(['--host', '0.0.0.0', '--tls-cert', 'c.pem', '--tls-key', 'k.pem']));
  });
  test('refuses --dev beyond loopback, even with TLS', () => {
    assert.throws(() => parseServeArgs(['--host', '10.1.2.3', '--dev', '--insecure-http']), /--dev/);
  });
  test('refuses an account id that is not 12 digits, a bad port and a half TLS pair', () => {
    assert.throws(() => parseServeArgs(['--account-id', '12345']), /12 digits/);
    assert.throws(() => parseServeArgs(['--port', '70000']), /--port/);
    assert.throws(() => parseServeArgs(['--tls-cert', 'c.pem']), /go together/);
  });
  test('--allowed-host is repeatable, normalized, and refuses a port or a wildcard', () => {
    const config = parseServeArgs(['--allowed-host', 'Kura.Example.com.', '--allowed-host', 'fd00::1']);
    assert.ok(config !== 'help');
    assert.deepEqual(config.allowedHosts, ['kura.example.com', '[fd00::1]']);
    const none = parseServeArgs([]);
    assert.ok(none !== 'help');
    assert.deepEqual(none.allowedHosts, []);
    for (const bad of ['kura.example.com:443', '*']) {
      assert.throws(
        () => parseServeArgs(['--allowed-host', bad]),
        (e: Error) => e instanceof ConfigError && e.message === `--allowed-host takes a host name or an IP address without a port (any port is accepted), not '${bad}'`,
      );
    }
  });
  test('refuses unknown flags', () => {
    assert.throws(() => parseServeArgs(['--bogus']));
  });
});

describe('master key', () => {
  test('creates <data>/master.key with mode 0600 on first start, and reuses it', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kura-mk-'));
    const first = loadMasterKey({ env: {}, dataDir: dir });
    assert.equal(first.created, true);
    assert.equal(statSync(path.join(dir, 'master.key')).mode & 0o777, 0o600);
    const second = loadMasterKey({ env: {}, dataDir: dir });
    assert.equal(second.created, false);
    assert.deepEqual(second.key, first.key);
  });
  test('prefers KURA_MASTER_KEY, then --master-key-file, and rejects keys that are not 256 bits', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kura-mk-'));
    const key = Buffer.alloc(32, 7).toString('base64');
    assert.equal(loadMasterKey({ env: { KURA_MASTER_KEY: key }, dataDir: dir }).source, 'environment');
    const file = path.join(dir, 'key.b64');
    writeFileSync(file, key);
    assert.equal(loadMasterKey({ env: {}, file, dataDir: dir }).source, 'file');
    assert.throws(() => loadMasterKey({ env: { KURA_MASTER_KEY: 'c2hvcnQ=' }, dataDir: dir }), /32 bytes/);
    assert.throws(() => loadMasterKey({ env: {}, file: path.join(dir, 'missing'), dataDir: dir }), /does not exist/);
    assert.equal(readFileSync(file, 'utf8'), key);
  });
});
