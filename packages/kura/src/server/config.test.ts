import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigError, adminKeyFromEnvironment, parseServeArgs } from './config.js';

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
  test('--master-key-file is resolved against the working directory; absent, the key is looked for elsewhere', () => {
    const given = parseServeArgs(['--master-key-file', 'keys/kura.key'], '/work');
    assert.ok(given !== 'help');
    assert.equal(given.masterKeyFile, '/work/keys/kura.key');
    const absent = parseServeArgs([], '/work');
    assert.ok(absent !== 'help');
    assert.equal(absent.masterKeyFile, undefined);
  });
  test('the web console: served from the built directory by default, from --console-dir, or off with --no-console (or their variables)', () => {
    const consoleOf = (args: string[], env: NodeJS.ProcessEnv = {}) => (parseServeArgs(args, '/work', env) as Exclude<ReturnType<typeof parseServeArgs>, 'help'>).console;
    assert.deepEqual(consoleOf([]), {});
    assert.deepEqual(consoleOf(['--console-dir', 'ui/dist']), { dir: '/work/ui/dist' });
    assert.deepEqual(consoleOf([], { KURA_CONSOLE_DIR: '/srv/console' }), { dir: '/srv/console' });
    assert.equal(consoleOf(['--no-console']), false);
    assert.equal(consoleOf([], { KURA_NO_CONSOLE: '1' }), false);
    assert.deepEqual(consoleOf([], { KURA_NO_CONSOLE: 'no' }), {});
    assert.throws(
      () => parseServeArgs(['--console-dir', 'x'], '/work', { KURA_NO_CONSOLE: 'true' }),
      (e: Error) => e instanceof ConfigError && e.message === 'KURA_NO_CONSOLE and --console-dir contradict each other: keep one',
    );
  });
  test('refuses unknown flags', () => {
    assert.throws(() => parseServeArgs(['--bogus']));
  });
  test('audit events go to the PostgreSQL store by default, to the file with SQLite or --audit-log file', () => {
    const pg = 'postgres://kura@db:5432/kura';
    const auditLog = (args: string[], env: NodeJS.ProcessEnv = {}) => {
      const config = parseServeArgs(args, '/work', env);
      assert.ok(config !== 'help');
      return config.auditLog;
    };
    assert.equal(auditLog([]), 'file');
    assert.equal(auditLog(['--store', pg]), 'store');
    assert.equal(auditLog([], { KURA_STORE: pg }), 'store');
    assert.equal(auditLog(['--store', pg, '--audit-log', 'file']), 'file');
    const refused = (args: string[], message: string) => assert.throws(() => parseServeArgs(args, '/work', {}), (e: Error) => e instanceof ConfigError && e.message === message);
    refused(['--audit-log', 'store'], '--audit-log store needs a PostgreSQL store (--store or KURA_STORE); with SQLite the audit log is the file in --data');
    refused(['--audit-log', 'syslog'], '--audit-log must be store or file');
  });
  test('--replica-id or KURA_REPLICA_ID names the server in its audit events; by default it has no name until it listens', () => {
    const replicaId = (args: string[], env: NodeJS.ProcessEnv = {}) => {
      const config = parseServeArgs(args, '/work', env);
      assert.ok(config !== 'help');
      return config.replicaId;
    };
    assert.equal(replicaId([]), undefined);
    assert.equal(replicaId(['--replica-id', 'kura-a.eu-west-1:4566']), 'kura-a.eu-west-1:4566');
    assert.equal(replicaId([], { KURA_REPLICA_ID: 'pod-7@node_2' }), 'pod-7@node_2');
    assert.equal(replicaId(['--replica-id', 'flag'], { KURA_REPLICA_ID: 'env' }), 'flag', 'the flag wins');
    assert.equal(replicaId([], { KURA_REPLICA_ID: '' }), undefined, 'an empty variable is unset');
    const rule = 'takes 1 to 128 letters, digits and . _ : @ - (starting with a letter or digit)';
    for (const bad of ['', '-a', 'kura a', 'kura/a', 'ré', 'x'.repeat(129), 'a\nb']) {
      assert.throws(() => parseServeArgs([`--replica-id=${bad}`], '/work', {}), (e: Error) => e instanceof ConfigError && e.message.startsWith(`--replica-id ${rule}, not '`), JSON.stringify(bad));
    }
    assert.throws(() => parseServeArgs([], '/work', { KURA_REPLICA_ID: 'a b' }), (e: Error) => e instanceof ConfigError && e.message === `KURA_REPLICA_ID ${rule}, not 'a b'`);
  });
  test('--store-pool-size and --store-timeout (or their variables) bound the PostgreSQL pool; unset, the store keeps its defaults', () => {
    const pg = 'postgres://kura@db:5432/kura';
    const bounds = (args: string[], env: NodeJS.ProcessEnv = {}) => {
      const config = parseServeArgs(args, '/work', env);
      assert.ok(config !== 'help');
      return [config.storePoolSize, config.storeTimeoutMs];
    };
    assert.deepEqual(bounds(['--store', pg]), [undefined, undefined]);
    assert.deepEqual(bounds(['--store', pg, '--store-pool-size', '4', '--store-timeout', '1500']), [4, 1500]);
    assert.deepEqual(bounds([], { KURA_STORE: pg, KURA_STORE_POOL_SIZE: '32', KURA_STORE_TIMEOUT: '600000' }), [32, 600_000]);
    assert.deepEqual(bounds(['--store', pg, '--store-pool-size', '1', '--store-timeout', '1000'], { KURA_STORE_POOL_SIZE: '8', KURA_STORE_TIMEOUT: '9000' }), [1, 1000], 'the flags win');
    assert.deepEqual(bounds(['--store', pg], { KURA_STORE_POOL_SIZE: '', KURA_STORE_TIMEOUT: '' }), [undefined, undefined], 'an empty variable is unset');
    const refused = (args: string[], env: NodeJS.ProcessEnv, message: string) =>
      assert.throws(() => parseServeArgs(args, '/work', env), (e: Error) => e instanceof ConfigError && e.message === message, message);
    for (const bad of ['0', '1001', '-1', '2.5', '16 ', 'ten', '1e2', '0x10']) {
      refused(['--store', pg, `--store-pool-size=${bad}`], {}, `--store-pool-size must be a whole number from 1 to 1000, not '${bad}'`);
    }
    for (const bad of ['999', '600001', '5s', '']) {
      refused(['--store', pg, `--store-timeout=${bad}`], {}, `--store-timeout must be a whole number from 1000 to 600000, not '${bad}'`);
    }
    refused(['--store', pg], { KURA_STORE_TIMEOUT: '50' }, "KURA_STORE_TIMEOUT must be a whole number from 1000 to 600000, not '50'");
    refused(['--store-pool-size', '4'], {}, '--store-pool-size applies to a PostgreSQL store (--store or KURA_STORE); this server uses SQLite');
    refused([], { KURA_STORE_TIMEOUT: '2000' }, 'KURA_STORE_TIMEOUT applies to a PostgreSQL store (--store or KURA_STORE); this server uses SQLite');
  });
});

