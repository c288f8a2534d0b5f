// The four steps of both strategies against the real MariaDB (127.0.0.1:3306, root without a
// password; throwaway users and database, dropped after), with Secrets Manager in memory.
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import mysql from 'mysql2/promise';
import type { Connection } from 'mysql2/promise';
import { canLogIn } from './mysql-database.js';
import { rotateMysql, type MysqlStrategy } from './mysql-rotation.js';
import { loginOf, parseMysqlSecret } from './mysql-secret.js';
import type { RotationStep } from './run-step.js';
import { MemorySecrets } from './testing/memory-secrets.js';

const id = randomBytes(4).toString('hex');
const db = `krt_rot_${id}`;
const users: string[] = [];
let root: Connection;

before(async () => {
  root = await mysql.createConnection({ host: '127.0.0.1', port: 3306, user: 'root', password: '' });
  await root.query(`CREATE DATABASE \`${db}\``);
});

after(async () => {
  for (const user of users) await root.query(`DROP USER IF EXISTS ?@'%'`, [user]);
  await root.query(`DROP DATABASE IF EXISTS \`${db}\``);
  await root.end();
});

async function appUser(suffix: string, password: string): Promise<string> {
  const name = `krt_${id}_${suffix}`;
  users.push(name, `${name}_clone`);
  await root.query(`CREATE USER ?@'%' IDENTIFIED BY ?`, [name, password]);
  await root.query(`GRANT SELECT ON \`${db}\`.* TO ?@'%'`, [name]);
  return name;
}

const secretOf = (username: string, password: string, extra: object = {}) => ({ engine: 'mysql', host: '127.0.0.1', port: 3306, username, password, dbname: db, ...extra });
const works = (secret: Record<string, unknown>) => canLogIn(loginOf(parseMysqlSecret(JSON.stringify(secret))));

async function rotate(sm: MemorySecrets, strategy: MysqlStrategy, secretId: string, steps: RotationStep[] = ['createSecret', 'setSecret', 'testSecret', 'finishSecret']) {
  const token = randomUUID();
  sm.startRotation(secretId, token);
  for (const step of steps) await rotateMysql(strategy, { SecretId: secretId, ClientRequestToken: token, Step: step }, { api: sm });
  return token;
}

describe('built-in rotation, single user', () => {
  it('changes the password: the old one stops working, the new one is AWSCURRENT', async () => {
    const user = await appUser('single', 'Start-pass-1');
    const sm = new MemorySecrets();
    sm.create('app', secretOf(user, 'Start-pass-1', { note: 'kept' }));
    const token = await rotate(sm, 'single-user', 'app');
    const current = sm.valueOf('app', 'AWSCURRENT');
    assert.equal(current.username, user);
    assert.notEqual(current.password, 'Start-pass-1');
    assert.equal(current.note, 'kept', 'other members are written back as they were');
    assert.deepEqual(sm.stagesOf('app'), { 'v-initial': ['AWSPREVIOUS'], [token]: ['AWSCURRENT'] });
    assert.equal(await works(current), true);
    assert.equal(await works(sm.valueOf('app', 'AWSPREVIOUS')), false);
    assert.deepEqual(
      sm.calls.map((c) => c.split(' ')[0]),
      ['DescribeSecret', 'GetSecretValue', 'GetSecretValue', 'GetRandomPassword', 'PutSecretValue']
        .concat(['DescribeSecret', 'GetSecretValue', 'GetSecretValue', 'GetSecretValue'])
        .concat(['DescribeSecret', 'GetSecretValue'])
        .concat(['DescribeSecret', 'DescribeSecret', 'UpdateSecretVersionStage']),
      "the templates' calls, in their order",
    );
    assert.ok(sm.calls.includes(`GetRandomPassword ${JSON.stringify('/@"\'\\')}`));
  });

  it('setSecret again after a failure in testSecret finds the password already set', async () => {
    const user = await appUser('again', 'Start-pass-2');
    const sm = new MemorySecrets();
    sm.create('app', secretOf(user, 'Start-pass-2'));
    const token = randomUUID();
    sm.startRotation('app', token);
    for (const step of ['createSecret', 'setSecret', 'setSecret', 'createSecret', 'testSecret', 'finishSecret'] as const) {
      await rotateMysql('single-user', { SecretId: 'app', ClientRequestToken: token, Step: step }, { api: sm });
    }
    assert.equal(sm.calls.filter((c) => c.startsWith('PutSecretValue')).length, 1, 'createSecret is idempotent');
    assert.equal(await works(sm.valueOf('app', 'AWSCURRENT')), true);
  });

  it('a failed setSecret leaves AWSPENDING and AWSCURRENT where they were', async () => {
    const user = await appUser('broken', 'Start-pass-3');
    const sm = new MemorySecrets();
    sm.create('app', secretOf(user, 'not-the-password'));
    const token = randomUUID();
    sm.startRotation('app', token);
    await rotateMysql('single-user', { SecretId: 'app', ClientRequestToken: token, Step: 'createSecret' }, { api: sm });
    await assert.rejects(
      rotateMysql('single-user', { SecretId: 'app', ClientRequestToken: token, Step: 'setSecret' }, { api: sm }),
      /Unable to log into database with previous, current, or pending secret of secret arn app/,
    );
    assert.deepEqual(sm.stagesOf('app'), { 'v-initial': ['AWSCURRENT'], [token]: ['AWSPENDING'] });
    assert.equal(await works(secretOf(user, 'Start-pass-3')), true, 'the database is untouched');
  });
});

