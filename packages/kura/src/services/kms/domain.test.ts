import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { createKeyring } from '../../crypto/keyring.js';
import { openSqliteStore } from '../../store/sqlite/index.js';
import { KmsFailure } from '../context.js';
import { seal } from '../../crypto/aead.js';
import { contextAad, parseBlob } from './ciphertext.js';
import { createKmsDomain, materialAad } from './domain.js';
import { createTestAccess } from './testing/access.js';
import { ServiceError } from '../../wire/errors.js';

const scope = { accountId: '123456789012', region: 'us-east-1' };
const ctx = { PARAMETER_ARN: 'arn:aws:ssm:us-east-1:123456789012:parameter/app/password' };

function setup(materialUsageLimit?: number) {
  const store = openSqliteStore({ path: ':memory:' });
  const keyring = createKeyring(randomBytes(32));
  const kms = createKmsDomain({ keys: store.keys, keyring, now: () => new Date(), ...(materialUsageLimit ? { materialUsageLimit } : {}) });
  return { store, kms, keyring };
}

const failsWith = (code: string) => (error: unknown) => {
  assert.ok(error instanceof KmsFailure, String(error));
  assert.equal(error.code, code);
  return true;
};

describe('KMS domain', () => {
  test('creates alias/aws/ssm on first use, once, and encrypts under it', async () => {
    const { store, kms } = setup();
    const a = await kms.encrypt(scope, 'alias/aws/ssm', Buffer.from('s3cret'), ctx);
    const b = await kms.encrypt(scope, 'alias/aws/ssm', Buffer.from('s3cret'), ctx);
    assert.equal(a.keyArn, b.keyArn);
    assert.match(a.keyArn, /^arn:aws:kms:us-east-1:123456789012:key\/[0-9a-f-]{36}$/);
    const alias = await store.keys.alias(scope, 'alias/aws/ssm');
    const key = await store.keys.get(scope, alias!.targetKeyId);
    assert.equal(key?.keyManager, 'AWS');
    assert.equal((await kms.decrypt(scope, a.blob, ctx)).plaintext.toString(), 's3cret');
    await store.close();
  });

  test('the same key is reachable by id, key ARN, alias name and alias ARN', async () => {
    const { store, kms } = setup();
    const { keyArn } = await kms.encrypt(scope, 'alias/aws/ssm', Buffer.from('x'), {});
    const keyId = keyArn.split('/')[1]!;
    for (const ref of [keyId, keyArn, 'alias/aws/ssm', 'arn:aws:kms:us-east-1:123456789012:alias/aws/ssm']) {
      assert.equal((await kms.resolve(scope, ref)).arn, keyArn, ref);
    }
    await store.close();
  });

  test('a wrong or missing encryption context, or any altered byte, is InvalidCiphertextException', async () => {
    const { store, kms } = setup();
    const { blob } = await kms.encrypt(scope, 'alias/aws/ssm', Buffer.from('s3cret'), ctx);
    await assert.rejects(kms.decrypt(scope, blob, {}), failsWith('InvalidCiphertextException'));
    await assert.rejects(kms.decrypt(scope, blob, { PARAMETER_ARN: `${ctx.PARAMETER_ARN}x` }), failsWith('InvalidCiphertextException'));
    for (const i of [0, 5, 17, 20, 22, 25, 30, blob.length - 1]) {
      const tampered = Buffer.from(blob);
      tampered[i] = (tampered[i] ?? 0) ^ 0x40;
      await assert.rejects(kms.decrypt(scope, tampered, ctx), failsWith('InvalidCiphertextException'), `byte ${i}`);
    }
    await assert.rejects(kms.decrypt(scope, Buffer.from('not a blob'), ctx), failsWith('InvalidCiphertextException'));
    await store.close();
  });

  test('still opens blobs written in the first format (no header check)', async () => {
    const { store, kms, keyring } = setup();
    const { blob, keyArn } = await kms.encrypt(scope, 'alias/aws/ssm', Buffer.from('x'), ctx);
    const keyId = keyArn.split('/')[1]!;
    const wrapped = (await store.keys.material(scope, keyId, 1))!.wrapped;
    const material = keyring.unwrap('wrap-kms-material', wrapped, materialAad(scope, keyId, 1));
    const v1Header = Buffer.from(blob.subarray(0, 21));
    v1Header[0] = 1;
    const v1 = Buffer.concat([v1Header, seal(material, Buffer.from('old format'), Buffer.concat([v1Header, contextAad(ctx)]))]);
    assert.equal((await kms.decrypt(scope, v1, ctx)).plaintext.toString(), 'old format');
    await assert.rejects(kms.decrypt(scope, v1, {}), failsWith('InvalidCiphertextException'));
    await store.close();
  });

  test('a blob does not decrypt in another region', async () => {
    const { store, kms } = setup();
    const { blob } = await kms.encrypt(scope, 'alias/aws/ssm', Buffer.from('s3cret'), ctx);
    await assert.rejects(kms.decrypt({ ...scope, region: 'eu-west-1' }, blob, ctx), failsWith('AccessDeniedException'));
    await store.close();
  });

  test('unknown keys and aliases are NotFoundException with AWS wording', async () => {
    const { store, kms } = setup();
    await assert.rejects(kms.encrypt(scope, 'alias/nope', Buffer.from('x'), {}), (e: unknown) => {
      assert.ok(e instanceof KmsFailure);
      assert.equal(e.code, 'NotFoundException');
      assert.equal(e.message, 'Alias arn:aws:kms:us-east-1:123456789012:alias/nope is not found.');
      return true;
    });
    const missing = '11111111-2222-3333-4444-555555555555';
    await assert.rejects(kms.encrypt(scope, missing, Buffer.from('x'), {}), (e: unknown) => {
      assert.ok(e instanceof KmsFailure);
      assert.equal(e.message, `Key 'arn:aws:kms:us-east-1:123456789012:key/${missing}' does not exist`);
      return true;
    });
    await assert.rejects(kms.encrypt(scope, 'not-a-key', Buffer.from('x'), {}), failsWith('NotFoundException'));
    await store.close();
  });

  test('rotates to new material when the usage bound is reached; old blobs still decrypt', async () => {
    const { store, kms } = setup(2);
    const blobs = [];
    for (let i = 0; i < 5; i += 1) blobs.push((await kms.encrypt(scope, 'alias/aws/ssm', Buffer.from(`v${i}`), ctx)).blob);
    const versions = blobs.map((b) => parseBlob(b)!.header.materialVersion);
    assert.deepEqual(versions, [1, 1, 2, 2, 3]);
    for (let i = 0; i < 5; i += 1) assert.equal((await kms.decrypt(scope, blobs[i]!, ctx)).plaintext.toString(), `v${i}`);
    await store.close();
  });

  test('generateDataKey: a fresh data key in the clear and sealed, kms:GenerateDataKey authorized through the managed key policy', async () => {
    const { store, kms } = setup();
    const context = { SecretARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf', SecretVersionId: 'v1' };
    const principal = { arn: 'arn:aws:iam::123456789012:user/alice', accountId: '123456789012', userId: 'AIDA1', accessKeyId: 'AKIA1' };
    const access = createTestAccess(principal, [], (message) => new ServiceError('AccessDeniedException', message));
    const caller = { access, principalArn: principal.arn, accountId: principal.accountId, viaService: 'secretsmanager.us-east-1.amazonaws.com' };
    const a = await kms.generateDataKey(scope, 'alias/aws/secretsmanager', 32, context, caller);
    const b = await kms.generateDataKey(scope, 'alias/aws/secretsmanager', 32, context, caller);
    assert.equal(a.plaintext.length, 32);
    assert.notDeepEqual(a.plaintext, b.plaintext);
    assert.equal(a.keyArn, b.keyArn);
    assert.deepEqual((await kms.decrypt(scope, a.blob, context)).plaintext, a.plaintext);
    await assert.rejects(kms.decrypt(scope, a.blob, { ...context, SecretVersionId: 'v2' }), failsWith('InvalidCiphertextException'));
    assert.deepEqual(access.checks.map((c) => [c.check.action, c.decision]), [['kms:GenerateDataKey', 'Allow'], ['kms:GenerateDataKey', 'Allow']]);
    // The managed key serves its own service only: through SSM, or directly, the policy does not allow it.
    const viaSsm = { ...caller, viaService: 'ssm.us-east-1.amazonaws.com' };
    await assert.rejects(kms.generateDataKey(scope, 'alias/aws/secretsmanager', 32, context, viaSsm), failsWith('AccessDeniedException'));
    await store.close();
  });
});
