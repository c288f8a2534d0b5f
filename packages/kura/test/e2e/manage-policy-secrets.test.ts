// kura policy --secret against a real `kura serve`: the generated policy, run as a role through the
// generated script, lets `kura exec` read exactly the secrets named (under a customer key, through
// Secrets Manager only; under aws/secretsmanager without any KMS statement) and nothing else; and
// without the key's statement the same read is denied, so the statement is needed, not decoration.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { report, runExec, writeProbe, type Probe } from './exec-kit.js';
import { awsCli, awsCliJson, startKura, type RunningKura } from './harness.js';
import { kuraCli, kuraFails, kuraOk } from './manage-cli.js';

const ACCOUNT = '123456789012';
const run = promisify(execFile);

describe('kura policy --secret', () => {
  let kura: RunningKura;
  let keyArn: string;
  let dir: string;
  let probe: Probe;
  before(async () => {
    kura = await startKura({ args: ['--account-id', ACCOUNT] });
    dir = mkdtempSync(path.join(tmpdir(), 'kura-policy-secrets-'));
    probe = writeProbe();
    keyArn = (await awsCliJson<{ KeyMetadata: { Arn: string } }>(kura, ['kms', 'create-key', '--description', 'app'])).KeyMetadata.Arn;
    await awsCli(kura, ['kms', 'create-alias', '--alias-name', 'alias/app', '--target-key-id', keyArn]);
    await kuraOk(kura, ['secret', 'create', 'app/db', '--kms-key-id', 'alias/app'], { input: '{"username":"app","password":"db-pw"}' });
    await kuraOk(kura, ['secret', 'create', 'app/other', '--kms-key-id', 'alias/app'], { input: 'other-pw' });
    await kuraOk(kura, ['secret', 'create', 'app/default'], { input: 'default-pw' });
  });
  after(async () => {
    probe.cleanup();
    await kura.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Runs the generated role script, lets the administrator assume the role, and returns its environment. */
  async function asRole(args: string[], role: string): Promise<RunningKura> {
    writeFileSync(path.join(dir, `${role}.sh`), await kuraOk(kura, [...args, '--role-name', role]));
    await run('sh', [path.join(dir, `${role}.sh`)], { env: kura.clientEnv });
    const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' }] };
    await awsCli(kura, ['iam', 'update-assume-role-policy', '--role-name', role, '--policy-document', JSON.stringify(trust)]);
    const creds = (await awsCliJson<{ Credentials: { AccessKeyId: string; SecretAccessKey: string; SessionToken: string } }>(kura, [
      'sts', 'assume-role', '--role-arn', `arn:aws:iam::${ACCOUNT}:role/${role}`, '--role-session-name', 'task',
    ])).Credentials;
    return { ...kura, clientEnv: { ...kura.clientEnv, AWS_ACCESS_KEY_ID: creds.AccessKeyId, AWS_SECRET_ACCESS_KEY: creds.SecretAccessKey, AWS_SESSION_TOKEN: creds.SessionToken } };
  }

  test('the document: GetSecretValue on the six-character ARN patterns, Decrypt on the key only through Secrets Manager for them', async () => {
    const out = await kuraCli(kura, ['policy', '--secret', 'app/db', '--secret', 'app/default', '--secret-key', 'alias/app']);
    assert.equal(out.code, 0, out.stderr);
    const patterns = [`arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:app/db-??????`, `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:app/default-??????`];
    assert.deepEqual(JSON.parse(out.stdout).Statement, [
      { Sid: 'ReadSecrets', Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: patterns },
      {
        Sid: 'DecryptSecretsThroughSecretsManager',
        Effect: 'Allow',
        Action: 'kms:Decrypt',
        Resource: keyArn,
        Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.us-east-1.amazonaws.com' }, StringLike: { 'kms:EncryptionContext:SecretARN': patterns } },
      },
    ]);
    const both = JSON.parse(await kuraOk(kura, ['policy', '--path', '/app', '--key', 'alias/app', '--secret', 'app/db']));
    assert.deepEqual(both.Statement.map((s: { Sid: string }) => s.Sid), ['ReadParametersByPath', 'ReadParametersByName', 'DecryptParametersThroughSsm', 'ReadSecrets']);
  });

  test('as the role the script creates, kura exec reads the secrets named and nothing else', async () => {
    const role = await asRole(['policy', '--secret', 'app/db', '--secret', 'app/default', '--secret-key', 'alias/app'], 'secrets-task');
    const result = await runExec(['--secret', 'app/db', '--map', 'DEFAULT=secretsmanager://app/default', '--', probe.file, 'report'], role.clientEnv);
    assert.equal(result.code, 0, result.stderr);
    const { env } = report(result);
    assert.deepEqual([env.USERNAME, env.PASSWORD, env.DEFAULT], ['app', 'db-pw', 'default-pw']);
    assert.match(await kuraFails(role, ['secret', 'get', 'app/other']), /AccessDeniedException: .*assumed-role\/secrets-task\/task is not authorized to perform: secretsmanager:GetSecretValue on resource: app\/other/);
    assert.match(await kuraFails(role, ['secret', 'put', 'app/db', '--value', 'x']), /not authorized to perform: secretsmanager:PutSecretValue/);
  });

  test('without --secret-key the policy has no KMS statement (and says so): a secret under a customer key is then denied', async () => {
    const out = await kuraCli(kura, ['policy', '--secret', 'app/db']);
    assert.match(out.stderr, /^kura policy: the secrets are taken to be under aws\/secretsmanager \(no --secret-key\), which is AWS managed: .* no kms statement is added for them\n$/);
    const role = await asRole(['policy', '--secret', 'app/db'], 'no-key-task');
    const result = await runExec(['--secret', 'app/db', '--', 'true'], role.clientEnv);
    assert.equal(result.code, 3);
    assert.match(result.stderr, /^kura exec: cannot read secret app\/db: AccessDeniedException: Access to KMS is not allowed\n$/);
  });

  test('mistakes are one line', async () => {
    assert.equal(await kuraFails(kura, ['policy', '--secret', 'app db'], { code: 2 }), "kura policy: --secret: 'app db' is neither a secret name (letters, digits and /_+=.@-) nor a secret ARN");
    assert.equal(await kuraFails(kura, ['policy', '--secret', 'app/db', '--key', 'alias/app'], { code: 2 }), "kura policy: --key is the key of the parameters under --path; the secrets' key is --secret-key");
    assert.equal(await kuraFails(kura, ['policy', '--path', '/app', '--key', 'alias/app', '--secret-key', 'alias/app'], { code: 2 }), 'kura policy: --secret-key applies to --secret');
    assert.equal(await kuraFails(kura, ['policy'], { code: 2 }), 'kura policy: --path P and --key KEY, or --secret NAME, are required');
  });
});
