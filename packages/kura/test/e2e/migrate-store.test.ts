// kura migrate-store through the real bin and real clients: a SQLite store filled through a server
// (SDK v3 and the AWS CLI: SecureStrings with histories and labels, keys rotated, IAM, live STS
// sessions) is copied to PostgreSQL, a server on the copy answers boto3's reads byte for byte as
// the first did (SecureStrings decrypted with the same master key, the sessions and the user's key
// still working), then copied back to a new SQLite directory, which does the same. On the way: the
// copy refuses a server with another master key, a non-empty target, and a tampered row.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { CreateAccessKeyCommand, CreateGroupCommand, CreatePolicyCommand, CreatePolicyVersionCommand, CreateRoleCommand, CreateUserCommand, IAMClient, AddUserToGroupCommand, AttachGroupPolicyCommand, AttachRolePolicyCommand, PutGroupPolicyCommand, PutUserPolicyCommand, TagRoleCommand, UpdateAccessKeyCommand } from '@aws-sdk/client-iam';
import { CreateAliasCommand, CreateKeyCommand, DisableKeyCommand, EnableKeyRotationCommand, EncryptCommand, KMSClient, RotateKeyOnDemandCommand, ScheduleKeyDeletionCommand, TagResourceCommand } from '@aws-sdk/client-kms';
import { AddTagsToResourceCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { AssumeRoleCommand, GetSessionTokenCommand, STSClient } from '@aws-sdk/client-sts';
import pg from 'pg';
import { awsCli, kuraBin, startKura, type RunningKura } from './harness.js';
import { onPostgres, storeUrl } from './store.js';

const run = promisify(execFile);
const readsScript = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures/migrate-store/reads.py');
const root = mkdtempSync(path.join(tmpdir(), 'kura-e2e-migrate-'));
after(() => rmSync(root, { recursive: true, force: true }));
const MASTER_KEY = randomBytes(32).toString('base64');
const env = { KURA_MASTER_KEY: MASTER_KEY };
const PG_PASSWORD = 'e2e-pg-password-never-printed';
const ACCOUNT = '000000000000';
type Credentials = { AccessKeyId: string; SecretAccessKey: string; SessionToken?: string };

/** Runs `kura migrate-store` (the built bin); its exit code and both outputs, which must never hold the password. */
async function migrate(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const result = await run(process.execPath, [kuraBin, 'migrate-store', ...args], { env: { PATH: process.env.PATH } }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );
  assert.doesNotMatch(result.stdout + result.stderr, new RegExp(PG_PASSWORD));
  return result;
}

const doc = (statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });

