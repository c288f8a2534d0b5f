// Secrets Manager rotation end to end on the built server: RotateSecret (SDK v3) with Kura's
// built-in MySQL/MariaDB rotation functions registered (`kura serve --rotation-function
// NAME='kura rotation-function …' --rotation-role NAME=ROLE`), against the real MariaDB at
// 127.0.0.1:3306 (root without a password; throwaway users and database, dropped after). The server
// runs the four steps itself, with the role's credentials and itself as endpoint; the test waits
// for AWSCURRENT to move. Then a failed step (a current password the database does not take):
// AWSPENDING stays, AWSCURRENT too, and RotateSecret with the pending version's token retries it.

import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { CreateSecretCommand, DescribeSecretCommand, GetSecretValueCommand, RotateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import mysql from 'mysql2/promise';
import type { Connection } from 'mysql2/promise';
import { kuraBin, startKura, type RunningKura } from './harness.js';
import { quoteWord, ROTATION_ROLE_POLICY, ROTATION_TRUST, untilRotated } from './rotation-kit.js';

const id = randomBytes(4).toString('hex');
const db = `krt_e2e_${id}`;
const users: string[] = [];
const builtIn = (fn: string) => `${quoteWord(process.execPath)} ${quoteWord(kuraBin)} rotation-function ${fn}`;

describe('RotateSecret with the built-in MySQL rotation functions, against the built server and MariaDB', () => {
  let kura: RunningKura;
  let sm: SecretsManagerClient;
  let root: Connection;
  const functionArn = (name: string) => `arn:aws:lambda:${kura.region}:000000000000:function:${name}`;

  before(async () => {
    kura = await startKura({
      args: [
        '--rotation-function', `rotate-single=${builtIn('mysql-single-user')}`,
        '--rotation-role', 'rotate-single=db-rotator',
        '--rotation-function', `rotate-alt=${builtIn('mysql-alternating-users')}`,
        '--rotation-role', 'rotate-alt=db-rotator',
        '--rotation-timeout', '60',
      ],
    });
    const iam = new IAMClient({ endpoint: kura.url, region: kura.region, credentials: kura.credentials });
    await iam.send(new CreateRoleCommand({ RoleName: 'db-rotator', AssumeRolePolicyDocument: ROTATION_TRUST }));
    await iam.send(new PutRolePolicyCommand({ RoleName: 'db-rotator', PolicyName: 'rotate', PolicyDocument: ROTATION_ROLE_POLICY }));
    iam.destroy();
    sm = new SecretsManagerClient({ endpoint: kura.url, region: kura.region, credentials: kura.credentials });
    root = await mysql.createConnection({ host: '127.0.0.1', port: 3306, user: 'root', password: '' });
    await root.query(`CREATE DATABASE \`${db}\``);
  });
  after(async () => {
    for (const user of users) await root.query(`DROP USER IF EXISTS ?@'%'`, [user]);
    await root.query(`DROP DATABASE IF EXISTS \`${db}\``);
    await root.end();
    sm.destroy();
    await kura.stop();
  });

  async function appUser(suffix: string, password: string): Promise<string> {
    const name = `krt_${id}_${suffix}`;
    users.push(name, `${name}_clone`);
    await root.query(`CREATE USER ?@'%' IDENTIFIED BY ?`, [name, password]);
    await root.query(`GRANT SELECT ON \`${db}\`.* TO ?@'%'`, [name]);
    return name;
  }

  async function logsIn(secret: { username: string; password: string }): Promise<boolean> {
    try {
      const connection = await mysql.createConnection({ host: '127.0.0.1', port: 3306, user: secret.username, password: secret.password, database: db });
      await connection.end();
      return true;
    } catch {
      return false;
    }
  }

  const value = async (secretId: string, stage: string) =>
    JSON.parse((await sm.send(new GetSecretValueCommand({ SecretId: secretId, VersionStage: stage }))).SecretString as string) as { username: string; password: string };

  /** RotateSecret now, then wait for its version to become AWSCURRENT. */
  async function rotate(arn: string, fn?: string): Promise<string> {
    const started = await sm.send(new RotateSecretCommand({ SecretId: arn, ...(fn ? { RotationLambdaARN: functionArn(fn), RotationRules: { AutomaticallyAfterDays: 30 } } : {}) }));
    const version = started.VersionId as string;
    await untilRotated(sm, arn, version, () => kura.stdout());
    return version;
  }

  test('single user: the new password is AWSCURRENT and the only one that logs in', async () => {
    const user = await appUser('single', 'Single-start-1');
    const created = await sm.send(
      new CreateSecretCommand({ Name: `rotation/single-${id}`, SecretString: JSON.stringify({ engine: 'mysql', host: '127.0.0.1', port: 3306, username: user, password: 'Single-start-1', dbname: db }) }),
    );
    const arn = created.ARN as string;
    const token = await rotate(arn, 'rotate-single');
    const described = await sm.send(new DescribeSecretCommand({ SecretId: arn }));
    assert.deepEqual(described.VersionIdsToStages, { [created.VersionId as string]: ['AWSPREVIOUS'], [token]: ['AWSCURRENT', 'AWSPENDING'] });
    assert.equal(described.RotationEnabled, true);
    assert.ok(described.LastRotatedDate instanceof Date);
    assert.ok(described.NextRotationDate instanceof Date && described.NextRotationDate.getTime() > Date.now() + 29 * 86_400_000);
    const current = await value(arn, 'AWSCURRENT');
    assert.notEqual(current.password, 'Single-start-1');
    assert.equal(await logsIn(current), true);
    assert.equal(await logsIn({ username: user, password: 'Single-start-1' }), false, 'the old password no longer logs in');
  });

  test('alternating users: AWSCURRENT flips between the user and its clone; the previous one keeps working', async () => {
    const user = await appUser('alt', 'Alt-start-1');
    const master = await sm.send(new CreateSecretCommand({ Name: `rotation/master-${id}`, SecretString: JSON.stringify({ engine: 'mysql', host: '127.0.0.1', port: 3306, username: 'root', password: '' }) }));
    const created = await sm.send(
      new CreateSecretCommand({
        Name: `rotation/alt-${id}`,
        SecretString: JSON.stringify({ engine: 'mysql', host: '127.0.0.1', port: 3306, username: user, password: 'Alt-start-1', dbname: db, masterarn: master.ARN }),
      }),
    );
    const arn = created.ARN as string;
    await rotate(arn, 'rotate-alt');
    const first = await value(arn, 'AWSCURRENT');
    assert.equal(first.username, `${user}_clone`);
    assert.equal(await logsIn(first), true);
    assert.equal(await logsIn(await value(arn, 'AWSPREVIOUS')), true, 'the user itself still logs in');
    // The second rotation uses the function and schedule the secret has.
    await rotate(arn);
    const second = await value(arn, 'AWSCURRENT');
    assert.equal(second.username, user);
    assert.equal(await logsIn(second), true);
    assert.equal(await logsIn(first), true, 'AWSPREVIOUS (the clone) still logs in');
    assert.equal(await logsIn({ username: user, password: 'Alt-start-1' }), false);
  });

  test('a failed step leaves AWSPENDING on its version and AWSCURRENT as it was; RotateSecret with that token retries it', async () => {
    const user = await appUser('fail', 'Fail-right-1');
    // The secret's password is not the database's: setSecret cannot log in with it.
    const created = await sm.send(
      new CreateSecretCommand({ Name: `rotation/fail-${id}`, SecretString: JSON.stringify({ engine: 'mysql', host: '127.0.0.1', port: 3306, username: user, password: 'Fail-wrong-1', dbname: db }) }),
    );
    const arn = created.ARN as string;
    const token = randomUUID();
    await sm.send(new RotateSecretCommand({ SecretId: arn, RotationLambdaARN: functionArn('rotate-single'), ClientRequestToken: token }));
    await untilRotated(sm, arn, token, () => kura.stdout(), 'failed');
    const failed = await sm.send(new DescribeSecretCommand({ SecretId: arn }));
    assert.deepEqual(failed.VersionIdsToStages, { [created.VersionId as string]: ['AWSCURRENT'], [token]: ['AWSPENDING'] });
    assert.equal(failed.LastRotatedDate, undefined);
    assert.equal((await value(arn, 'AWSCURRENT')).password, 'Fail-wrong-1');
    assert.match(kura.stdout(), new RegExp(`"rotation failed[^"]*".*"version":"${token}".*"step":"setSecret"`));
    assert.ok(!kura.stdout().includes('Fail-wrong-1') && !kura.stdout().includes((await value(arn, 'AWSPENDING')).password), 'no password in the log');
    await assert.rejects(sm.send(new RotateSecretCommand({ SecretId: arn })), { name: 'InvalidRequestException', message: "A previous rotation isn't complete. That rotation will be reattempted." });
    // The database is fixed; the same rotation, asked for again, now goes through.
    await root.query(`ALTER USER ?@'%' IDENTIFIED BY ?`, [user, 'Fail-wrong-1']);
    assert.equal((await sm.send(new RotateSecretCommand({ SecretId: arn, ClientRequestToken: token }))).VersionId, token);
    await untilRotated(sm, arn, token, () => kura.stdout());
    const current = await value(arn, 'AWSCURRENT');
    assert.equal(await logsIn(current), true);
    assert.equal(await logsIn({ username: user, password: 'Fail-wrong-1' }), false);
  });
});
