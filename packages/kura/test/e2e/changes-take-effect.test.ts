// The running server keeps what it reads until its own next write (store/sqlite/epoch-cache.ts).
// These tests drive it with SDK v3 the way users will and check that no change is ever missed:
// each write is seen by the very next request, whether it changes a value, a path listing, a
// policy, an access key or a tag that a policy names.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  DeleteUserPolicyCommand,
  IAMClient,
  PutUserPolicyCommand,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
import {
  AddTagsToResourceCommand,
  DeleteParameterCommand,
  GetParameterCommand,
  GetParametersByPathCommand,
  PutParameterCommand,
  SSMClient,
} from '@aws-sdk/client-ssm';
import { startKura, type RunningKura } from './harness.js';

const ACCOUNT = '123456789012';
const READ_APP = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['ssm:GetParameter', 'ssm:GetParametersByPath'], Resource: '*' }] };
const DENY_SECRET = { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'ssm:GetParameter', Resource: `arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/app/secret` }] };
const DENY_PROD = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Deny', Action: 'ssm:GetParameter', Resource: '*', Condition: { StringEquals: { 'ssm:resourceTag/env': 'prod' } } }],
};

describe('changes take effect on the next request', () => {
  let kura: RunningKura;
  let admin: SSMClient;
  let iam: IAMClient;
  let alice: SSMClient;
  let aliceKeyId: string;
  before(async () => {
    kura = await startKura({ args: ['--account-id', ACCOUNT] });
    admin = new SSMClient({ endpoint: kura.url, region: kura.region, credentials: kura.credentials });
    iam = new IAMClient({ endpoint: kura.url, region: kura.region, credentials: kura.credentials });
    await iam.send(new CreateUserCommand({ UserName: 'alice' }));
    await iam.send(new PutUserPolicyCommand({ UserName: 'alice', PolicyName: 'read', PolicyDocument: JSON.stringify(READ_APP) }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'alice' }))).AccessKey;
    aliceKeyId = key?.AccessKeyId as string;
    alice = new SSMClient({ endpoint: kura.url, region: kura.region, credentials: { accessKeyId: aliceKeyId, secretAccessKey: key?.SecretAccessKey as string } });
    for (const name of ['/app/a', '/app/secret', '/app/tagged']) await admin.send(new PutParameterCommand({ Name: name, Value: 'v1', Type: 'String' }));
  });
  after(async () => {
    for (const client of [admin, iam, alice]) client.destroy();
    await kura.stop();
  });

  const value = async (client: SSMClient, name: string) => (await client.send(new GetParameterCommand({ Name: name }))).Parameter?.Value;
  const names = async (client: SSMClient) => ((await client.send(new GetParametersByPathCommand({ Path: '/app' }))).Parameters ?? []).map((p) => p.Name);

  test('a value, a deletion and a new parameter, read just before and just after', async () => {
    assert.equal(await value(alice, '/app/a'), 'v1');
    assert.deepEqual(await names(alice), ['/app/a', '/app/secret', '/app/tagged']);
    await admin.send(new PutParameterCommand({ Name: '/app/a', Value: 'v2', Type: 'String', Overwrite: true }));
    assert.equal(await value(alice, '/app/a'), 'v2');
    await admin.send(new PutParameterCommand({ Name: '/app/b', Value: 'new', Type: 'String' }));
    assert.deepEqual(await names(alice), ['/app/a', '/app/b', '/app/secret', '/app/tagged']);
    await admin.send(new DeleteParameterCommand({ Name: '/app/b' }));
    await assert.rejects(alice.send(new GetParameterCommand({ Name: '/app/b' })), { name: 'ParameterNotFound' });
    assert.deepEqual(await names(alice), ['/app/a', '/app/secret', '/app/tagged']);
  });

  test('a Deny added to the caller is enforced at once, and lifted at once', async () => {
    assert.equal(await value(alice, '/app/secret'), 'v1');
    await iam.send(new PutUserPolicyCommand({ UserName: 'alice', PolicyName: 'deny-secret', PolicyDocument: JSON.stringify(DENY_SECRET) }));
    await assert.rejects(alice.send(new GetParameterCommand({ Name: '/app/secret' })), (error: Error) => {
      assert.equal(error.name, 'AccessDeniedException');
      assert.match(error.message, /with an explicit deny in an identity-based policy$/);
      return true;
    });
    await iam.send(new DeleteUserPolicyCommand({ UserName: 'alice', PolicyName: 'deny-secret' }));
    assert.equal(await value(alice, '/app/secret'), 'v1');
  });

  test('a tag that a Deny names applies from the moment it is added', async () => {
    await iam.send(new PutUserPolicyCommand({ UserName: 'alice', PolicyName: 'deny-prod', PolicyDocument: JSON.stringify(DENY_PROD) }));
    assert.equal(await value(alice, '/app/tagged'), 'v1', 'untagged: the Deny does not apply');
    await admin.send(new AddTagsToResourceCommand({ ResourceType: 'Parameter', ResourceId: '/app/tagged', Tags: [{ Key: 'env', Value: 'prod' }] }));
    await assert.rejects(alice.send(new GetParameterCommand({ Name: '/app/tagged' })), { name: 'AccessDeniedException' });
    assert.equal(await value(alice, '/app/a'), 'v2', 'other parameters are unaffected');
    await iam.send(new DeleteUserPolicyCommand({ UserName: 'alice', PolicyName: 'deny-prod' }));
  });

  test('an access key made inactive is refused on its next request', async () => {
    assert.equal(await value(alice, '/app/a'), 'v2');
    await iam.send(new UpdateAccessKeyCommand({ UserName: 'alice', AccessKeyId: aliceKeyId, Status: 'Inactive' }));
    await assert.rejects(alice.send(new GetParameterCommand({ Name: '/app/a' })), { name: 'UnrecognizedClientException' });
    await iam.send(new UpdateAccessKeyCommand({ UserName: 'alice', AccessKeyId: aliceKeyId, Status: 'Active' }));
    assert.equal(await value(alice, '/app/a'), 'v2');
  });
});
