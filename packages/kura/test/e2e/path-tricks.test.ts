// The report's attack, replayed against the running server with SDK v3 and the AWS CLI, in both
// path-authorization modes: a user allowed ssm:* and kms:* but denied parameter/prod and
// parameter/prod/* asks for /prod spelled with spaces, a trailing slash, `//` and as an ARN.
// Every spelling is refused or invalid; none returns the decrypted /prod/db/password.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { GetParameterCommand, GetParametersByPathCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { startKura, type RunningKura } from './harness.js';

const run = promisify(execFile);
const ACCOUNT = '123456789012';
const CANARY = 'prod-canary-7f3a91';
const arnOf = (name: string) => `arn:aws:ssm:us-east-1:${ACCOUNT}:parameter${name}`;
const ATTACKER_POLICY = {
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Action: ['ssm:*', 'kms:*'], Resource: '*' },
    { Effect: 'Deny', Action: 'ssm:*', Resource: [arnOf('/prod'), arnOf('/prod/*')] },
  ],
};

// Each spelling and what the caller must see: refused by the Deny, or refused as an invalid path.
const SPELLINGS: Array<[string, 'AccessDeniedException' | 'ValidationException']> = [
  ['/prod', 'AccessDeniedException'],
  [' /prod', 'AccessDeniedException'],
  ['/prod ', 'AccessDeniedException'],
  ['  /prod/  ', 'AccessDeniedException'],
  ['/prod/', 'AccessDeniedException'],
  ['/prod/db', 'AccessDeniedException'],
  ['//prod', 'ValidationException'],
  ['/prod//db', 'AccessDeniedException'],
  [arnOf('/prod'), 'ValidationException'],
];

for (const mode of ['strict', 'aws'] as const) {
  describe(`path tricks against a Deny on /prod (--path-authorization ${mode})`, () => {
    let kura: RunningKura;
    let admin: SSMClient;
    let attacker: SSMClient;
    let attackerEnv: NodeJS.ProcessEnv;
    before(async () => {
      kura = await startKura({ args: ['--account-id', ACCOUNT, '--path-authorization', mode] });
      admin = new SSMClient({ endpoint: kura.url, region: kura.region, credentials: kura.credentials });
      const iam = new IAMClient({ endpoint: kura.url, region: kura.region, credentials: kura.credentials });
      await iam.send(new CreateUserCommand({ UserName: 'mallory' }));
      await iam.send(new PutUserPolicyCommand({ UserName: 'mallory', PolicyName: 'all-but-prod', PolicyDocument: JSON.stringify(ATTACKER_POLICY) }));
      const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'mallory' }))).AccessKey;
      iam.destroy();
      const credentials = { accessKeyId: key?.AccessKeyId as string, secretAccessKey: key?.SecretAccessKey as string };
      attacker = new SSMClient({ endpoint: kura.url, region: kura.region, credentials });
      attackerEnv = { ...kura.clientEnv, AWS_ACCESS_KEY_ID: credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey };
      await admin.send(new PutParameterCommand({ Name: '/prod/db/password', Value: CANARY, Type: 'SecureString' }));
    });
    after(async () => {
      admin.destroy();
      attacker.destroy();
      await kura.stop();
    });

    for (const [path, code] of SPELLINGS) {
      test(`SDK v3: GetParametersByPath ${JSON.stringify(path)} answers ${code}`, async () => {
        await assert.rejects(attacker.send(new GetParametersByPathCommand({ Path: path, Recursive: true, WithDecryption: true })), (error: Error) => {
          assert.equal(error.name, code);
          assert.ok(!error.message.includes(CANARY));
          if (code === 'AccessDeniedException') assert.match(error.message, /with an explicit deny in an identity-based policy$/);
          return true;
        });
      });
    }

    test('SDK v3: GetParameter by name with spaces and by ARN is refused', async () => {
      for (const name of [' /prod/db/password ', arnOf('/prod/db/password')]) {
        await assert.rejects(attacker.send(new GetParameterCommand({ Name: name, WithDecryption: true })), { name: 'AccessDeniedException' });
      }
    });

    test('AWS CLI: get-parameters-by-path with a padded path exits non-zero with AccessDeniedException', async () => {
      const failed = await run('aws', ['ssm', 'get-parameters-by-path', '--path', ' /prod ', '--recursive', '--with-decryption'], { env: attackerEnv }).then(
        () => undefined,
        (error: { code: number; stdout: string; stderr: string }) => error,
      );
      assert.ok(failed, 'the CLI call succeeded');
      assert.notEqual(failed.code, 0);
      assert.match(failed.stderr, /AccessDeniedException/);
      assert.ok(!failed.stdout.includes(CANARY) && !failed.stderr.includes(CANARY));
    });
  });
}
