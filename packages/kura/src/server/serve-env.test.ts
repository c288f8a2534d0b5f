import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { ConfigError, SERVE_HELP, SERVE_OPTIONS, misspeltServeVariables, parseServeArgs, serveEnvironmentTable, type ServeConfig } from './config.js';
import { editDistance, variableFor } from './serve-env.js';

const parse = (args: string[], env: NodeJS.ProcessEnv) => parseServeArgs(args, '/work', env) as ServeConfig;
const refused = (args: string[], env: NodeJS.ProcessEnv, message: string) =>
  assert.throws(() => parseServeArgs(args, '/work', env), (e: Error) => e instanceof ConfigError && e.message === message, message);

describe('kura serve options from KURA_* variables', () => {
  test('every option but --help has a variable named after it', () => {
    assert.equal(variableFor('store-pool-size'), 'KURA_STORE_POOL_SIZE');
    const table = serveEnvironmentTable();
    assert.deepEqual(
      table.map((row) => row.option),
      Object.keys(SERVE_OPTIONS)
        .filter((option) => option !== 'help')
        .map((option) => `--${option}`),
    );
    assert.ok(table.every((row) => row.variable === variableFor(row.option.slice(2))));
  });

  test('the variables configure the server as the options do', () => {
    const config = parse([], {
      KURA_HOST: '0.0.0.0',
      KURA_PORT: '8080',
      KURA_DATA: 'state',
      KURA_ACCOUNT_ID: '123456789012',
      KURA_INSECURE_HTTP: 'yes',
      KURA_ALLOWED_HOST: 'kura, Kura.Example.com.\nfd00::1',
      KURA_LOG_LEVEL: 'warn',
      KURA_PATH_AUTHORIZATION: 'aws',
      KURA_AUDIT_FAILURE: 'log',
      KURA_MASTER_KEY_FILE: 'keys/kura.key',
      KURA_ROTATION_TIMEOUT: '5',
    });
    assert.deepEqual(
      [config.host, config.port, config.dataDir, config.accountId, config.insecureHttp, config.allowedHosts, config.logLevel, config.pathAuthorization, config.auditFailure, config.masterKeyFile, config.rotation.timeoutMs],
      ['0.0.0.0', 8080, '/work/state', '123456789012', true, ['kura', 'kura.example.com', '[fd00::1]'], 'warn', 'aws', 'log', '/work/keys/kura.key', 5000],
    );
    assert.deepEqual([parse([], { KURA_DEV: 'TRUE' }).dev, parse([], { KURA_DEV: '0' }).dev, parse([], { KURA_DEV: '' }).dev], [true, false, false]);
    const tls = parse([], { KURA_HOST: '10.0.0.5', KURA_TLS_CERT: 'c.pem', KURA_TLS_KEY: 'k.pem' });
    assert.deepEqual(tls.tls, { certFile: 'c.pem', keyFile: 'k.pem' });
  });

  test('an option on the command line wins over its variable, whole; an empty variable is unset', () => {
    const config = parse(['--port', '9', '--allowed-host', 'cli.example', '--dev'], { KURA_PORT: '8080', KURA_ALLOWED_HOST: 'env1.example,env2.example', KURA_DEV: 'no', KURA_DATA: '' });
    assert.deepEqual([config.port, config.allowedHosts, config.dev, config.dataDir], [9, ['cli.example'], true, '/work/.kura']);
  });

  test('a repeatable option whose values may hold a comma takes one value a line, under either name', () => {
    const functions = (env: NodeJS.ProcessEnv) => parse([], env).rotation.functions.map((f) => [f.name, f.command, f.roleArn]);
    const expected = [['a', ['/bin/a', 'x,y'], 'arn:aws:iam::000000000000:role/r,1']];
    assert.deepEqual(functions({ KURA_ROTATION_FUNCTION: 'a=/bin/a x,y\n', KURA_ROTATION_ROLE: 'a=r,1' }), expected);
    assert.deepEqual(functions({ KURA_ROTATION_FUNCTIONS: 'a=/bin/a x,y', KURA_ROTATION_ROLES: 'a=r,1' }), expected, 'the older names');
    refused([], { KURA_ROTATION_FUNCTION: 'a=/bin/a', KURA_ROTATION_FUNCTIONS: 'b=/bin/b' }, 'KURA_ROTATION_FUNCTION and KURA_ROTATION_FUNCTIONS are both set (the same option, --rotation-function): keep one');
  });

  test('refused, naming the variable: a flag neither on nor off, a bad value, a setting the address forbids', () => {
    refused([], { KURA_DEV: 'on' }, "KURA_DEV expects 1, true or yes (on), or 0, false, no or nothing (off), got 'on'");
    refused([], { KURA_PORT: 'http' }, "KURA_PORT must be a number from 0 to 65535, not 'http'");
    refused([], { KURA_ACCOUNT_ID: '42' }, "KURA_ACCOUNT_ID must be exactly 12 digits, not '42'");
    refused([], { KURA_LOG_LEVEL: 'loud' }, 'KURA_LOG_LEVEL must be one of debug, info, warn, error');
    refused([], { KURA_TLS_CERT: 'c.pem' }, 'KURA_TLS_CERT and --tls-key go together');
    refused([], { KURA_ALLOWED_HOST: 'a.example:443' }, "KURA_ALLOWED_HOST takes a host name or an IP address without a port (any port is accepted), not 'a.example:443'");
    refused([], { KURA_ROTATION_TIMEOUT: '1m' }, "KURA_ROTATION_TIMEOUT must be a whole number of seconds from 1 to 900, not '1m'");
    refused([], { KURA_ROTATION_ENDPOINT: 'ftp://x' }, "KURA_ROTATION_ENDPOINT must be an http:// or https:// URL, not 'ftp://x'");
    refused([], { KURA_HOST: '0.0.0.0', KURA_DEV: '1', KURA_INSECURE_HTTP: '1' }, 'KURA_DEV accepts well-known credentials and is refused on a non-loopback address; bind to 127.0.0.1');
    refused(
      [],
      { KURA_HOST: '0.0.0.0' },
      'binding to 0.0.0.0 (beyond loopback) needs TLS: give --tls-cert and --tls-key (KURA_TLS_CERT, KURA_TLS_KEY), or --insecure-http (KURA_INSECURE_HTTP=1) to accept plain HTTP',
    );
    refused([], { KURA_AUDIT_LOG: 'store' }, 'KURA_AUDIT_LOG store needs a PostgreSQL store (--store or KURA_STORE); with SQLite the audit log is the file in --data');
  });

  test('the master key: KURA_MASTER_KEY_FILE and KURA_MASTER_KEY together are refused; the flag wins over both', () => {
    const both = { KURA_MASTER_KEY_FILE: '/keys/a', KURA_MASTER_KEY: 'not-read-here' };
    refused([], both, 'KURA_MASTER_KEY_FILE and KURA_MASTER_KEY are both set: keep one (--master-key-file on the command line wins over both)');
    assert.equal(parse(['--master-key-file', '/keys/b'], both).masterKeyFile, '/keys/b');
    assert.equal(parse([], { KURA_MASTER_KEY_FILE: '/keys/a', KURA_MASTER_KEY: '' }).masterKeyFile, '/keys/a');
  });

  test('an unknown KURA_* variable is no error; one a letter or two from an option is warned about, by name only', () => {
    const env = {
      KURA_PROT: '4567',
      KURA_ALLOWED_HOSTS: 'kura',
      KURA_STORE_TIMOUT: '9000',
      KURA_ADMIN_ACCESS_KEY_ID: 'AKIAEXAMPLE',
      KURA_MASTER_KEY: 'secret-value-never-printed',
      KURA_EXEC_PATH: '/app',
      KURA_ROTATION_FUNCTIONS: 'a=/bin/a',
      KURA_SOMETHING_ELSE: 'x',
      PORT: '1',
    };
    assert.doesNotThrow(() => parseServeArgs([], '/work', { KURA_SOMETHING_ELSE: 'x', KURA_PROT: '1' }));
    assert.deepEqual(misspeltServeVariables(env), [
      'KURA_ALLOWED_HOSTS is not a kura serve variable (did you mean KURA_ALLOWED_HOST?); it is ignored',
      'KURA_PROT is not a kura serve variable (did you mean KURA_PORT?); it is ignored',
      'KURA_STORE_TIMOUT is not a kura serve variable (did you mean KURA_STORE_TIMEOUT?); it is ignored',
    ]);
    assert.equal(editDistance('KURA_PROT', 'KURA_PORT'), 1, 'a transposition is one edit');
  });

  test('the help states the rule', () => {
    assert.match(SERVE_HELP, /Every option can be given as a variable instead: --some-option is KURA_SOME_OPTION/);
    assert.match(SERVE_HELP, /An option on the command line wins over its variable/);
  });
});

describe('docs/operations.md', () => {
  test('its table lists every kura serve option and its variable', () => {
    const text = readFileSync(new URL('../../../../docs/operations.md', import.meta.url), 'utf8');
    const table = /<!-- serve-env-table:start -->\n([\s\S]*?)\n<!-- serve-env-table:end -->/.exec(text)?.[1];
    const expected = [
      '| option | variable | takes |',
      '| --- | --- | --- |',
      ...serveEnvironmentTable().map((r) => `| \`${r.option}\` | \`${r.variable}\`${r.alias ? ` (or \`${r.alias}\`)` : ''} | ${r.kind} |`),
    ].join('\n');
    assert.equal(table, expected, `docs/operations.md's table should read:\n${expected}`);
  });
});