describe('the administrator key pair from the environment', () => {
  const both = { KURA_ADMIN_ACCESS_KEY_ID: 'AKIAFROMENV000000001', KURA_ADMIN_SECRET_ACCESS_KEY: 'env-secret' };
  test('is the pair when both variables are set, and none when neither is (an empty one counts as unset)', () => {
    assert.deepEqual(adminKeyFromEnvironment(both), { accessKeyId: 'AKIAFROMENV000000001', secretAccessKey: 'env-secret' });
    assert.equal(adminKeyFromEnvironment({}), undefined);
    assert.equal(adminKeyFromEnvironment({ KURA_ADMIN_ACCESS_KEY_ID: '', KURA_ADMIN_SECRET_ACCESS_KEY: '' }), undefined);
  });
  test('refuses one variable without the other', () => {
    const message = 'set both KURA_ADMIN_ACCESS_KEY_ID and KURA_ADMIN_SECRET_ACCESS_KEY, or neither';
    for (const env of [{ KURA_ADMIN_ACCESS_KEY_ID: both.KURA_ADMIN_ACCESS_KEY_ID }, { KURA_ADMIN_SECRET_ACCESS_KEY: both.KURA_ADMIN_SECRET_ACCESS_KEY }, { ...both, KURA_ADMIN_SECRET_ACCESS_KEY: '' }]) {
      assert.throws(() => adminKeyFromEnvironment(env), (e: Error) => e instanceof ConfigError && e.message === message);
    }
  });
});
