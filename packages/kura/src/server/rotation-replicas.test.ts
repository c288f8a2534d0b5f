// Scheduled rotation on the real server, two replicas on one PostgreSQL store: a rotation whose
// window has opened runs once (one version, each of the four steps invoked once), through a
// registered function that calls the server back with its role's credentials; a function whose
// role does not trust Lambda fails without touching AWSCURRENT or logging a value; and a secret
// whose recovery window has ended is deleted by the scheduler, not only when a request meets it.

import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { CreateSecretCommand, DeleteSecretCommand, DescribeSecretCommand, GetSecretValueCommand, RotateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import pg from 'pg';
import { openPostgresStore, type PostgresStore } from '../store/postgres/index.js';
import { testDatabaseUrl } from '../store/postgres/testing/database.js';
import { parseServeArgs, type ServeConfig } from './config.js';
import { startServer, type RunningServer } from './serve.js';

const ADMIN = { accessKeyId: 'AKIAROTATIONREPLICA1', secretAccessKey: 'rotation-replicas-secret-0123456789' };
const MASTER = randomBytes(32).toString('base64');
const ACCOUNT = '000000000000';
const SCOPE = { accountId: ACCOUNT, region: 'us-east-1' };
const fn = (name: string) => `arn:aws:lambda:us-east-1:${ACCOUNT}:function:${name}`;
const sdk = pathToFileURL(createRequire(import.meta.url).resolve('@aws-sdk/client-secrets-manager')).href;

/** AWS's generic rotation template as a Node script: each step logged to argv[2], the work done through the SDK. */
const FUNCTION = `
import { appendFileSync } from 'node:fs';
const sdk = await import(${JSON.stringify(sdk)});
const { SecretsManagerClient, DescribeSecretCommand, GetSecretValueCommand, PutSecretValueCommand, UpdateSecretVersionStageCommand } = sdk.default ?? sdk;
const event = JSON.parse(process.env.KURA_ROTATION_EVENT);
appendFileSync(process.argv[2], event.Step + ' ' + event.ClientRequestToken + '\\n');
const sm = new SecretsManagerClient({});
const { SecretId: arn, ClientRequestToken: token, Step: step } = event;
const stages = (await sm.send(new DescribeSecretCommand({ SecretId: arn }))).VersionIdsToStages ?? {};
if (!stages[token]) throw new Error('no stage for rotation');
if (step === 'createSecret') {
  try { await sm.send(new GetSecretValueCommand({ SecretId: arn, VersionId: token, VersionStage: 'AWSPENDING' })); }
  catch (e) { if (e.name !== 'ResourceNotFoundException') throw e;
    await sm.send(new PutSecretValueCommand({ SecretId: arn, ClientRequestToken: token, SecretString: 'rotated-' + token, VersionStages: ['AWSPENDING'] })); }
}
if (step === 'finishSecret') {
  const current = Object.entries(stages).find(([, s]) => s.includes('AWSCURRENT'))[0];
  if (current !== token) await sm.send(new UpdateSecretVersionStageCommand({ SecretId: arn, VersionStage: 'AWSCURRENT', MoveToVersionId: token, RemoveFromVersionId: current }));
}
sm.destroy();
`;

const TRUST_LAMBDA = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
const TRUST_ECS = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
const SECRETS_POLICY = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'secretsmanager:*', Resource: '*' }] });

