// Secrets Manager read through Parameter Store (/aws/reference/secretsmanager/…) and a secret moved
// to another KMS key, end to end against the built server on the store KURA_E2E_STORE chooses: SDK
// v3 and the AWS CLI, AWS's answers and errors, a user who needs both ssm:GetParameter and
// secretsmanager:GetSecretValue, and the labelled versions re-encrypted under the new key.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { CreateSecretCommand, PutSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetParameterCommand, GetParametersCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { awsCli, awsCliJson, startKura, type RunningKura } from './harness.js';

const ACCOUNT = '123456789012';
const PREFIX = '/aws/reference/secretsmanager/';

describe('Secrets Manager references in Parameter Store, and a change of KMS key', () => {
  let kura: RunningKura;
  let sm: SecretsManagerClient;
  let ssm: SSMClient;
  let arn: string;
  before(async () => {
    kura = await startKura({ args: ['--account-id', ACCOUNT] });
    const config = { endpoint: kura.url, region: kura.region, credentials: kura.credentials };
    [sm, ssm] = [new SecretsManagerClient(config), new SSMClient(config)];
    arn = (await sm.send(new CreateSecretCommand({ Name: 'app/db', SecretString: '{"password":"first"}' }))).ARN ?? '';
    await sm.send(new PutSecretValueCommand({ SecretId: 'app/db', SecretString: '{"password":"second"}' }));
  });
  after(async () => {
    sm.destroy();
    ssm.destroy();
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

  test('SDK v3: GetParameter answers the secret as a SecureString, by label too; GetParameters lists what it cannot answer', async () => {
    const { Parameter } = await ssm.send(new GetParameterCommand({ Name: `${PREFIX}app/db`, WithDecryption: true }));
    assert.deepEqual([Parameter?.Name, Parameter?.Type, Parameter?.Value, Parameter?.Version, Parameter?.ARN], [`${PREFIX}app/db`, 'SecureString', '{"password":"second"}', 0, arn]);
    const source = JSON.parse(Parameter?.SourceResult ?? '{}') as Record<string, unknown>;
    assert.deepEqual([source['ARN'], source['name'], source['secretString'], source['versionStages']], [arn, 'app/db', '{"password":"second"}', ['AWSCURRENT']]);
    const previous = (await ssm.send(new GetParameterCommand({ Name: `${PREFIX}app/db:AWSPREVIOUS`, WithDecryption: true }))).Parameter;
    assert.deepEqual([previous?.Selector, previous?.Value], [':AWSPREVIOUS', '{"password":"first"}']);
    await ssm.send(new PutParameterCommand({ Name: '/app/plain', Value: 'plain', Type: 'String' }));
    const many = await ssm.send(new GetParametersCommand({ Names: [`${PREFIX}app/db`, `${PREFIX}missing`, '/app/plain'], WithDecryption: true }));
    assert.deepEqual(many.Parameters?.map((p) => p.Value), ['plain', '{"password":"second"}'], 'sorted by name');
    assert.deepEqual(many.InvalidParameters, [`${PREFIX}missing`]);
    await assert.rejects(ssm.send(new GetParameterCommand({ Name: `${PREFIX}app/db` })), (error: Error) => {
      assert.deepEqual([error.name, error.message], ['ValidationException', 'WithDecryption flag must be True for retrieving a Secret Manager secret.']);
      return true;
    });
  });

  test("the CLI reads a reference, and shows AWS's errors", async () => {
    const got = await awsCliJson<{ Parameter: { Name: string; Value: string; Type: string } }>(kura, ['ssm', 'get-parameter', '--name', `${PREFIX}app/db`, '--with-decryption']);
    assert.deepEqual([got.Parameter.Name, got.Parameter.Type, got.Parameter.Value], [`${PREFIX}app/db`, 'SecureString', '{"password":"second"}']);
    assert.match(await cliError(['ssm', 'get-parameter', '--name', `${PREFIX}app/db`]), /ValidationException.*WithDecryption flag must be True for retrieving a Secret Manager secret\./);
    assert.match(
      await cliError(['ssm', 'get-parameter', '--name', `${PREFIX}nope`, '--with-decryption']),
      /\(ParameterNotFound\) when calling the GetParameter operation: An error occurred \(ParameterNotFound\) when referencing Secrets Manager: Secret aws\/reference\/secretsmanager\/nopenull not found\./,
    );
  });

  test('a user needs ssm:GetParameter on the reference and secretsmanager:GetSecretValue on the secret', async () => {
    const iam = new IAMClient({ endpoint: kura.url, region: kura.region, credentials: kura.credentials });
    const allow = (Action: string, Resource: string) => ({ Effect: 'Allow', Action, Resource });
    const users: SSMClient[] = [];
    const user = async (name: string, statements: object[]) => {
      await iam.send(new CreateUserCommand({ UserName: name }));
      await iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'p', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: statements }) }));
      const key = (await iam.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey;
      const client = new SSMClient({ endpoint: kura.url, region: kura.region, credentials: { accessKeyId: key?.AccessKeyId ?? '', secretAccessKey: key?.SecretAccessKey ?? '' } });
      users.push(client);
      return client;
    };
    try {
      const reference = allow('ssm:GetParameter', `arn:aws:ssm:${kura.region}:${ACCOUNT}:parameter${PREFIX}app/*`);
      const secret = allow('secretsmanager:GetSecretValue', `arn:aws:secretsmanager:${kura.region}:${ACCOUNT}:secret:app/db-??????`);
      const read = (client: SSMClient) => client.send(new GetParameterCommand({ Name: `${PREFIX}app/db`, WithDecryption: true }));
      await assert.rejects(read(await user('ssm-only', [reference])), /not authorized to perform: secretsmanager:GetSecretValue on resource: app\/db/);
      await assert.rejects(read(await user('secret-only', [secret])), /not authorized to perform: ssm:GetParameter/);
      assert.equal((await read(await user('both', [reference, secret]))).Parameter?.Value, '{"password":"second"}');
    } finally {
      iam.destroy();
      for (const client of users) client.destroy();
    }
  });

  test('UpdateSecret with a new KMS key re-encrypts the labelled versions under it (CLI), and ListSecrets shows every stage map', async () => {
    const kms = new KMSClient({ endpoint: kura.url, region: kura.region, credentials: kura.credentials });
    const keyArn = (await kms.send(new CreateKeyCommand({ Description: 'secrets' }))).KeyMetadata?.Arn ?? '';
    kms.destroy();
    await awsCli(kura, ['secretsmanager', 'put-secret-value', '--secret-id', 'app/db', '--secret-string', 'third']);
    await awsCli(kura, ['secretsmanager', 'update-secret', '--secret-id', 'app/db', '--kms-key-id', keyArn]);
    const versions = await awsCliJson<{ Versions: Array<{ VersionStages?: string[]; KmsKeyIds: string[] }> }>(kura, [
      'secretsmanager', 'list-secret-version-ids', '--secret-id', 'app/db', '--include-deprecated',
    ]);
    const keyOf = (v: { VersionStages?: string[]; KmsKeyIds: string[] }) => [(v.VersionStages ?? []).join(), v.KmsKeyIds.join()];
    assert.deepEqual(versions.Versions.map(keyOf).sort(), [['', 'DefaultEncryptionKey'], ['AWSCURRENT', keyArn], ['AWSPREVIOUS', keyArn]]);
    const got = await awsCliJson<{ SecretString: string }>(kura, ['secretsmanager', 'get-secret-value', '--secret-id', 'app/db', '--version-stage', 'AWSPREVIOUS']);
    assert.equal(got.SecretString, '{"password":"second"}');
    await sm.send(new CreateSecretCommand({ Name: 'app/other', SecretString: 'o' }));
    const listed = await awsCliJson<{ SecretList: Array<{ Name: string; SecretVersionsToStages: Record<string, string[]> }> }>(kura, ['secretsmanager', 'list-secrets']);
    assert.deepEqual(listed.SecretList.map((s) => [s.Name, Object.values(s.SecretVersionsToStages).sort()]), [
      ['app/db', [['AWSCURRENT'], ['AWSPREVIOUS']]],
      ['app/other', [['AWSCURRENT']]],
    ]);
  });
});
