import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { ACCOUNT, createTestHarness, keyArnOf, rejectsWith, type TestHarness } from './testing/context.js';

let h: TestHarness;
beforeEach(() => {
  h = createTestHarness();
});
afterEach(() => h.close());

const tag = (TagKey: string, TagValue = 'v') => ({ TagKey, TagValue });
const tagsOf = async (keyId: string) => (await h.call('ListResourceTags', { KeyId: keyId }))['Tags'];

const policy = (statement: Record<string, unknown>) => JSON.stringify({ Version: '2012-10-17', Statement: [statement] });
const ROOT_POLICY = policy({ Sid: 'Root may do anything', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' });

describe('tags', () => {
  it('tags at creation and with TagResource, overwriting by key, listed sorted', async () => {
    const keyId = await h.createKey({ Tags: [tag('team', 'a'), tag('app')] });
    await h.call('TagResource', { KeyId: keyArnOf(keyId), Tags: [tag('team', 'b'), tag('cost')] });
    assert.deepEqual(await tagsOf(keyId), [tag('app'), tag('cost'), tag('team', 'b')]);
    await h.call('UntagResource', { KeyId: keyId, TagKeys: ['app', 'never-there'] });
    assert.deepEqual(await tagsOf(keyId), [tag('cost'), tag('team', 'b')]);
  });

  it('refuses duplicate tag keys in one request', async () => {
    await rejectsWith(h.call('CreateKey', { Tags: [tag('a'), tag('a')] }), 'TagException', 'Duplicate tag keys');
  });

  it('refuses more than 50 tags', async () => {
    const many = Array.from({ length: 51 }, (_, i) => tag(`k${i}`));
    await rejectsWith(h.call('CreateKey', { Tags: many }), 'TagException', 'Too many tags');
    const keyId = await h.createKey({ Tags: many.slice(0, 50) });
    await rejectsWith(h.call('TagResource', { KeyId: keyId, Tags: [tag('one-more')] }), 'TagException', 'Too many tags');
    await h.call('TagResource', { KeyId: keyId, Tags: [tag('k0', 'overwrite')] });
  });

  it('reserves tag keys beginning with aws:', async () => {
    await rejectsWith(h.call('CreateKey', { Tags: [tag('AWS:owner')] }), 'TagException', 'Tags beginning with aws: are reserved');
  });

  it('pages tags with Limit and Marker', async () => {
    const keyId = await h.createKey({ Tags: [tag('a'), tag('b'), tag('c')] });
    const first = await h.call('ListResourceTags', { KeyId: keyId, Limit: 2 });
    assert.deepEqual(first['Tags'], [tag('a'), tag('b')]);
    assert.equal(first['Truncated'], true);
    const second = await h.call('ListResourceTags', { KeyId: keyId, Limit: 2, Marker: first['NextMarker'] });
    assert.deepEqual(second['Tags'], [tag('c')]);
    assert.equal(second['Truncated'], false);
  });

  it('cannot tag an AWS managed key', async () => {
    const managed = ((await h.call('DescribeKey', { KeyId: 'alias/aws/ssm' }))['KeyMetadata'] as { KeyId: string }).KeyId;
    await rejectsWith(h.call('TagResource', { KeyId: managed, Tags: [tag('a')] }), 'AccessDeniedException');
    assert.deepEqual(await tagsOf(managed), []);
  });
});

describe('key policies', () => {
  it('stores a policy given at creation and returns it byte for byte', async () => {
    const keyId = await h.createKey({ Policy: ROOT_POLICY });
    assert.deepEqual(await h.call('GetKeyPolicy', { KeyId: keyId, PolicyName: 'default' }), { Policy: ROOT_POLICY, PolicyName: 'default' });
    assert.deepEqual(await h.call('ListKeyPolicies', { KeyId: keyId }), { PolicyNames: ['default'], Truncated: false });
  });

  it('replaces the policy with PutKeyPolicy', async () => {
    const keyId = await h.createKey();
    const next = policy({
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${ACCOUNT}:user/admin` },
      Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:GetKeyPolicy'],
      Resource: '*',
    });
    await h.call('PutKeyPolicy', { KeyId: keyId, Policy: next });
    assert.equal((await h.call('GetKeyPolicy', { KeyId: keyId }))['Policy'], next);
    // The new policy decides from now on: it no longer lets the admin describe the key.
    await rejectsWith(h.call('DescribeKey', { KeyId: keyId }), 'AccessDeniedException', /because no resource-based policy allows the kms:DescribeKey action$/);
  });

  it('refuses a document that is not valid policy JSON with MalformedPolicyDocumentException', async () => {
    await rejectsWith(h.call('CreateKey', { Policy: '{"Version": "2012-10-17", "Statement": [' }), 'MalformedPolicyDocumentException');
    const keyId = await h.createKey();
    await rejectsWith(
      h.call('PutKeyPolicy', { KeyId: keyId, Policy: policy({ Effect: 'Allow', Action: 'kms:*', Resource: '*' }) }),
      'MalformedPolicyDocumentException',
      'Missing required field Principal',
    );
    await rejectsWith(h.call('PutKeyPolicy', { KeyId: keyId, Policy: policy({ Effect: 'Allow', Principal: '*', Resource: '*' }) }), 'MalformedPolicyDocumentException');
  });

  it('answers another policy name with NotFoundException', async () => {
    const keyId = await h.createKey();
    await rejectsWith(h.call('GetKeyPolicy', { KeyId: keyId, PolicyName: 'other' }), 'NotFoundException');
  });

  it("cannot change an AWS managed key's policy, but can read it", async () => {
    const managed = ((await h.call('DescribeKey', { KeyId: 'alias/aws/ssm' }))['KeyMetadata'] as { KeyId: string }).KeyId;
    const current = (await h.call('GetKeyPolicy', { KeyId: managed }))['Policy'] as string;
    assert.match(current, /kms:ViaService/);
    await rejectsWith(h.call('PutKeyPolicy', { KeyId: managed, Policy: ROOT_POLICY }), 'AccessDeniedException');
  });
});
