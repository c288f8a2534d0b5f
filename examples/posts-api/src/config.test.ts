import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { describeProblems, loadAppConfig, loadDbConfig } from './config.js';

const GOOD = { DB_USER: 'sample_user', DB_PASSWORD: 's3cr3t-value', DB_HOST: 'db.internal', DB_NAME: 'sample', DB_PORT: '3306' };

describe('configuration from the environment', () => {
  test('accepts the five DB_* variables and defaults PORT to 80, as in the reference app', () => {
    const loaded = loadAppConfig(GOOD);
    assert.deepEqual(loaded, {
      ok: true,
      config: { db: { user: 'sample_user', password: 's3cr3t-value', host: 'db.internal', database: 'sample', port: 3306 }, port: 80 },
    });
  });

  test('names every missing variable in one go, in a fixed order', () => {
    const loaded = loadAppConfig({ PORT: '8080' });
    assert.equal(loaded.ok, false);
    if (loaded.ok) return;
    assert.deepEqual(loaded.variables, ['DB_USER', 'DB_PASSWORD', 'DB_HOST', 'DB_NAME', 'DB_PORT']);
    assert.equal(
      describeProblems(loaded.problems),
      'invalid configuration: DB_USER is missing; DB_PASSWORD is missing; DB_HOST is missing; DB_NAME is missing; DB_PORT is missing',
    );
  });

  test('an empty variable is reported as empty, not silently used', () => {
    const loaded = loadAppConfig({ ...GOOD, DB_PASSWORD: '', DB_NAME: '' });
    assert.ok(!loaded.ok);
    assert.deepEqual(loaded.problems, ['DB_PASSWORD is empty', 'DB_NAME is empty']);
  });

  test('reports malformed ports, hosts, names and users with what was expected', () => {
    const loaded = loadAppConfig({ DB_USER: 'user\n', DB_PASSWORD: 'x', DB_HOST: 'db.internal:3306', DB_NAME: 'no spaces', DB_PORT: '70000', PORT: 'eighty' });
    assert.ok(!loaded.ok);
    assert.deepEqual(loaded.variables, ['DB_USER', 'DB_HOST', 'DB_NAME', 'DB_PORT', 'PORT']);
    assert.match(loaded.problems.join('\n'), /DB_PORT is malformed \(expected an integer from 1 to 65535\)/);
    assert.match(loaded.problems.join('\n'), /DB_HOST is malformed \(a host name or IP address; the port belongs in DB_PORT\)/);
  });

  test('rejects ports that are not plain decimal integers', () => {
    for (const bad of ['0', '-1', '3306.0', '0x50', ' 3306', '1e3', '65536', '']) {
      const loaded = loadDbConfig({ ...GOOD, DB_PORT: bad });
      assert.ok(!loaded.ok, `DB_PORT=${JSON.stringify(bad)} must be refused`);
      assert.deepEqual(loaded.variables, ['DB_PORT']);
    }
  });

  test('accepts IP literals as hosts and PORT=0 (a free port, for tests)', () => {
    for (const host of ['127.0.0.1', '::1', '[fd00:ec2::23]', 'mydb.cluster-abc.ap-northeast-1.rds.amazonaws.com']) {
      assert.ok(loadAppConfig({ ...GOOD, DB_HOST: host }).ok, host);
    }
    const loaded = loadAppConfig({ ...GOOD, PORT: '0' });
    assert.ok(loaded.ok && loaded.config.port === 0);
  });

  test('never repeats a value in a problem, whatever the value', () => {
    const values = ['hunter2-SECRET', 'db.internal:3306', 'no spaces', '99999999', 'line\nbreak', 'x'.repeat(81)];
    for (const value of values) {
      const env = { DB_USER: value, DB_PASSWORD: value, DB_HOST: value, DB_NAME: value, DB_PORT: value, PORT: value };
      const loaded = loadAppConfig(env);
      assert.ok(!loaded.ok);
      const text = describeProblems(loaded.problems);
      assert.ok(!text.includes(value), `a problem quoted the value ${JSON.stringify(value)}: ${text}`);
    }
  });

  test('DB_SECRET_ID, optional, names the secret to re-read credentials from: a name or an ARN without fields', () => {
    const arn = 'arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:goecssample/db-AbCdEf';
    for (const secretId of ['goecssample/db', arn, 'arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!db-0a1b-AbCdEf']) {
      const loaded = loadAppConfig({ ...GOOD, DB_SECRET_ID: secretId });
      assert.ok(loaded.ok && loaded.config.secretId === secretId, secretId);
    }
    assert.deepEqual(loadAppConfig({ ...GOOD, DB_SECRET_ID: '' }), loadAppConfig(GOOD), 'empty is unset');
    for (const bad of [`${arn}:password::`, 'go ecs', 'a;b', 'rds!db-1', 'arn:aws:ssm:ap-northeast-1:123456789012:parameter/x']) {
      const loaded = loadAppConfig({ ...GOOD, DB_SECRET_ID: bad });
      assert.ok(!loaded.ok && loaded.variables.join() === 'DB_SECRET_ID', bad);
      assert.ok(!describeProblems(loaded.problems).includes(bad));
    }
  });

  test('the migrate command needs DB_* only and ignores PORT', () => {
    assert.ok(loadDbConfig({ ...GOOD, PORT: 'not a port' }).ok);
  });
});