/** Writes through the server what the copy must carry; returns a ciphertext made before the key rotated. */
async function fill(kura: RunningKura): Promise<{ ciphertext: string; alice: Credentials }> {
  const config = { endpoint: kura.url, region: kura.region, credentials: kura.credentials };
  const [ssm, kms, iam] = [new SSMClient(config), new KMSClient(config), new IAMClient(config)];
  const key = (await kms.send(new CreateKeyCommand({ Description: 'app key', Tags: [{ TagKey: 'team', TagValue: 'payments' }] }))).KeyMetadata!.KeyId!;
  await kms.send(new CreateAliasCommand({ AliasName: 'alias/app', TargetKeyId: key }));
  const ciphertext = Buffer.from((await kms.send(new EncryptCommand({ KeyId: 'alias/app', Plaintext: Buffer.from('before rotation') }))).CiphertextBlob!).toString('base64');
  await kms.send(new EnableKeyRotationCommand({ KeyId: key, RotationPeriodInDays: 90 }));
  await kms.send(new TagResourceCommand({ KeyId: key, Tags: [{ TagKey: 'Env', TagValue: 'prod' }] }));
  await awsCli(kura, ['kms', 'rotate-key-on-demand', '--key-id', key]);
  await kms.send(new RotateKeyOnDemandCommand({ KeyId: key }));
  const doomed = (await kms.send(new CreateKeyCommand({ Description: 'to delete' }))).KeyMetadata!.KeyId!;
  await kms.send(new ScheduleKeyDeletionCommand({ KeyId: doomed, PendingWindowInDays: 7 }));
  const off = (await kms.send(new CreateKeyCommand({ Description: 'disabled' }))).KeyMetadata!.KeyId!;
  await kms.send(new DisableKeyCommand({ KeyId: off }));

  await ssm.send(new PutParameterCommand({ Name: '/app/db/password', Type: 'SecureString', Value: 'first secret' }));
  for (const [i, keyId] of [[2, 'alias/app'], [3, key], [4, 'alias/aws/ssm']] as const) {
    await ssm.send(new PutParameterCommand({ Name: '/app/db/password', Type: 'SecureString', KeyId: keyId, Value: `secret ${i} ✓`, Overwrite: true, Description: `rotation ${i}` }));
  }
  await awsCli(kura, ['ssm', 'label-parameter-version', '--name', '/app/db/password', '--parameter-version', '2', '--labels', 'blue', 'stable']);
  await awsCli(kura, ['ssm', 'label-parameter-version', '--name', '/app/db/password', '--parameter-version', '3', '--labels', 'stable']);
  await ssm.send(new AddTagsToResourceCommand({ ResourceType: 'Parameter', ResourceId: '/app/db/password', Tags: [{ Key: 'owner', Value: 'db-team' }] }));
  await ssm.send(new PutParameterCommand({ Name: 'app-hosts', Type: 'StringList', Value: 'a.example,b.example', Tags: [{ Key: 'tier', Value: 'web' }] }));
  await ssm.send(new PutParameterCommand({ Name: '/app/port', Type: 'String', Value: '8080', AllowedPattern: '^[0-9]+$' }));
  await ssm.send(new PutParameterCommand({ Name: '/app/port', Type: 'String', Value: '8443', Overwrite: true }));
  const expires = { Type: 'Expiration', Version: '1.0', Attributes: { Timestamp: '2099-01-01T00:00:00.000Z' } };
  await ssm.send(new PutParameterCommand({ Name: '/app/big', Type: 'String', Value: 'x'.repeat(5000), Tier: 'Advanced', Policies: JSON.stringify([expires]) }));

  await iam.send(new CreateUserCommand({ UserName: 'alice', Tags: [{ Key: 'Dept', Value: 'eng' }] }));
  const created = (await iam.send(new CreateAccessKeyCommand({ UserName: 'alice' }))).AccessKey!;
  const spare = (await iam.send(new CreateAccessKeyCommand({ UserName: 'alice' }))).AccessKey!;
  await iam.send(new UpdateAccessKeyCommand({ UserName: 'alice', AccessKeyId: spare.AccessKeyId, Status: 'Inactive' }));
  await iam.send(new CreateGroupCommand({ GroupName: 'devs' }));
  await iam.send(new AddUserToGroupCommand({ GroupName: 'devs', UserName: 'alice' }));
  const read = doc([{ Effect: 'Allow', Action: ['ssm:GetParameter*'], Resource: '*' }]);
  const policy = (await iam.send(new CreatePolicyCommand({ PolicyName: 'AppRead', PolicyDocument: read, Tags: [{ Key: 'scope', Value: 'app' }] }))).Policy!.Arn!;
  await iam.send(new CreatePolicyVersionCommand({ PolicyArn: policy, SetAsDefault: true, PolicyDocument: doc([{ Effect: 'Allow', Action: ['ssm:GetParameter*', 'kms:Decrypt'], Resource: '*' }]) }));
  await iam.send(new AttachGroupPolicyCommand({ GroupName: 'devs', PolicyArn: policy }));
  await iam.send(new PutGroupPolicyCommand({ GroupName: 'devs', PolicyName: 'no-deletes', PolicyDocument: doc([{ Effect: 'Deny', Action: 'ssm:Delete*', Resource: '*' }]) }));
  await iam.send(new PutUserPolicyCommand({ UserName: 'alice', PolicyName: 'own-config', PolicyDocument: doc([{ Effect: 'Allow', Action: 'sts:GetSessionToken', Resource: '*' }]) }));
  const trust = doc([{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: ['sts:AssumeRole', 'sts:TagSession'] }]);
  await iam.send(new CreateRoleCommand({ RoleName: 'app', AssumeRolePolicyDocument: trust, Description: 'the app', MaxSessionDuration: 7200 }));
  await iam.send(new AttachRolePolicyCommand({ RoleName: 'app', PolicyArn: policy }));
  await iam.send(new TagRoleCommand({ RoleName: 'app', Tags: [{ Key: 'ENV', Value: 'prod' }] }));
  return { ciphertext, alice: { AccessKeyId: created.AccessKeyId!, SecretAccessKey: created.SecretAccessKey! } };
}

