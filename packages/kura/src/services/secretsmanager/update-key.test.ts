// UpdateSecret with a new KmsKeyId and the versions already stored: the ones labelled AWSCURRENT,
// AWSPENDING and AWSPREVIOUS are re-encrypted under the new key and still open with the previous
// one, the others stay under the key they have; a caller who may not decrypt under the old key or
// encrypt under the new one changes the key without re-encrypting anything, as AWS documents.

import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { ALICE, callerOverrides, createHarness, policyOf, rejectsWith, token, type Harness } from './testing/context.js';

let h: Harness;
let a: { keyId: string; arn: string };
let b: { keyId: string; arn: string };
beforeEach(async () => {
  h = createHarness();
  [a, b] = [await h.createKey(), await h.createKey()];
});
afterEach(() => h.close());

const SECRETS = { Effect: 'Allow', Action: 'secretsmanager:*', Resource: '*' };
const kms = (action: string, key: { arn: string }) => ({ Effect: 'Allow', Action: `kms:${action}`, Resource: key.arn });
const as = (...statements: object[]) => callerOverrides(ALICE, [policyOf(SECRETS, ...statements)]);

/** ListSecretVersionIds, deprecated included: versionId → the key it is sealed under. */
async function keysOf(secretId: string): Promise<Record<string, string>> {
  const out = await h.call('ListSecretVersionIds', { SecretId: secretId, IncludeDeprecated: true });
  return Object.fromEntries((out['Versions'] as Array<{ VersionId: string; KmsKeyIds: string[] }>).map((v) => [v.VersionId, v.KmsKeyIds.join(',')]));
}

/** A secret under key `a`: c1 deprecated, t2 AWSPREVIOUS, t3 AWSCURRENT, t4 AWSPENDING, t5 labelled `blue` only. */
async function fiveVersions(): Promise<void> {
  await h.create('s', 'v1', { KmsKeyId: a.arn });
  await h.call('PutSecretValue', { SecretId: 's', SecretString: 'v2', ClientRequestToken: token(2) });
  await h.call('PutSecretValue', { SecretId: 's', SecretString: 'v3', ClientRequestToken: token(3) });
  await h.call('PutSecretValue', { SecretId: 's', SecretString: 'v4', ClientRequestToken: token(4), VersionStages: ['AWSPENDING'] });
  await h.call('PutSecretValue', { SecretId: 's', SecretString: 'v5', ClientRequestToken: token(5), VersionStages: ['blue'] });
}

describe('UpdateSecret with a new KmsKeyId', () => {
  it('re-encrypts the AWSCURRENT, AWSPENDING and AWSPREVIOUS versions under it and leaves the others', async () => {
    await fiveVersions();
    await h.call('UpdateSecret', { SecretId: 's', KmsKeyId: b.arn });
    assert.deepEqual(await keysOf('s'), { [token('c1')]: a.arn, [token(2)]: b.arn, [token(3)]: b.arn, [token(4)]: b.arn, [token(5)]: a.arn });
    assert.equal((await h.call('DescribeSecret', { SecretId: 's' }))['KmsKeyId'], b.arn);
    const onlyB = as(kms('Decrypt', b));
    for (const [stage, value] of [['AWSCURRENT', 'v3'], ['AWSPREVIOUS', 'v2'], ['AWSPENDING', 'v4']]) {
      assert.equal((await h.call('GetSecretValue', { SecretId: 's', VersionStage: stage }, onlyB))['SecretString'], value);
    }
    await rejectsWith(h.call('GetSecretValue', { SecretId: 's', VersionStage: 'blue' }, onlyB), 'AccessDeniedException', 'Access to KMS is not allowed');
    await rejectsWith(h.call('GetSecretValue', { SecretId: 's', VersionId: token('c1') }, onlyB), 'AccessDeniedException');
    // The previous key still opens the re-encrypted versions, as AWS keeps them.
    const onlyA = as(kms('Decrypt', a));
    assert.equal((await h.call('GetSecretValue', { SecretId: 's' }, onlyA))['SecretString'], 'v3');
    assert.equal((await h.call('GetSecretValue', { SecretId: 's', VersionStage: 'blue' }, onlyA))['SecretString'], 'v5');
  });

  it('re-encrypts nothing for a caller who may not decrypt under the old key or encrypt under the new one, and still changes the key', async () => {
    await fiveVersions();
    const before = await keysOf('s');
    await h.call('UpdateSecret', { SecretId: 's', KmsKeyId: b.arn }, as(kms('Encrypt', b)));
    assert.deepEqual(await keysOf('s'), before);
    assert.equal((await h.call('DescribeSecret', { SecretId: 's' }))['KmsKeyId'], b.arn);
    await h.call('UpdateSecret', { SecretId: 's', KmsKeyId: a.arn });
    await h.call('UpdateSecret', { SecretId: 's', KmsKeyId: b.arn }, as(kms('Decrypt', a)));
    assert.deepEqual(await keysOf('s'), before);
    // Allowed both, the next change of key does it.
    await h.call('UpdateSecret', { SecretId: 's', KmsKeyId: b.arn }, as(kms('Decrypt', a), kms('Encrypt', b)));
    assert.equal((await keysOf('s'))[token(3)], b.arn);
  });

  it('with a new value: the new version under the new key, the old current re-encrypted as AWSPREVIOUS, the version that loses AWSPREVIOUS left', async () => {
    await h.create('s', 'v1', { KmsKeyId: a.arn });
    await h.call('PutSecretValue', { SecretId: 's', SecretString: 'v2', ClientRequestToken: token(2) });
    const out = await h.call('UpdateSecret', { SecretId: 's', KmsKeyId: b.arn, SecretString: 'v3', ClientRequestToken: token(3) });
    assert.equal(out['VersionId'], token(3));
    assert.deepEqual(await h.stages('s'), { [token('c1')]: [], [token(2)]: ['AWSPREVIOUS'], [token(3)]: ['AWSCURRENT'] });
    assert.deepEqual(await keysOf('s'), { [token('c1')]: a.arn, [token(2)]: b.arn, [token(3)]: b.arn });
    assert.equal(await h.value('s', { VersionStage: 'AWSPREVIOUS' }), 'v2');
  });

  it('moves to the AWS managed key for an empty KmsKeyId, and keeps opening under each of a few keys in turn', async () => {
    const c = await h.createKey();
    await h.create('s', 'v1', { KmsKeyId: a.arn });
    await h.call('UpdateSecret', { SecretId: 's', KmsKeyId: b.arn });
    await h.call('UpdateSecret', { SecretId: 's', KmsKeyId: c.keyId });
    assert.deepEqual(Object.values(await keysOf('s')), [c.arn]);
    for (const key of [a, b, c]) assert.equal((await h.call('GetSecretValue', { SecretId: 's' }, as(kms('Decrypt', key))))['SecretString'], 'v1');
    await h.call('UpdateSecret', { SecretId: 's', KmsKeyId: '' });
    assert.deepEqual(Object.values(await keysOf('s')), ['DefaultEncryptionKey']);
    assert.equal(await h.value('s'), 'v1');
  });
});
