import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { KeyState } from '../../store/keys.js';
import { KmsFailure, scopeOf } from '../context.js';
import { symmetricKeyRecord } from '../kms/key-records.js';
import { defaultKeyPolicy } from '../kms/policies.js';
import { ACCOUNT, REGION, createTestHarness, rejectsWith, type TestHarness } from './testing/context.js';

let h: TestHarness;
beforeEach(() => {
  h = createTestHarness();
});
afterEach(() => h.close());

async function createKey(state: KeyState): Promise<string> {
  const keyId = randomUUID();
  const scope = scopeOf(h.ctx);
  await h.store.keys.create(scope, {
    key: symmetricKeyRecord(keyId, h.ctx.now(), defaultKeyPolicy(ACCOUNT), { keyState: state }),
    material: { wrapped: h.kms.newWrappedMaterial(scope, keyId, 1), createdAt: h.ctx.now() },
  });
  return keyId;
}

const storedBlob = async (name: string) => {
  const out = await h.call('GetParameter', { Name: name });
  return Buffer.from(String((out['Parameter'] as Record<string, unknown>)['Value']), 'base64');
};

describe('SecureString', () => {
  it('encrypts under the parameter ARN as encryption context, so KMS Decrypt opens it', async () => {
    await h.call('PutParameter', { Name: 'db-x', Value: 'pw', Type: 'SecureString' });
    const blob = await storedBlob('db-x');
    const context = { PARAMETER_ARN: `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/db-x` };
    const opened = await h.kms.decrypt(scopeOf(h.ctx), blob, context);
    assert.equal(opened.plaintext.toString('utf8'), 'pw');
    await assert.rejects(h.kms.decrypt(scopeOf(h.ctx), blob, { PARAMETER_ARN: `${context.PARAMETER_ARN}2` }), KmsFailure);
  });

  it('gives /x and x the same encryption context', async () => {
    await h.call('PutParameter', { Name: 'same', Value: 'pw', Type: 'SecureString' });
    const out = await h.call('GetParameter', { Name: '/same', WithDecryption: true });
    assert.equal((out['Parameter'] as Record<string, unknown>)['Value'], 'pw');
  });

  it('uses a customer key named by the caller and keeps it on overwrite', async () => {
    const keyId = await createKey('Enabled');
    await h.call('PutParameter', { Name: 'k', Value: 'a', Type: 'SecureString', KeyId: keyId });
    await h.call('PutParameter', { Name: 'k', Value: 'b', Overwrite: true });
    const history = (await h.call('GetParameterHistory', { Name: 'k', WithDecryption: true }))['Parameters'] as Array<Record<string, unknown>>;
    assert.deepEqual(history.map((v) => [v['KeyId'], v['Value']]), [
      [keyId, 'a'],
      [keyId, 'b'],
    ]);
  });

  it('reports an unknown alias as InvalidKeyId with the relayed KMS text', async () => {
    const error = await rejectsWith(
      h.call('PutParameter', { Name: 'k', Value: 'a', Type: 'SecureString', KeyId: 'alias/parameter_store_key' }, { requestId: 'req-1' }),
      'InvalidKeyId',
    );
    assert.equal(
      error.message,
      `Alias arn:aws:kms:${REGION}:${ACCOUNT}:alias/parameter_store_key is not found. ` +
        '(Service: AWSKMS; Status Code: 400; Error Code: NotFoundException; Request ID: req-1; Proxy: null)',
    );
    assert.equal(error.messageMember, 'message');
  });

  it('reports a disabled key as InvalidKeyId', async () => {
    const keyId = await createKey('Disabled');
    await rejectsWith(
      h.call('PutParameter', { Name: 'k', Value: 'a', Type: 'SecureString', KeyId: keyId }),
      'InvalidKeyId',
      new RegExp(`key/${keyId} is disabled\\. \\(Service: AWSKMS; Status Code: 400; Error Code: DisabledException;`),
    );
  });

  it('does not create the parameter when encryption fails', async () => {
    await rejectsWith(h.call('PutParameter', { Name: 'k', Value: 'a', Type: 'SecureString', KeyId: 'alias/none' }), 'InvalidKeyId');
    await rejectsWith(h.call('GetParameter', { Name: 'k' }), 'ParameterNotFound');
  });

  it('re-encrypts when an overwrite turns a String into a SecureString', async () => {
    await h.call('PutParameter', { Name: 't', Value: 'plain', Type: 'String' });
    await h.call('PutParameter', { Name: 't', Value: 'hidden', Type: 'SecureString', Overwrite: true });
    const blob = await storedBlob('t');
    assert.ok(!blob.includes(Buffer.from('hidden')));
  });
});