async function sessions(kura: RunningKura, alice: Credentials): Promise<Record<string, Credentials>> {
  const admin = new STSClient({ endpoint: kura.url, region: kura.region, credentials: kura.credentials });
  const role = (await admin.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/app`, RoleSessionName: 'deploy', Tags: [{ Key: 'ticket', Value: 'T-1' }] }))).Credentials!;
  const asAlice = new STSClient({ endpoint: kura.url, region: kura.region, credentials: { accessKeyId: alice.AccessKeyId, secretAccessKey: alice.SecretAccessKey } });
  const token = (await asAlice.send(new GetSessionTokenCommand({ DurationSeconds: 3600 }))).Credentials!;
  const creds = (c: typeof role) => ({ AccessKeyId: c.AccessKeyId!, SecretAccessKey: c.SecretAccessKey!, SessionToken: c.SessionToken! });
  return { 'alice key': alice, 'role session': creds(role), 'alice session': creds(token) };
}

/** boto3's reads (reads.py) and two AWS CLI reads, as text to compare byte for byte. */
async function reads(kura: RunningKura, input: { ciphertext: string; identities: Record<string, Credentials> }): Promise<string> {
  const { stdout } = await run('python3', [readsScript], { env: { ...kura.clientEnv, KURA_READS: JSON.stringify(input) }, maxBuffer: 64 * 1024 * 1024 });
  const cli = await awsCli(kura, ['ssm', 'get-parameters-by-path', '--path', '/', '--recursive', '--with-decryption']);
  const history = await awsCli(kura, ['ssm', 'get-parameter-history', '--name', '/app/db/password', '--with-decryption']);
  return `${stdout}\n${cli.stdout}\n${history.stdout}`;
}

describe('kura migrate-store through real servers', { skip: onPostgres ? 'runs on both stores itself' : false }, () => {
  it('SQLite → PostgreSQL → SQLite: servers on each copy answer the same reads byte for byte', { timeout: 300_000 }, async () => {
    const [first, onPg, last] = ['first', 'on-postgres', 'last'].map((name) => path.join(root, name)) as [string, string, string];
    const pgUrl = new URL(await storeUrl(path.join(root, 'target-database')));
    pgUrl.password = PG_PASSWORD;
    const url = pgUrl.toString();

    const a = await startKura({ dataDir: first, env });
    const { ciphertext, alice } = await fill(a);
    const input = { ciphertext, identities: await sessions(a, alice) };
    const expected = await reads(a, input);
    // Every read answered (the user's key and both sessions included): the copies must answer them too.
    assert.doesNotMatch(expected, /"error":/);
    assert.match(expected, /"Value": "secret 4 \\u2713"/, 'SecureStrings read decrypted');
    assert.ok(expected.includes(Buffer.from('before rotation').toString('base64')), 'a ciphertext of the first material decrypts');
    await a.stop();

    const there = await migrate('--from', first, '--to', url);
    assert.equal(there.code, 0, there.stderr);
    assert.match(there.stdout, new RegExp(`^copied SQLite ${path.join(first, 'kura.db')} → PostgreSQL postgres://postgres:\\*\\*\\*@127\\.0\\.0\\.1:5432/`));
    assert.match(there.stdout, /^ {7}8 {2}parameter versions$/m);
    assert.match(there.stdout, /^ {7}2 {2}STS sessions$/m);
    assert.match(there.stdout, /^verified: counts and checksums agree on both sides \(checksum [0-9a-f]{64}\)$/m);

    // The copied check value: a server with another master key refuses the copy, and writes nothing.
    await assert.rejects(startKura({ env: { KURA_MASTER_KEY: randomBytes(32).toString('base64') }, args: ['--store', url] }), /not the one the data store was written with/);

    const b = await startKura({ dataDir: onPg, env, args: ['--store', url] });
    try {
      assert.equal(await reads(b, input), expected);
    } finally {
      await b.stop();
    }

    const refused = await migrate('--from', first, '--to', url);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /^kura migrate-store: PostgreSQL postgres:\/\/postgres:\*\*\*@.* is not empty: it holds 1 store setting \(the master key check value\), .*\d+ parameters, .*\. Nothing was copied\. Give --force to delete everything in it and copy over it\.\n$/);

    const back = await migrate('--from', url, '--to', last);
    assert.equal(back.code, 0, back.stderr);
    assert.equal((await migrate('--from', url, '--to', last, '--verify-only')).code, 0);

    // kura backup of the PostgreSQL store: a SQLite file holding the same records.
    const file = path.join(root, 'pg-backup.db');
    const backup = await run(process.execPath, [kuraBin, 'backup', '--out', file], { env: { PATH: process.env.PATH, KURA_STORE: url } });
    assert.match(backup.stdout, /^backed up PostgreSQL postgres:\/\/postgres:\*\*\*@.* to .*pg-backup\.db\n/);
    assert.doesNotMatch(backup.stdout + backup.stderr, new RegExp(PG_PASSWORD));
    assert.equal((await migrate('--from', file, '--to', url, '--verify-only')).code, 0);

    // One byte of one copied ciphertext changed behind Kura's back: the comparison catches it.
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query("UPDATE parameter_versions SET value = value || '\\x00'::bytea WHERE version = 3");
    } finally {
      await client.end();
    }
    const tampered = await migrate('--from', last, '--to', url, '--verify-only');
    assert.equal(tampered.code, 1);
    assert.match(tampered.stderr, /does not hold what SQLite .* holds: the two stores differ:\n {2}parameter versions: same count \(\d+\) but different contents/);
    const repaired = await migrate('--from', last, '--to', url, '--force');
    assert.equal(repaired.code, 0, repaired.stderr);
    assert.match(repaired.stdout, /--force/);

    const c = await startKura({ dataDir: last, env });
    try {
      assert.equal(await reads(c, input), expected);
    } finally {
      await c.stop();
    }
  });
});
