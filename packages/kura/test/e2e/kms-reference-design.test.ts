// Issue 3's end-to-end story: the reference design's KMS key and its SecureString, through the AWS
// CLI, boto3 and SDK v3: create-key, put-parameter --key-id, --with-decryption, overwrite under
// another key, rotation, disable / re-enable, and decrypting the stored ciphertext with KMS itself.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DecryptCommand, DisableKeyCommand, EnableKeyCommand, GenerateDataKeyCommand, KMSClient, RotateKeyOnDemandCommand } from '@aws-sdk/client-kms';
import { GetParameterCommand, GetParameterHistoryCommand, SSMClient } from '@aws-sdk/client-ssm';
import { awsCli, awsCliJson, boto3, startKura, type RunningKura } from './harness.js';

const PASSWORD = '/goecssample/database/sample/master/password';

describe('the reference design key and SecureString', () => {
  let kura: RunningKura;
  let kms: KMSClient;
  let ssm: SSMClient;
  let keyId: string;
  let keyArn: string;
  before(async () => {
    kura = await startKura({ args: ['--account-id', '123456789012'] });
    kms = new KMSClient({ endpoint: kura.url, region: kura.region, credentials: kura.credentials });
    ssm = new SSMClient({ endpoint: kura.url, region: kura.region, credentials: kura.credentials });
  });
  after(async () => {
    kms.destroy();
    ssm.destroy();
    await kura.stop();
  });

  test('aws kms create-key returns full KeyMetadata', async () => {
    const out = await awsCliJson<{ KeyMetadata: Record<string, unknown> }>(kura, ['kms', 'create-key', '--description', 'go-ecs-sample']);
    const meta = out.KeyMetadata;
    keyId = String(meta.KeyId);
    keyArn = String(meta.Arn);
    assert.match(keyId, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    assert.equal(keyArn, `arn:aws:kms:us-east-1:123456789012:key/${keyId}`);
    assert.deepEqual(
      [meta.AWSAccountId, meta.Description, meta.Enabled, meta.KeyUsage, meta.KeyState, meta.Origin, meta.KeyManager, meta.KeySpec, meta.CustomerMasterKeySpec, meta.MultiRegion],
      ['123456789012', 'go-ecs-sample', true, 'ENCRYPT_DECRYPT', 'Enabled', 'AWS_KMS', 'CUSTOMER', 'SYMMETRIC_DEFAULT', 'SYMMETRIC_DEFAULT', false],
    );
    assert.deepEqual(meta.EncryptionAlgorithms, ['SYMMETRIC_DEFAULT']);
    assert.ok(typeof meta.CreationDate === 'number' || typeof meta.CreationDate === 'string');
  });

  test('put-parameter --key-id encrypts under that key; the ciphertext decrypts with aws kms decrypt and the ARN context', async () => {
    await awsCli(kura, ['ssm', 'put-parameter', '--name', PASSWORD, '--type', 'SecureString', '--key-id', keyId, '--value', 'sample-password']);
    const plain = await awsCliJson<{ Parameter: { Value: string } }>(kura, ['ssm', 'get-parameter', '--name', PASSWORD, '--with-decryption']);
    assert.equal(plain.Parameter.Value, 'sample-password');
    const sealed = await awsCliJson<{ Parameter: { Value: string; ARN: string } }>(kura, ['ssm', 'get-parameter', '--name', PASSWORD]);
    const decrypted = await kms.send(new DecryptCommand({ CiphertextBlob: Buffer.from(sealed.Parameter.Value, 'base64'), EncryptionContext: { PARAMETER_ARN: sealed.Parameter.ARN } }));
    assert.equal(Buffer.from(decrypted.Plaintext!).toString(), 'sample-password');
    assert.equal(decrypted.KeyId, keyArn);
    await assert.rejects(kms.send(new DecryptCommand({ CiphertextBlob: Buffer.from(sealed.Parameter.Value, 'base64') })), { name: 'InvalidCiphertextException' });
    const described = await awsCliJson<{ Parameters: Array<{ KeyId: string }> }>(kura, ['ssm', 'describe-parameters', '--parameter-filters', `Key=Name,Values=${PASSWORD}`]);
    assert.equal(described.Parameters[0]?.KeyId, keyId);
  });

  test('overwrite under another key, rotation, and history keep every version readable', async () => {
    const other = await awsCliJson<{ KeyMetadata: { KeyId: string } }>(kura, ['kms', 'create-key', '--description', 'other']);
    await awsCli(kura, ['kms', 'create-alias', '--alias-name', 'alias/other', '--target-key-id', other.KeyMetadata.KeyId]);
    await awsCli(kura, ['ssm', 'put-parameter', '--name', PASSWORD, '--type', 'SecureString', '--key-id', 'alias/other', '--value', 'second', '--overwrite']);
    await kms.send(new RotateKeyOnDemandCommand({ KeyId: keyId }));
    await awsCli(kura, ['ssm', 'put-parameter', '--name', PASSWORD, '--type', 'SecureString', '--key-id', keyId, '--value', 'third', '--overwrite']);
    const history = await ssm.send(new GetParameterHistoryCommand({ Name: PASSWORD, WithDecryption: true }));
    assert.deepEqual(history.Parameters?.map((p) => [p.Version, p.Value, p.KeyId]), [
      [1, 'sample-password', keyId],
      [2, 'second', 'alias/other'],
      [3, 'third', keyId],
    ]);
    const rotations = await awsCliJson<{ Rotations: Array<{ RotationType: string }> }>(kura, ['kms', 'list-key-rotations', '--key-id', keyId]);
    assert.deepEqual(rotations.Rotations.map((r) => r.RotationType), ['ON_DEMAND']);
  });

  test('reads fail while the key is disabled, with AWS errors, and work again once re-enabled', async () => {
    await kms.send(new DisableKeyCommand({ KeyId: keyId }));
    await assert.rejects(ssm.send(new GetParameterCommand({ Name: PASSWORD, WithDecryption: true })), (error: Error & { name: string }) => {
      assert.equal(error.name, 'InvalidKeyId');
      assert.match(error.message, new RegExp(`^${keyArn} is disabled\\. \\(Service: AWSKMS; Status Code: 400; Error Code: DisabledException; Request ID: [0-9a-f-]+; Proxy: null\\)$`));
      return true;
    });
    await assert.rejects(kms.send(new GenerateDataKeyCommand({ KeyId: keyId, KeySpec: 'AES_256' })), { name: 'DisabledException', message: `${keyArn} is disabled.` });
    const cli = await awsCli(kura, ['ssm', 'put-parameter', '--name', '/x/y', '--type', 'SecureString', '--key-id', keyId, '--value', 'v']).catch((e: { stderr: string }) => e);
    assert.match((cli as { stderr: string }).stderr, /\(InvalidKeyId\).*is disabled/);
    await kms.send(new EnableKeyCommand({ KeyId: keyId }));
    const back = await ssm.send(new GetParameterCommand({ Name: PASSWORD, WithDecryption: true }));
    assert.equal(back.Parameter?.Value, 'third');
  });

  test('boto3 sees the same key and data keys round-trip', async () => {
    const out = (await boto3(
      kura,
      `
kms = boto3.client("kms")
meta = kms.describe_key(KeyId="${keyArn}")["KeyMetadata"]
dk = kms.generate_data_key(KeyId="${keyId}", NumberOfBytes=32, EncryptionContext={"app": "sample"})
back = kms.decrypt(CiphertextBlob=dk["CiphertextBlob"], EncryptionContext={"app": "sample"})
try:
    kms.decrypt(CiphertextBlob=dk["CiphertextBlob"], KeyId="alias/other", EncryptionContext={"app": "sample"})
    wrong = "accepted"
except ClientError as e:
    wrong = e.response["Error"]["Code"]
print(json.dumps({"state": meta["KeyState"], "same": back["Plaintext"] == dk["Plaintext"], "len": len(dk["Plaintext"]), "wrong": wrong}))
`,
    )) as Record<string, unknown>;
    assert.deepEqual(out, { state: 'Enabled', same: true, len: 32, wrong: 'IncorrectKeyException' });
  });
});
