import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { parseBlob } from './ciphertext.js';
import { ACCOUNT, ADMIN, createTestHarness, keyArnOf, REGION, rejectsWith, utf8, type TestHarness } from './testing/context.js';

let h: TestHarness;
beforeEach(() => {
  h = createTestHarness();
});
afterEach(() => h.close());

const context = { PARAMETER_ARN: `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/app/db`, stage: 'prod' };

async function encrypted(keyId: string, plaintext = 's3cret', ctx: Record<string, string> = context) {
  const out = await h.call('Encrypt', { KeyId: keyId, Plaintext: utf8(plaintext), EncryptionContext: ctx });
  return out['CiphertextBlob'] as Buffer;
}

describe('Encrypt and Decrypt', () => {
  it('round-trips with the key ARN, algorithm and material id in the answers', async () => {
    const keyId = await h.createKey();
    const out = await h.call('Encrypt', { KeyId: keyId, Plaintext: utf8('s3cret'), EncryptionContext: context });
    assert.equal(out['KeyId'], keyArnOf(keyId));
    assert.equal(out['EncryptionAlgorithm'], 'SYMMETRIC_DEFAULT');
    const back = await h.call('Decrypt', { CiphertextBlob: out['CiphertextBlob'], EncryptionContext: { stage: 'prod', PARAMETER_ARN: context.PARAMETER_ARN } });
    assert.equal((back['Plaintext'] as Buffer).toString('utf8'), 's3cret');
    assert.equal(back['KeyId'], keyArnOf(keyId));
    assert.equal(back['EncryptionAlgorithm'], 'SYMMETRIC_DEFAULT');
    const md = (await h.call('DescribeKey', { KeyId: keyId }))['KeyMetadata'] as { CurrentKeyMaterialId: string };
    assert.equal(back['KeyMaterialId'], md.CurrentKeyMaterialId);
  });

  it('encrypts with a fresh nonce every time', async () => {
    const keyId = await h.createKey();
    assert.notDeepEqual(await encrypted(keyId), await encrypted(keyId));
  });

  it('decrypts with a KeyId naming the same key in any form', async () => {
    const keyId = await h.createKey();
    await h.call('CreateAlias', { AliasName: 'alias/app', TargetKeyId: keyId });
    const blob = await encrypted('alias/app');
    for (const ref of [keyId, keyArnOf(keyId), 'alias/app', `arn:aws:kms:${REGION}:${ACCOUNT}:alias/app`]) {
      await h.call('Decrypt', { CiphertextBlob: blob, EncryptionContext: context, KeyId: ref });
    }
  });

  it('answers a missing encryption context with InvalidCiphertextException and no text', async () => {
    const blob = await encrypted(await h.createKey());
    await rejectsWith(h.call('Decrypt', { CiphertextBlob: blob }), 'InvalidCiphertextException', '');
  });

  it('answers a wrong encryption context (changed case, extra or missing pair) with InvalidCiphertextException', async () => {
    const blob = await encrypted(await h.createKey());
    for (const wrong of [{ ...context, stage: 'Prod' }, { ...context, extra: 'x' }, { stage: 'prod' }, { PARAMETER_ARN: context.PARAMETER_ARN, Stage: 'prod' }]) {
      await rejectsWith(h.call('Decrypt', { CiphertextBlob: blob, EncryptionContext: wrong }), 'InvalidCiphertextException', '');
    }
  });

  it('answers every altered, truncated or extended blob with InvalidCiphertextException', async () => {
    const blob = await encrypted(await h.createKey());
    const variants: Buffer[] = [blob.subarray(0, blob.length - 1), Buffer.concat([blob, Buffer.from([0])]), blob.subarray(0, 10)];
    for (let i = 0; i < blob.length; i += 1) {
      const tampered = Buffer.from(blob);
      tampered[i] = (tampered[i] ?? 0) ^ 0x01;
      variants.push(tampered);
    }
    for (const variant of variants) {
      await rejectsWith(h.call('Decrypt', { CiphertextBlob: variant, EncryptionContext: context }), 'InvalidCiphertextException', '');
    }
  });

  it('answers a Decrypt naming a different key than the blob with IncorrectKeyException', async () => {
    const blob = await encrypted(await h.createKey());
    const other = await h.createKey();
    await rejectsWith(
      h.call('Decrypt', { CiphertextBlob: blob, EncryptionContext: context, KeyId: other }),
      'IncorrectKeyException',
      'The key ID in the request does not identify a CMK that can perform this operation.',
    );
  });

  it('answers Encrypt and Decrypt with a disabled key with DisabledException', async () => {
    const keyId = await h.createKey();
    const blob = await encrypted(keyId);
    await h.call('DisableKey', { KeyId: keyId });
    await rejectsWith(h.call('Encrypt', { KeyId: keyId, Plaintext: utf8('x') }), 'DisabledException', `${keyArnOf(keyId)} is disabled.`);
    await rejectsWith(h.call('Decrypt', { CiphertextBlob: blob, EncryptionContext: context }), 'DisabledException', `${keyArnOf(keyId)} is disabled.`);
  });

  it('answers Encrypt with a key pending deletion with KMSInvalidStateException', async () => {
    const keyId = await h.createKey();
    await h.call('ScheduleKeyDeletion', { KeyId: keyId });
    await rejectsWith(h.call('Encrypt', { KeyId: keyId, Plaintext: utf8('x') }), 'KMSInvalidStateException', `${keyArnOf(keyId)} is pending deletion.`);
  });

  it('answers Encrypt with an unknown key with NotFoundException', async () => {
    const missing = '0b0b0b0b-1111-4222-8333-444444444444';
    await rejectsWith(h.call('Encrypt', { KeyId: missing, Plaintext: utf8('x') }), 'NotFoundException', `Key '${keyArnOf(missing)}' does not exist`);
  });

  it('answers a blob from another region with AccessDeniedException naming the caller', async () => {
    const blob = await encrypted(await h.createKey());
    await rejectsWith(
      h.call('Decrypt', { CiphertextBlob: blob, EncryptionContext: context }, { region: 'eu-west-1' }),
      'AccessDeniedException',
      `User: ${ADMIN.arn} is not authorized to perform: kms:Decrypt on the resource associated with this ciphertext because the resource does not ` +
        'exist in this Region, no resource-based policies allow access, or a resource-based policy explicitly denies access',
    );
  });

  it('answers a non-symmetric algorithm with InvalidKeyUsageException', async () => {
    const keyId = await h.createKey();
    await rejectsWith(
      h.call('Encrypt', { KeyId: keyId, Plaintext: utf8('x'), EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' }),
      'InvalidKeyUsageException',
      'Algorithm RSAES_OAEP_SHA_256 is incompatible with key spec SYMMETRIC_DEFAULT.',
    );
  });

  it('answers DryRun with DryRunOperationException after every other check, and does nothing', async () => {
    const keyId = await h.createKey();
    const dryRun = 'The request would have succeeded, but the DryRun option is set.';
    await rejectsWith(h.call('Encrypt', { KeyId: keyId, Plaintext: utf8('x'), DryRun: true }), 'DryRunOperationException', dryRun);
    const blob = await encrypted(keyId);
    await rejectsWith(h.call('Decrypt', { CiphertextBlob: blob, EncryptionContext: context, DryRun: true }), 'DryRunOperationException', dryRun);
    await rejectsWith(h.call('GenerateDataKey', { KeyId: keyId, KeySpec: 'AES_256', DryRun: true }), 'DryRunOperationException', dryRun);
    await h.call('DisableKey', { KeyId: keyId });
    await rejectsWith(h.call('Encrypt', { KeyId: keyId, Plaintext: utf8('x'), DryRun: true }), 'DisabledException');
  });

  it('encrypts for a service exactly as the API does, so either side decrypts the other', async () => {
    const keyId = await h.createKey();
    const { blob } = await h.kms.encrypt({ accountId: ACCOUNT, region: REGION }, keyId, utf8('pw'), context);
    const back = await h.call('Decrypt', { CiphertextBlob: blob, EncryptionContext: context });
    assert.equal((back['Plaintext'] as Buffer).toString(), 'pw');
    const apiBlob = await encrypted(keyId, 'pw2');
    assert.equal((await h.kms.decrypt({ accountId: ACCOUNT, region: REGION }, apiBlob, context)).plaintext.toString(), 'pw2');
  });

  it('refuses direct use of alias/aws/ssm: its key policy allows it only through SSM', async () => {
    const { blob, keyArn } = await h.kms.encrypt({ accountId: ACCOUNT, region: REGION }, 'alias/aws/ssm', utf8('pw'), context);
    const denied = (action: string) =>
      `User: ${ADMIN.arn} is not authorized to perform: kms:${action} on resource: ${keyArn} because no resource-based policy allows the kms:${action} action`;
    await rejectsWith(h.call('Decrypt', { CiphertextBlob: blob, EncryptionContext: context }), 'AccessDeniedException', denied('Decrypt'));
    await rejectsWith(h.call('Encrypt', { KeyId: 'alias/aws/ssm', Plaintext: utf8('x') }), 'AccessDeniedException', denied('Encrypt'));
    // Reading its metadata directly is allowed to the account (and so to the admin's IAM policy).
    await h.call('DescribeKey', { KeyId: 'alias/aws/ssm' });
  });
});

describe('ReEncrypt', () => {
  it('moves a ciphertext to another key and context without exposing the plaintext', async () => {
    const source = await h.createKey();
    const destination = await h.createKey();
    const blob = await encrypted(source);
    const out = await h.call('ReEncrypt', {
      CiphertextBlob: blob,
      SourceEncryptionContext: context,
      DestinationKeyId: destination,
      DestinationEncryptionContext: { purpose: 'moved' },
    });
    assert.equal(out['SourceKeyId'], keyArnOf(source));
    assert.equal(out['KeyId'], keyArnOf(destination));
    assert.equal(out['Plaintext'], undefined);
    assert.equal(parseBlob(out['CiphertextBlob'] as Buffer)?.header.keyId, destination);
    const back = await h.call('Decrypt', { CiphertextBlob: out['CiphertextBlob'], EncryptionContext: { purpose: 'moved' } });
    assert.equal((back['Plaintext'] as Buffer).toString(), 's3cret');
  });

  it('checks the source key and context like Decrypt', async () => {
    const blob = await encrypted(await h.createKey());
    const other = await h.createKey();
    await rejectsWith(h.call('ReEncrypt', { CiphertextBlob: blob, DestinationKeyId: other }), 'InvalidCiphertextException', '');
    await rejectsWith(h.call('ReEncrypt', { CiphertextBlob: blob, SourceEncryptionContext: context, SourceKeyId: other, DestinationKeyId: other }), 'IncorrectKeyException');
    await h.call('DisableKey', { KeyId: other });
    await rejectsWith(h.call('ReEncrypt', { CiphertextBlob: blob, SourceEncryptionContext: context, DestinationKeyId: other }), 'DisabledException');
  });
});

describe('GenerateDataKey, GenerateDataKeyWithoutPlaintext, GenerateRandom', () => {
  it('returns a data key whose ciphertext decrypts to the plaintext copy', async () => {
    const keyId = await h.createKey();
    const out = await h.call('GenerateDataKey', { KeyId: keyId, KeySpec: 'AES_256', EncryptionContext: context });
    assert.equal((out['Plaintext'] as Buffer).length, 32);
    assert.equal(out['KeyId'], keyArnOf(keyId));
    const back = await h.call('Decrypt', { CiphertextBlob: out['CiphertextBlob'], EncryptionContext: context });
    assert.deepEqual(back['Plaintext'], out['Plaintext']);
    const small = await h.call('GenerateDataKey', { KeyId: keyId, NumberOfBytes: 7 });
    assert.equal((small['Plaintext'] as Buffer).length, 7);
    const aes128 = await h.call('GenerateDataKey', { KeyId: keyId, KeySpec: 'AES_128' });
    assert.equal((aes128['Plaintext'] as Buffer).length, 16);
  });

  it('returns no plaintext from GenerateDataKeyWithoutPlaintext', async () => {
    const keyId = await h.createKey();
    const out = await h.call('GenerateDataKeyWithoutPlaintext', { KeyId: keyId, NumberOfBytes: 64 });
    assert.equal(out['Plaintext'], undefined);
    const back = await h.call('Decrypt', { CiphertextBlob: out['CiphertextBlob'] });
    assert.equal((back['Plaintext'] as Buffer).length, 64);
  });

  it('requires exactly one of KeySpec and NumberOfBytes', async () => {
    const keyId = await h.createKey();
    const text = 'Please specify either number of bytes or key spec.';
    await rejectsWith(h.call('GenerateDataKey', { KeyId: keyId }), 'ValidationException', text);
    await rejectsWith(h.call('GenerateDataKey', { KeyId: keyId, KeySpec: 'AES_256', NumberOfBytes: 32 }), 'ValidationException', text);
    await rejectsWith(h.call('GenerateDataKeyWithoutPlaintext', { KeyId: keyId }), 'ValidationException', text);
  });

  it('generates the requested number of random bytes, and requires the number', async () => {
    assert.equal(((await h.call('GenerateRandom', { NumberOfBytes: 1024 }))['Plaintext'] as Buffer).length, 1024);
    await rejectsWith(h.call('GenerateRandom', {}), 'ValidationException', 'NumberOfBytes is required.');
  });
});
