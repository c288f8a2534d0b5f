// Secrets Manager end to end, against the built server, on the store KURA_E2E_STORE chooses: the
// AWS CLI, boto3 and SDK v3 on the same secrets (names, complete and partial ARNs, versions and
// labels, deletion and restore, resource policies), a read denied to a user whose identity policy
// names one secret only, and a Deny in a secret's resource policy winning over an identity Allow.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import {
  CreateSecretCommand,
  GetSecretValueCommand,
  ListSecretVersionIdsCommand,
  PutResourcePolicyCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { awsCli, awsCliJson, boto3, startKura, type RunningKura } from './harness.js';

const ACCOUNT = '123456789012';
const DB_JSON = '{"username":"app","password":"s3cret-pw","host":"db","port":3306,"dbname":"posts"}';

describe('Secrets Manager through the CLI, boto3 and SDK v3', () => {
  let kura: RunningKura;
  let sm: SecretsManagerClient;
  let dbArn: string;
  before(async () => {
    kura = await startKura({ args: ['--account-id', ACCOUNT] });
    sm = new SecretsManagerClient({ endpoint: kura.url, region: kura.region, credentials: kura.credentials });
  });
  after(async () => {
    sm.destroy();
    await kura.stop();
  });

  const cliError = async (args: string[]) => {
    try {
      await awsCli(kura, args);
    } catch (error) {
      return (error as { stderr: string }).stderr.trim();
    }
    return assert.fail(`aws ${args.join(' ')} succeeded`);
  };

  test('the CLI creates, reads, versions, lists and describes', async () => {
    const created = await awsCliJson<{ ARN: string; Name: string; VersionId: string }>(kura, [
      'secretsmanager', 'create-secret', '--name', 'goecssample/db', '--secret-string', DB_JSON, '--description', 'database credentials', '--tags', 'Key=app,Value=posts',
    ]);
    dbArn = created.ARN;
    assert.match(dbArn, new RegExp(`^arn:aws:secretsmanager:${kura.region}:${ACCOUNT}:secret:goecssample/db-[A-Za-z0-9]{6}$`));
    const got = await awsCliJson<{ SecretString: string; VersionStages: string[] }>(kura, ['secretsmanager', 'get-secret-value', '--secret-id', 'goecssample/db']);
    assert.deepEqual([got.SecretString, got.VersionStages], [DB_JSON, ['AWSCURRENT']]);
    await awsCli(kura, ['secretsmanager', 'put-secret-value', '--secret-id', dbArn, '--secret-string', 'rotated']);
    const previous = await awsCliJson<{ SecretString: string }>(kura, ['secretsmanager', 'get-secret-value', '--secret-id', dbArn, '--version-stage', 'AWSPREVIOUS']);
    assert.equal(previous.SecretString, DB_JSON);
    const listed = await awsCliJson<{ SecretList: Array<{ Name: string; Description: string }> }>(kura, ['secretsmanager', 'list-secrets', '--filters', 'Key=tag-key,Values=app']);
    assert.deepEqual(listed.SecretList.map((s) => [s.Name, s.Description]), [['goecssample/db', 'database credentials']]);
    const described = await awsCliJson<{ VersionIdsToStages: Record<string, string[]>; Tags: unknown[] }>(kura, ['secretsmanager', 'describe-secret', '--secret-id', 'goecssample/db']);
    assert.deepEqual(Object.values(described.VersionIdsToStages).sort(), [['AWSCURRENT'], ['AWSPREVIOUS']]);
    const password = await awsCliJson<{ RandomPassword: string }>(kura, ['secretsmanager', 'get-random-password', '--password-length', '24', '--exclude-punctuation']);
    assert.match(password.RandomPassword, /^[A-Za-z0-9]{24}$/);
  });

  test("the CLI shows AWS's errors", async () => {
    assert.match(await cliError(['secretsmanager', 'get-secret-value', '--secret-id', 'nope']), /ResourceNotFoundException.*Secrets Manager can't find the specified secret\./);
    assert.match(await cliError(['secretsmanager', 'create-secret', '--name', 'goecssample/db', '--secret-string', 'x']), /ResourceExistsException.*The operation failed because the secret goecssample\/db already exists\./);
    assert.match(await cliError(['secretsmanager', 'delete-secret', '--secret-id', 'goecssample/db', '--recovery-window-in-days', '3']), /InvalidParameterException/);
    assert.match(await cliError(['secretsmanager', 'rotate-secret', '--secret-id', 'goecssample/db']), /InvalidRequestException.*You tried to enable rotation on a secret that doesn't already have a Lambda function ARN configured/);
    assert.match(await cliError(['secretsmanager', 'replicate-secret-to-regions', '--secret-id', 'goecssample/db', '--add-replica-regions', 'Region=eu-west-1']), /NotImplementedException/);
  });

  test('boto3 reads by partial ARN, sees the versions, and deletes and restores', async () => {
    const out = (await boto3(
      kura,
      `sm = boto3.client("secretsmanager")
partial = ${JSON.stringify(dbArn.slice(0, -7))}
value = sm.get_secret_value(SecretId=partial)["SecretString"]
versions = sm.list_secret_version_ids(SecretId=partial)["Versions"]
deleted = sm.delete_secret(SecretId=partial, RecoveryWindowInDays=7)
try:
    sm.get_secret_value(SecretId=partial)
    refused = None
except ClientError as e:
    refused = [e.response["Error"]["Code"], e.response["Error"]["Message"]]
sm.restore_secret(SecretId=partial)
print(json.dumps({"value": value, "stages": sorted(v["VersionStages"][0] for v in versions), "name": deleted["Name"], "refused": refused,
  "after": sm.get_secret_value(SecretId=partial)["SecretString"]}))`,
    )) as Record<string, unknown>;
    assert.deepEqual(out, {
      value: 'rotated',
      stages: ['AWSCURRENT', 'AWSPREVIOUS'],
      name: 'goecssample/db',
      refused: ['InvalidRequestException', "You can't perform this operation on the secret because it was marked for deletion."],
      after: 'rotated',
    });
  });

  test('SDK v3: labels move with PutSecretValue and UpdateSecretVersionStage; binary values stay binary', async () => {
    await sm.send(new CreateSecretCommand({ Name: 'labels', SecretString: 'v1' }));
    const pending = await sm.send(new PutSecretValueCommand({ SecretId: 'labels', SecretString: 'v2', VersionStages: ['AWSPENDING'] }));
    const current = (await sm.send(new GetSecretValueCommand({ SecretId: 'labels' }))).VersionId;
    await sm.send(new UpdateSecretVersionStageCommand({ SecretId: 'labels', VersionStage: 'AWSCURRENT', RemoveFromVersionId: current, MoveToVersionId: pending.VersionId }));
    const versions = await sm.send(new ListSecretVersionIdsCommand({ SecretId: 'labels' }));
    // Sorted: two versions made within one millisecond list in id order.
    assert.deepEqual(versions.Versions?.map((v) => v.VersionStages).sort(), [['AWSCURRENT', 'AWSPENDING'], ['AWSPREVIOUS']]);
    assert.equal((await sm.send(new GetSecretValueCommand({ SecretId: 'labels' }))).SecretString, 'v2');
    await sm.send(new CreateSecretCommand({ Name: 'blob', SecretBinary: Buffer.from([1, 2, 3, 0]) }));
    assert.deepEqual([...((await sm.send(new GetSecretValueCommand({ SecretId: 'blob' }))).SecretBinary ?? [])], [1, 2, 3, 0]);
  });

  test("a user's identity policy names one secret: the other is denied; a resource-policy Deny wins over the Allow", async () => {
    await sm.send(new CreateSecretCommand({ Name: 'goecssample/other', SecretString: 'not for alice' }));
    const iam = new IAMClient({ endpoint: kura.url, region: kura.region, credentials: kura.credentials });
    await iam.send(new CreateUserCommand({ UserName: 'alice' }));
    const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: `arn:aws:secretsmanager:*:${ACCOUNT}:secret:goecssample/db-??????` }] };
    await iam.send(new PutUserPolicyCommand({ UserName: 'alice', PolicyName: 'db-only', PolicyDocument: JSON.stringify(policy) }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'alice' }))).AccessKey;
    iam.destroy();
    const alice = new SecretsManagerClient({ endpoint: kura.url, region: kura.region, credentials: { accessKeyId: key?.AccessKeyId ?? '', secretAccessKey: key?.SecretAccessKey ?? '' } });
    try {
      assert.equal((await alice.send(new GetSecretValueCommand({ SecretId: 'goecssample/db' }))).SecretString, 'rotated');
      await assert.rejects(alice.send(new GetSecretValueCommand({ SecretId: 'goecssample/other' })), (error: Error) => {
        assert.equal(error.name, 'AccessDeniedException');
        assert.equal(
          error.message,
          `User: arn:aws:iam::${ACCOUNT}:user/alice is not authorized to perform: secretsmanager:GetSecretValue on resource: goecssample/other because no identity-based policy allows the secretsmanager:GetSecretValue action`,
        );
        return true;
      });
      const deny = { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:user/alice` }, Action: 'secretsmanager:*', Resource: '*' }] };
      await sm.send(new PutResourcePolicyCommand({ SecretId: 'goecssample/db', ResourcePolicy: JSON.stringify(deny) }));
      await assert.rejects(alice.send(new GetSecretValueCommand({ SecretId: 'goecssample/db' })), /with an explicit deny in a resource-based policy/);
      // The administrator is not named by the Deny.
      assert.equal((await sm.send(new GetSecretValueCommand({ SecretId: 'goecssample/db' }))).SecretString, 'rotated');
    } finally {
      alice.destroy();
    }
  });
});
