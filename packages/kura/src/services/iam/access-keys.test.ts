import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { accessKeyAad } from './access-key-store.js';
import { ADMIN, createTestHarness, rejectsWith, type TestHarness } from './testing/context.js';

type Key = { UserName: string; AccessKeyId: string; Status: string; SecretAccessKey: string; CreateDate: Date };

describe('IAM access keys', () => {
  let h: TestHarness;
  before(async () => {
    h = await createTestHarness();
    await h.iam('CreateUser', { UserName: 'dev' });
  });
  after(() => h.close());

  it('creates an AKIA key of 20 characters with a 40-character secret', async () => {
    const key = (await h.iam('CreateAccessKey', { UserName: 'dev' }))['AccessKey'] as Key;
    assert.match(key.AccessKeyId, /^AKIA[A-Z2-7]{16}$/);
    assert.match(key.SecretAccessKey, /^[A-Za-z0-9+/]{40}$/);
    assert.equal(key.Status, 'Active');
    assert.equal(key.UserName, 'dev');
  });

  it('stores the secret only wrapped, bound to the key id', async () => {
    const key = (await h.iam('CreateAccessKey', { UserName: 'dev' }))['AccessKey'] as Key;
    const stored = await h.store.accessKeys.find(key.AccessKeyId);
    assert.ok(stored);
    assert.equal(stored.secretCiphertext.includes(Buffer.from(key.SecretAccessKey)), false);
    assert.equal(h.keyring.unwrap('wrap-access-key', stored.secretCiphertext, accessKeyAad(key.AccessKeyId)).toString('utf8'), key.SecretAccessKey);
    assert.throws(() => h.keyring.unwrap('wrap-access-key', stored.secretCiphertext, accessKeyAad('AKIAOTHERKEY00000000')));
  });

  it('refuses a third key with AWS quota text', async () => {
    await rejectsWith(h.iam('CreateAccessKey', { UserName: 'dev' }), 'LimitExceeded', 409, 'Cannot exceed quota for AccessKeysPerUser: 2');
  });

  it('lists a user’s keys without secrets', async () => {
    const out = await h.iam('ListAccessKeys', { UserName: 'dev' });
    const keys = out['AccessKeyMetadata'] as Array<Record<string, unknown>>;
    assert.equal(keys.length, 2);
    for (const k of keys) {
      assert.deepEqual(Object.keys(k).sort(), ['AccessKeyId', 'CreateDate', 'Status', 'UserName']);
    }
  });

  it('deactivates and reactivates a key', async () => {
    const [first] = (await h.iam('ListAccessKeys', { UserName: 'dev' }))['AccessKeyMetadata'] as Key[];
    assert.ok(first);
    await h.iam('UpdateAccessKey', { UserName: 'dev', AccessKeyId: first.AccessKeyId, Status: 'Inactive' });
    assert.equal((await h.store.accessKeys.find(first.AccessKeyId))?.status, 'Inactive');
    await h.iam('UpdateAccessKey', { UserName: 'dev', AccessKeyId: first.AccessKeyId, Status: 'Active' });
    assert.equal((await h.store.accessKeys.find(first.AccessKeyId))?.status, 'Active');
  });

  it('refuses to set the Expired status', async () => {
    const [first] = (await h.iam('ListAccessKeys', { UserName: 'dev' }))['AccessKeyMetadata'] as Key[];
    await rejectsWith(h.iam('UpdateAccessKey', { UserName: 'dev', AccessKeyId: first?.AccessKeyId, Status: 'Expired' }), 'InvalidInput', 400);
  });

  it('reports another user’s key as missing', async () => {
    await h.iam('CreateUser', { UserName: 'other' });
    const [first] = (await h.iam('ListAccessKeys', { UserName: 'dev' }))['AccessKeyMetadata'] as Key[];
    const id = first?.AccessKeyId ?? '';
    await rejectsWith(h.iam('DeleteAccessKey', { UserName: 'other', AccessKeyId: id }), 'NoSuchEntity', 404, `The Access Key with id ${id} cannot be found.`);
    await rejectsWith(h.iam('UpdateAccessKey', { UserName: 'other', AccessKeyId: id, Status: 'Inactive' }), 'NoSuchEntity', 404);
  });

  it('deletes a key, after which it no longer resolves', async () => {
    const [first] = (await h.iam('ListAccessKeys', { UserName: 'dev' }))['AccessKeyMetadata'] as Key[];
    const id = first?.AccessKeyId ?? '';
    await h.iam('DeleteAccessKey', { UserName: 'dev', AccessKeyId: id });
    assert.equal(await h.store.accessKeys.find(id), undefined);
    await rejectsWith(h.iam('DeleteAccessKey', { UserName: 'dev', AccessKeyId: id }), 'NoSuchEntity', 404);
  });

  it('acts on the calling user when UserName is omitted', async () => {
    const key = (await h.iam('CreateAccessKey', {}))['AccessKey'] as Key;
    assert.equal(key.UserName, 'admin');
    assert.equal((await h.store.accessKeys.find(key.AccessKeyId))?.principalArn, ADMIN.arn);
    await h.iam('DeleteAccessKey', { AccessKeyId: key.AccessKeyId });
  });

  it('refuses a key for a missing user', async () => {
    await rejectsWith(h.iam('CreateAccessKey', { UserName: 'ghost' }), 'NoSuchEntity', 404, 'The user with name ghost cannot be found.');
  });

  it('refuses to create a key for "the caller" from a role session', async () => {
    const principal = { ...ADMIN, arn: 'arn:aws:sts::123456789012:assumed-role/r/s', kind: 'assumed-role' as const };
    await rejectsWith(h.iam('CreateAccessKey', {}, { principal }), 'ValidationError', 400, 'Must specify userName when calling with non-User credentials');
  });
});