describe('built-in rotation, alternating users', () => {
  it('clones the user, then alternates; the previous user keeps working until its next turn', async () => {
    const user = await appUser('alt', 'App-pass-1');
    const sm = new MemorySecrets();
    sm.create('master', { engine: 'mysql', host: '127.0.0.1', port: 3306, username: 'root', password: '' });
    sm.create('app', secretOf(user, 'App-pass-1', { masterarn: 'master' }));

    await rotate(sm, 'alternating-users', 'app');
    const first = sm.valueOf('app', 'AWSCURRENT');
    assert.equal(first.username, `${user}_clone`);
    assert.equal(first.masterarn, 'master');
    assert.equal(await works(first), true);
    assert.equal(await works(sm.valueOf('app', 'AWSPREVIOUS')), true, 'no request using the previous secret fails');

    await rotate(sm, 'alternating-users', 'app');
    const second = sm.valueOf('app', 'AWSCURRENT');
    assert.equal(second.username, user);
    assert.notEqual(second.password, 'App-pass-1');
    assert.equal(await works(second), true);
    assert.equal(await works(first), true, 'the clone keeps its password until the next rotation');
    assert.equal(await works(secretOf(user, 'App-pass-1')), false, "the original user's old password is gone");
  });

  it('refuses to act when the current credentials do not log in (no confused deputy)', async () => {
    const user = await appUser('deputy', 'App-pass-2');
    const sm = new MemorySecrets();
    sm.create('master', { engine: 'mysql', host: '127.0.0.1', username: 'root', password: '' });
    sm.create('app', secretOf(user, 'wrong', { masterarn: 'master' }));
    await assert.rejects(rotate(sm, 'alternating-users', 'app'), /Unable to log into database using current credentials for secret app/);
    const [found] = await root.query<mysql.RowDataPacket[]>('SELECT 1 FROM mysql.user WHERE User = ?', [`${user}_clone`]);
    assert.equal(found.length, 0, 'no clone was created');
  });

  it('wants the master secret on the same host', async () => {
    const user = await appUser('host', 'App-pass-3');
    const sm = new MemorySecrets();
    sm.create('master', { engine: 'mysql', host: 'elsewhere.example', username: 'root', password: '' });
    sm.create('app', secretOf(user, 'App-pass-3', { masterarn: 'master' }));
    await assert.rejects(rotate(sm, 'alternating-users', 'app'), /Current database host 127\.0\.0\.1 is not the same host as\/rds replica of master elsewhere\.example/);
  });
});

describe('the checks every step makes first', () => {
  const sm = new MemorySecrets();
  sm.create('s', secretOf('u', 'p'));

  it('refuses a token that is not AWSPENDING, and a secret with rotation off', async () => {
    await assert.rejects(rotateMysql('single-user', { SecretId: 's', ClientRequestToken: 'nope', Step: 'createSecret' }, { api: sm }), /Secret version nope has no stage for rotation of secret s\./);
    (sm.secrets.get('s') as { rotationEnabled: boolean }).rotationEnabled = false;
    await assert.rejects(rotateMysql('single-user', { SecretId: 's', ClientRequestToken: 'v-initial', Step: 'createSecret' }, { api: sm }), /Secret s is not enabled for rotation/);
    (sm.secrets.get('s') as { rotationEnabled: boolean }).rotationEnabled = true;
  });

  it('does nothing for a token already AWSCURRENT', async () => {
    const before = sm.calls.length;
    await rotateMysql('single-user', { SecretId: 's', ClientRequestToken: 'v-initial', Step: 'setSecret' }, { api: sm });
    assert.deepEqual(sm.calls.slice(before), ['DescribeSecret s']);
  });

  it('refuses a secret that is not a MySQL one', async () => {
    const other = new MemorySecrets();
    other.create('pg', { ...secretOf('u', 'p'), engine: 'postgres' });
    await assert.rejects(rotate(other, 'single-user', 'pg', ['createSecret']), /Database engine must be set to 'mysql'/);
  });
});