async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('Secrets Manager scheduler, two replicas on one PostgreSQL store', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'kura-rotation-replicas-'));
  const log = path.join(dir, 'steps.log');
  const logs: string[] = [];
  let servers: RunningServer[] = [];
  let store: PostgresStore;
  let sm: SecretsManagerClient;

  before(async () => {
    writeFileSync(path.join(dir, 'rotate.mjs'), FUNCTION);
    writeFileSync(log, '');
    const base = new URL(await testDatabaseUrl());
    const schema = `rot_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: base.toString() });
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${schema}`).finally(() => admin.end());
    base.searchParams.set('options', `-c search_path=${schema}`);
    const storeUrl = base.toString();
    const command = `${process.execPath} ${path.join(dir, 'rotate.mjs')} ${log}`;
    for (const name of ['a', 'b']) {
      const args = ['--port', '0', '--data', path.join(dir, name), '--store', storeUrl, '--log-level', 'debug'];
      args.push('--rotation-function', `rotator=${command}`, '--rotation-role', 'rotator=rotator');
      args.push('--rotation-function', `untrusted=${command}`, '--rotation-role', 'untrusted=ecs-only');
      const config = parseServeArgs(args, process.cwd(), {}) as ServeConfig;
      const env = { KURA_MASTER_KEY: MASTER, KURA_ADMIN_ACCESS_KEY_ID: ADMIN.accessKeyId, KURA_ADMIN_SECRET_ACCESS_KEY: ADMIN.secretAccessKey };
      servers.push(await startServer(config, { env, logger: { log: (level, msg, fields) => logs.push(JSON.stringify({ level, msg, ...fields })) }, scheduleEveryMs: 200 }));
    }
    const [a] = servers as [RunningServer];
    const iam = new IAMClient({ endpoint: a.url, region: 'us-east-1', credentials: ADMIN });
    await iam.send(new CreateRoleCommand({ RoleName: 'rotator', AssumeRolePolicyDocument: TRUST_LAMBDA }));
    await iam.send(new PutRolePolicyCommand({ RoleName: 'rotator', PolicyName: 'secrets', PolicyDocument: SECRETS_POLICY }));
    await iam.send(new CreateRoleCommand({ RoleName: 'ecs-only', AssumeRolePolicyDocument: TRUST_ECS }));
    await iam.send(new PutRolePolicyCommand({ RoleName: 'ecs-only', PolicyName: 'secrets', PolicyDocument: SECRETS_POLICY }));
    iam.destroy();
    sm = new SecretsManagerClient({ endpoint: a.url, region: 'us-east-1', credentials: ADMIN });
    store = await openPostgresStore({ url: storeUrl, maxConnections: 2 });
  });
  after(async () => {
    sm.destroy();
    await Promise.all(servers.map((s) => s.close()));
    servers = [];
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('a rotation whose window has opened runs once, whichever replica claims the period', async () => {
    const created = await sm.send(new CreateSecretCommand({ Name: 'scheduled/db', SecretString: 'first' }));
    await sm.send(new RotateSecretCommand({ SecretId: 'scheduled/db', RotationLambdaARN: fn('rotator'), RotationRules: { AutomaticallyAfterDays: 1 }, RotateImmediately: false }));
    // RotateImmediately=false tested the configuration; the test's version goes once it has.
    await until('the configuration test', async () => (Object.keys((await sm.send(new DescribeSecretCommand({ SecretId: 'scheduled/db' }))).VersionIdsToStages ?? {}).length === 1 ? true : undefined));
    const before = await store.secrets.get(SCOPE, 'scheduled/db');
    assert.ok(before?.rotation.nextRotationDate && before.rotation.nextRotationDate.getTime() > Date.now(), 'not due yet');
    // The window opens: as if the clock had come to it.
    const opened = { ...before.rotation, nextRotationDate: new Date(Date.now() - 60_000) };
    assert.equal(await store.secrets.change(SCOPE, 'scheduled/db', before, { patch: { rotation: opened } }), 'written');
    const rotated = await until('the scheduled rotation', async () => {
      const described = await sm.send(new DescribeSecretCommand({ SecretId: 'scheduled/db' }));
      return described.LastRotatedDate ? described : undefined;
    });
    const current = Object.entries(rotated.VersionIdsToStages ?? {}).find(([, s]) => s.includes('AWSCURRENT'))?.[0] ?? '';
    assert.deepEqual(rotated.VersionIdsToStages, { [created.VersionId ?? '']: ['AWSPREVIOUS'], [current]: ['AWSCURRENT', 'AWSPENDING'] });
    assert.ok((rotated.NextRotationDate?.getTime() ?? 0) > Date.now() + 23 * 3_600_000, 'the next window counts from this rotation');
    // Several more periods on both replicas: nothing runs again.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const steps = readFileSync(log, 'utf8').trim().split('\n').filter((line) => line.endsWith(current));
    assert.deepEqual(steps.map((line) => line.split(' ')[0]), ['createSecret', 'setSecret', 'testSecret', 'finishSecret']);
    const b = new SecretsManagerClient({ endpoint: servers[1]?.url ?? '', region: 'us-east-1', credentials: ADMIN });
    assert.equal((await b.send(new GetSecretValueCommand({ SecretId: 'scheduled/db' }))).SecretString, `rotated-${current}`);
    b.destroy();
  });

  test("a function whose role does not trust Lambda fails: AWSPENDING stays, AWSCURRENT too, and no value is logged", async () => {
    const created = await sm.send(new CreateSecretCommand({ Name: 'untrusted/db', SecretString: 'untrusted-canary-value' }));
    const token = randomUUID();
    await sm.send(new RotateSecretCommand({ SecretId: 'untrusted/db', RotationLambdaARN: fn('untrusted'), ClientRequestToken: token }));
    const failure = await until('the failure in the log', async () => logs.find((line) => line.includes('rotation failed') && line.includes(token)));
    assert.match(failure, /the function's role cannot be used: Service: lambda\.amazonaws\.com is not authorized to perform: sts:AssumeRole/);
    const described = await sm.send(new DescribeSecretCommand({ SecretId: 'untrusted/db' }));
    assert.deepEqual(described.VersionIdsToStages, { [created.VersionId ?? '']: ['AWSCURRENT'], [token]: ['AWSPENDING'] });
    assert.equal(described.LastRotatedDate, undefined);
    assert.ok(!logs.some((line) => line.includes('untrusted-canary-value') || line.includes('rotated-')), 'no value in any log line');
  });

  test('a secret whose recovery window has ended is deleted by the scheduler', async () => {
    await sm.send(new CreateSecretCommand({ Name: 'expired/db', SecretString: 'gone soon' }));
    await sm.send(new DeleteSecretCommand({ SecretId: 'expired/db', RecoveryWindowInDays: 7 }));
    const scheduled = await store.secrets.get(SCOPE, 'expired/db');
    assert.ok(scheduled);
    assert.equal(await store.secrets.change(SCOPE, 'expired/db', scheduled, { patch: { deletionDate: new Date(Date.now() - 1000) } }), 'written');
    // Read from the store, not through a request, which would delete it lazily on its own.
    await until('the deletion', async () => ((await store.secrets.get(SCOPE, 'expired/db')) === undefined ? true : undefined));
    assert.ok(logs.some((line) => line.includes('secret deleted: its recovery window ended') && line.includes('expired/db')));
  });
});
