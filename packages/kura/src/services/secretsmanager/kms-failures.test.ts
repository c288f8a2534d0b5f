// What a secret's KMS key can refuse, as Secrets Manager reports it: a key that is not there or is
// disabled is EncryptionFailure on writes and DecryptionFailure on reads, with KMS's text; a key
// enabled again serves again. The stored data key opens with KMS Decrypt and the documented context.

import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { kmsOperations } from '../kms/index.js';
import { authorizeRequest as authorizeKms } from '../kms/authorization.js';
import { operationCaller } from '../testing/kit.js';
import { createHarness, rejectsWith, token, type Harness } from './testing/context.js';

let h: Harness;
beforeEach(() => {
  h = createHarness();
});
afterEach(() => h.close());

describe('the KMS key of a secret', () => {
  it('missing: EncryptionFailure with KMS\'s text', async () => {
    const missing = 'arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555';
    await rejectsWith(h.call('CreateSecret', { Name: 'k', KmsKeyId: missing, SecretString: 'v', ClientRequestToken: token(1) }), 'EncryptionFailure', `Key '${missing}' does not exist`);
    await rejectsWith(h.call('CreateSecret', { Name: 'k', KmsKeyId: 'alias/none', SecretString: 'v', ClientRequestToken: token(1) }), 'EncryptionFailure');
  });

  it('disabled: writes are EncryptionFailure, reads DecryptionFailure; enabled again, both work', async () => {
    const kms = operationCaller(h.ctx, kmsOperations, 'KMS', authorizeKms);
    const key = await h.createKey();
    await h.create('k', 'v1', { KmsKeyId: key.keyId });
    await kms('DisableKey', { KeyId: key.keyId });
    await rejectsWith(h.value('k'), 'DecryptionFailure', `${key.arn} is disabled.`);
    await rejectsWith(h.call('PutSecretValue', { SecretId: 'k', SecretString: 'v2', ClientRequestToken: token(2) }), 'EncryptionFailure', `${key.arn} is disabled.`);
    await kms('EnableKey', { KeyId: key.keyId });
    await h.call('PutSecretValue', { SecretId: 'k', SecretString: 'v2', ClientRequestToken: token(2) });
    assert.equal(await h.value('k'), 'v2');
  });

  it('seals each version under its own data key, which KMS Decrypt opens with {SecretARN, SecretVersionId}', async () => {
    const arn = await h.create('k', 'v1');
    const scope = { accountId: h.ctx.accountId, region: h.ctx.region };
    const [version] = await h.store.secrets.versions(scope, 'k');
    assert.ok(version);
    const envelope = version.sealed;
    const blob = envelope.subarray(3, 3 + envelope.readUInt16BE(1));
    const opened = await h.kms.decrypt(scope, Buffer.from(blob), { SecretARN: arn, SecretVersionId: version.versionId });
    assert.equal(opened.plaintext.length, 32);
    assert.ok(!envelope.includes(Buffer.from('v1')));
    await assert.rejects(h.kms.decrypt(scope, Buffer.from(blob), { SecretARN: arn, SecretVersionId: 'other' }));
  });
});
