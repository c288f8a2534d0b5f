// The official SDK v3 clients as the oracle: requests they serialize go through the real Query
// decoding into these handlers, and they must parse every answer (outputs and errors) as AWS's.

import { sdkHandler } from './testing/sdk-handler.js';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AttachRolePolicyCommand,
  CreateAccessKeyCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  EntityAlreadyExistsException,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  ListUsersCommand,
  MalformedPolicyDocumentException,
  NoSuchEntityException,
  PutRolePolicyCommand,
  SimulatePrincipalPolicyCommand,
  DeleteConflictException,
  DeleteRoleCommand,
} from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { ACCOUNT, ADMIN, createTestHarness, doc, trustDoc, type TestHarness } from '../services/iam/testing/context.js';

let h: TestHarness;

const config = {
  region: 'us-east-1',
  credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' },
  maxAttempts: 1,
} as const;

describe('IAM and STS through SDK v3', () => {
  let iam: IAMClient;
  let sts: STSClient;
  before(async () => {
    h = await createTestHarness();
    iam = new IAMClient({ ...config, requestHandler: sdkHandler('iam', () => ({ ...h.ctx, ...h.as(ADMIN) })) });
    sts = new STSClient({ ...config, requestHandler: sdkHandler('sts', () => ({ ...h.ctx, ...h.as(ADMIN) })) });
  });
  after(() => h.close());

  const trust = trustDoc({ AWS: ADMIN.arn });
  const inline = doc({ Effect: 'Allow', Action: 'ssm:GetParameters', Resource: '*' });

  it('creates and reads a role; the SDK hands back the trust policy URL-encoded, as from AWS', async () => {
    const created = await iam.send(new CreateRoleCommand({ RoleName: 'sdk-role', AssumeRolePolicyDocument: trust, Tags: [{ Key: 'a', Value: 'b' }] }));
    assert.equal(created.Role?.Arn, `arn:aws:iam::${ACCOUNT}:role/sdk-role`);
    assert.ok(created.Role?.CreateDate instanceof Date);
    const got = await iam.send(new GetRoleCommand({ RoleName: 'sdk-role' }));
    assert.equal(decodeURIComponent(got.Role?.AssumeRolePolicyDocument ?? ''), trust);
    assert.equal(got.Role?.MaxSessionDuration, 3600);
    assert.deepEqual(got.Role?.Tags, [{ Key: 'a', Value: 'b' }]);
  });

  it('puts and reads an inline policy, attaches and lists a managed one', async () => {
    await iam.send(new PutRolePolicyCommand({ RoleName: 'sdk-role', PolicyName: 'inline', PolicyDocument: inline }));
    const got = await iam.send(new GetRolePolicyCommand({ RoleName: 'sdk-role', PolicyName: 'inline' }));
    assert.equal(decodeURIComponent(got.PolicyDocument ?? ''), inline);
    const policy = await iam.send(new CreatePolicyCommand({ PolicyName: 'sdk-policy', PolicyDocument: inline }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'sdk-role', PolicyArn: policy.Policy?.Arn }));
    const listed = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'sdk-role' }));
    assert.deepEqual(listed.AttachedPolicies, [{ PolicyName: 'sdk-policy', PolicyArn: policy.Policy?.Arn }]);
    assert.equal(listed.IsTruncated, false);
    const version = await iam.send(new GetPolicyVersionCommand({ PolicyArn: policy.Policy?.Arn, VersionId: 'v1' }));
    assert.equal(version.PolicyVersion?.IsDefaultVersion, true);
    assert.equal(decodeURIComponent(version.PolicyVersion?.Document ?? ''), inline);
  });

  it('creates users and access keys and pages through users', async () => {
    for (const name of ['sdk-a', 'sdk-b', 'sdk-c']) await iam.send(new CreateUserCommand({ UserName: name, Path: '/sdk/' }));
    const key = await iam.send(new CreateAccessKeyCommand({ UserName: 'sdk-a' }));
    assert.match(key.AccessKey?.AccessKeyId ?? '', /^AKIA/);
    const first = await iam.send(new ListUsersCommand({ PathPrefix: '/sdk/', MaxItems: 2 }));
    assert.equal(first.Users?.length, 2);
    assert.equal(first.IsTruncated, true);
    const rest = await iam.send(new ListUsersCommand({ PathPrefix: '/sdk/', MaxItems: 2, Marker: first.Marker }));
    assert.deepEqual(rest.Users?.map((u) => u.UserName), ['sdk-c']);
  });

  it('simulates a policy', async () => {
    const out = await iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: `arn:aws:iam::${ACCOUNT}:role/sdk-role`, ActionNames: ['ssm:GetParameters', 'ssm:PutParameter'] }));
    assert.deepEqual(out.EvaluationResults?.map((r) => r.EvalDecision), ['allowed', 'implicitDeny']);
  });

  it('surfaces IAM errors as the SDK’s typed exceptions with AWS status codes', async () => {
    const cases: Array<[() => Promise<unknown>, new (...args: never[]) => Error, number]> = [
      [() => iam.send(new GetRoleCommand({ RoleName: 'nope' })), NoSuchEntityException, 404],
      [() => iam.send(new CreateRoleCommand({ RoleName: 'SDK-ROLE', AssumeRolePolicyDocument: trust })), EntityAlreadyExistsException, 409],
      [() => iam.send(new CreateRoleCommand({ RoleName: 'bad', AssumeRolePolicyDocument: '{' })), MalformedPolicyDocumentException, 400],
      [() => iam.send(new DeleteRoleCommand({ RoleName: 'sdk-role' })), DeleteConflictException, 409],
    ];
    for (const [send, type, status] of cases) {
      await assert.rejects(send(), (error: Error & { $metadata?: { httpStatusCode?: number } }) => {
        assert.ok(error instanceof type, `${error.name}: ${error.message}`);
        assert.equal(error.$metadata?.httpStatusCode, status);
        return true;
      });
    }
  });

  it('assumes a role and reports the caller through STS', async () => {
    const out = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/sdk-role`, RoleSessionName: 'sdk', DurationSeconds: 900 }));
    assert.match(out.Credentials?.AccessKeyId ?? '', /^ASIA/);
    assert.ok(out.Credentials?.Expiration instanceof Date);
    assert.equal(out.AssumedRoleUser?.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/sdk-role/sdk`);
    const me = await sts.send(new GetCallerIdentityCommand({}));
    assert.deepEqual([me.Account, me.Arn, me.UserId], [ACCOUNT, ADMIN.arn, ADMIN.userId]);
  });

  it('surfaces an AssumeRole denial as AccessDenied 403', async () => {
    await assert.rejects(sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/missing`, RoleSessionName: 'sdk' })), (error: Error & { name: string; $metadata?: { httpStatusCode?: number } }) => {
      assert.equal(error.name, 'AccessDenied');
      assert.equal(error.$metadata?.httpStatusCode, 403);
      return true;
    });
  });
});
