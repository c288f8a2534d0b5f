// The official SDK v3 KMS client as the oracle: requests it serializes go through the real model
// decoding into these handlers, and it must parse every answer (outputs and errors) as AWS's own.

import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import {
  CreateAliasCommand,
  CreateKeyCommand,
  DecryptCommand,
  DescribeKeyCommand,
  DisabledException,
  DisableKeyCommand,
  EncryptCommand,
  GenerateDataKeyCommand,
  IncorrectKeyException,
  InvalidCiphertextException,
  KMSClient,
  KMSInvalidStateException,
  ListAliasesCommand,
  NotFoundException,
  ScheduleKeyDeletionCommand,
} from '@aws-sdk/client-kms';
import { sdkHandler } from './testing/sdk-handler.js';
import { createTestHarness, keyArnOf, type TestHarness } from '../services/kms/testing/context.js';

let h: TestHarness;
let client: KMSClient;

beforeEach(() => {
  h = createTestHarness();
  client = new KMSClient({
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' },
    maxAttempts: 1,
    requestHandler: sdkHandler('kms', () => h.ctx),
  });
});
afterEach(async () => {
  client.destroy();
  await h.close();
});

async function createKey(): Promise<string> {
  const out = await client.send(new CreateKeyCommand({ Description: 'sdk' }));
  return out.KeyMetadata?.KeyId ?? assert.fail('no key id');
}

describe('KMS through the SDK v3 client', () => {
  it('parses KeyMetadata with its dates, and round-trips Encrypt/Decrypt with a context', async () => {
    const created = await client.send(new CreateKeyCommand({ Description: 'sdk', Tags: [{ TagKey: 'team', TagValue: 'a' }] }));
    const md = created.KeyMetadata;
    assert.ok(md?.CreationDate instanceof Date);
    assert.equal(md?.CreationDate?.toISOString(), '2024-05-01T12:00:00.000Z');
    assert.equal(md?.KeySpec, 'SYMMETRIC_DEFAULT');
    const keyId = md?.KeyId ?? '';
    const enc = await client.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('s3cret'), EncryptionContext: { app: 'x' } }));
    assert.equal(enc.KeyId, keyArnOf(keyId));
    const dec = await client.send(new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob, EncryptionContext: { app: 'x' } }));
    assert.equal(Buffer.from(dec.Plaintext ?? []).toString(), 's3cret');
    assert.match(dec.KeyMaterialId ?? '', /^[0-9a-f]{64}$/);
  });

  it('refuses a plaintext over 4096 bytes without echoing it', async () => {
    const keyId = await createKey();
    await assert.rejects(client.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.alloc(4097, 0x61) })), (error: Error & { name: string }) => {
      assert.equal(error.name, 'ValidationException');
      assert.equal(
        error.message,
        "1 validation error detected: Value at 'plaintext' failed to satisfy constraint: Member must have length less than or equal to 4096",
      );
      return true;
    });
    await client.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.alloc(4096, 0x61) }));
  });

  it('surfaces a wrong context as the modeled InvalidCiphertextException', async () => {
    const keyId = await createKey();
    const enc = await client.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('x'), EncryptionContext: { a: '1' } }));
    await assert.rejects(client.send(new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob, EncryptionContext: { a: '2' } })), InvalidCiphertextException);
    const other = await createKey();
    await assert.rejects(
      client.send(new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob, EncryptionContext: { a: '1' }, KeyId: other })),
      (error: unknown) => error instanceof IncorrectKeyException && error.message === 'The key ID in the request does not identify a CMK that can perform this operation.',
    );
  });

  it('surfaces key state and lookup failures as the modeled exceptions with AWS texts', async () => {
    const keyId = await createKey();
    await client.send(new DisableKeyCommand({ KeyId: keyId }));
    await assert.rejects(
      client.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('x') })),
      (error: unknown) => error instanceof DisabledException && error.message === `${keyArnOf(keyId)} is disabled.`,
    );
    const pending = await createKey();
    const scheduled = await client.send(new ScheduleKeyDeletionCommand({ KeyId: pending, PendingWindowInDays: 7 }));
    assert.ok(scheduled.DeletionDate instanceof Date);
    await assert.rejects(
      client.send(new GenerateDataKeyCommand({ KeyId: pending, KeySpec: 'AES_256' })),
      (error: unknown) => error instanceof KMSInvalidStateException && error.message === `${keyArnOf(pending)} is pending deletion.`,
    );
    await assert.rejects(
      client.send(new DescribeKeyCommand({ KeyId: 'alias/missing' })),
      (error: unknown) => error instanceof NotFoundException && error.message === 'Alias arn:aws:kms:us-east-1:123456789012:alias/missing is not found.',
    );
  });

  it('pages ListAliases with NextMarker and Truncated as the SDK paginator expects', async () => {
    const keyId = await createKey();
    for (const name of ['alias/one', 'alias/two']) await client.send(new CreateAliasCommand({ AliasName: name, TargetKeyId: keyId }));
    const first = await client.send(new ListAliasesCommand({ Limit: 2 }));
    assert.equal(first.Truncated, true);
    const second = await client.send(new ListAliasesCommand({ Limit: 2, Marker: first.NextMarker }));
    assert.equal(second.Truncated, false);
    assert.equal(second.NextMarker, undefined);
    const names = [...(first.Aliases ?? []), ...(second.Aliases ?? [])].map((a) => a.AliasName);
    assert.deepEqual(names, ['alias/aws/secretsmanager', 'alias/aws/ssm', 'alias/one', 'alias/two']);
  });
});
