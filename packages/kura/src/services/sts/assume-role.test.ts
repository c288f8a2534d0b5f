import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { decodeQueryInput } from '../../wire/query-input.js';
import { stsModel } from './model.js';
import { ADMIN, ACCOUNT, createTestHarness, doc, rejectsWith, sessionPrincipal, trustDoc, userPrincipal, type TestHarness } from '../iam/testing/context.js';
import { evaluating } from '../iam/testing/access.js';
import type { Principal } from '../context.js';
import { sessionTokenHash } from './credentials.js';

type Creds = { AccessKeyId: string; SecretAccessKey: string; SessionToken: string; Expiration: Date };
type Assumed = { Credentials: Creds; AssumedRoleUser: { AssumedRoleId: string; Arn: string }; PackedPolicySize?: number };

const roleArn = (name: string, path = '/') => `arn:aws:iam::${ACCOUNT}:role${path}${name}`;
const denialFor = (caller: string, role: string) =>
  `User: ${caller} is not authorized to perform: sts:AssumeRole on resource: ${role} because no role trust policy allows the sts:AssumeRole action`;

describe('AssumeRole', () => {
  let h: TestHarness;
  let dev: Principal;
  const assume = async (principal: Principal, input: Record<string, unknown>) => (await h.sts('AssumeRole', input, h.as(principal))) as unknown as Assumed;
  const asSession = async (out: Assumed) => {
    const session = await h.store.sessions.find(out.Credentials.AccessKeyId);
    assert.ok(session);
    return sessionPrincipal(session);
  };

  before(async () => {
    h = await createTestHarness();
    const user = (await h.iam('CreateUser', { UserName: 'dev' }))['User'] as { Arn: string; UserId: string };
    dev = userPrincipal(user);
    await h.iam('CreateRole', { RoleName: 'by-admin', Path: '/ops/', AssumeRolePolicyDocument: trustDoc({ AWS: ADMIN.arn }), MaxSessionDuration: 7200 });
    await h.iam('CreateRole', { RoleName: 'by-account', AssumeRolePolicyDocument: trustDoc({ AWS: ACCOUNT }) });
    await h.iam('CreateRole', { RoleName: 'by-dev', AssumeRolePolicyDocument: trustDoc({ AWS: user.Arn }) });
    await h.iam('CreateRole', { RoleName: 'ecs-only', AssumeRolePolicyDocument: trustDoc({ Service: 'ecs-tasks.amazonaws.com' }) });
    await h.iam('PutRolePolicy', { RoleName: 'by-admin', PolicyName: 'read', PolicyDocument: doc({ Effect: 'Allow', Action: 'ssm:Get*', Resource: '*' }) });
    // by-admin also trusts role sessions of by-account, for chaining.
    await h.iam('UpdateAssumeRolePolicy', { RoleName: 'by-admin', PolicyDocument: trustDoc({ AWS: [ADMIN.arn, roleArn('by-account')] }) });
  });
  after(() => h.close());

  it('lets the administrator assume a role whose trust policy names it, with AWS-shaped output', async () => {
    const out = await assume(ADMIN, { RoleArn: roleArn('by-admin', '/ops/'), RoleSessionName: 'deploy' });
    const role = (await h.iam('GetRole', { RoleName: 'by-admin' }))['Role'] as { RoleId: string };
    assert.equal(out.AssumedRoleUser.AssumedRoleId, `${role.RoleId}:deploy`);
    assert.equal(out.AssumedRoleUser.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/by-admin/deploy`, 'the path is dropped');
    assert.match(out.Credentials.AccessKeyId, /^ASIA[A-Z2-7]{16}$/);
    assert.match(out.Credentials.SecretAccessKey, /^[A-Za-z0-9+/]{40}$/);
    assert.ok(out.Credentials.SessionToken.length >= 100);
    assert.equal(out.Credentials.Expiration.getTime(), h.clock.now.getTime() + 3600_000);
    assert.equal(out.PackedPolicySize, undefined);
  });

  it('stores the session token only hashed and the secret only wrapped', async () => {
    const out = await assume(ADMIN, { RoleArn: roleArn('by-admin', '/ops/'), RoleSessionName: 'stored' });
    const session = await h.store.sessions.find(out.Credentials.AccessKeyId);
    assert.ok(session);
    assert.equal(session.sessionTokenHash, sessionTokenHash(out.Credentials.SessionToken));
    assert.equal(session.secretCiphertext.includes(Buffer.from(out.Credentials.SecretAccessKey)), false);
    assert.equal(session.sourcePrincipalArn, ADMIN.arn);
    assert.equal(session.expiration.getTime(), out.Credentials.Expiration.getTime());
  });

  it('lets the administrator assume a role that trusts the account (its policy allows sts:AssumeRole)', async () => {
    await assume(ADMIN, { RoleArn: roleArn('by-account'), RoleSessionName: 's1' });
  });

  it('refuses a user without an identity allow when the trust policy names only the account', async () => {
    await rejectsWith(
      assume(dev, { RoleArn: roleArn('by-account'), RoleSessionName: 's1' }),
      'AccessDenied',
      403,
      `User: ${dev.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn('by-account')} because no identity-based policy allows the sts:AssumeRole action`,
    );
  });

  it('lets a user the trust policy names assume the role without any identity policy', async () => {
    await assume(dev, { RoleArn: roleArn('by-dev'), RoleSessionName: 's1' });
  });

  it('lets an explicit deny in the caller’s policy win over a trust policy naming it', async () => {
    await h.iam('PutUserPolicy', { UserName: 'dev', PolicyName: 'no-assume', PolicyDocument: doc({ Effect: 'Deny', Action: 'sts:AssumeRole', Resource: '*' }) });
    await rejectsWith(assume(dev, { RoleArn: roleArn('by-dev'), RoleSessionName: 's1' }), 'AccessDenied', 403, /with an explicit deny in an identity-based policy$/);
    await h.iam('DeleteUserPolicy', { UserName: 'dev', PolicyName: 'no-assume' });
  });

  it('holds a Deny on the role however its name is cased, and names the ARN as sent', async () => {
    await h.iam('PutUserPolicy', { UserName: 'dev', PolicyName: 'no-by-dev', PolicyDocument: doc({ Effect: 'Deny', Action: 'sts:AssumeRole', Resource: roleArn('by-dev') }) });
    await rejectsWith(
      assume(dev, { RoleArn: roleArn('BY-DEV'), RoleSessionName: 's1' }),
      'AccessDenied',
      403,
      `User: ${dev.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn('BY-DEV')} with an explicit deny in an identity-based policy`,
    );
    await h.iam('DeleteUserPolicy', { UserName: 'dev', PolicyName: 'no-by-dev' });
  });

  it('refuses a role that trusts only a service, and a missing role, with the same text', async () => {
    await rejectsWith(assume(ADMIN, { RoleArn: roleArn('ecs-only'), RoleSessionName: 's1' }), 'AccessDenied', 403, denialFor(ADMIN.arn, roleArn('ecs-only')));
    await rejectsWith(assume(ADMIN, { RoleArn: roleArn('no-such-role'), RoleSessionName: 's1' }), 'AccessDenied', 403, denialFor(ADMIN.arn, roleArn('no-such-role')));
    // A role ARN with the wrong path names no role.
    await rejectsWith(assume(ADMIN, { RoleArn: roleArn('by-admin'), RoleSessionName: 's1' }), 'AccessDenied', 403, denialFor(ADMIN.arn, roleArn('by-admin')));
  });

  it('refuses a malformed RoleArn with AWS text', async () => {
    await rejectsWith(h.sts('AssumeRole', { RoleArn: 'nothing-valid-in-here', RoleSessionName: 's1' }), 'ValidationError', 400, 'nothing-valid-in-here is invalid');
    await rejectsWith(h.sts('AssumeRole', { RoleArn: 'arn:a:::something/test-role', RoleSessionName: 's1' }), 'ValidationError', 400, 'arn:a:::something/test-role is invalid');
  });

  it('bounds DurationSeconds: 899 by the model, 900 accepted, over the role maximum refused', async () => {
    const params = new URLSearchParams({ RoleArn: roleArn('by-account'), RoleSessionName: 's1', DurationSeconds: '899' });
    assert.throws(() => decodeQueryInput(stsModel, 'AssumeRole', params), /Member must have value greater than or equal to 900/);
    const short = await assume(ADMIN, { RoleArn: roleArn('by-account'), RoleSessionName: 's1', DurationSeconds: 900 });
    assert.equal(short.Credentials.Expiration.getTime(), h.clock.now.getTime() + 900_000);
    await rejectsWith(
      assume(ADMIN, { RoleArn: roleArn('by-account'), RoleSessionName: 's1', DurationSeconds: 3601 }),
      'ValidationError',
      400,
      'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
    );
    const long = await assume(ADMIN, { RoleArn: roleArn('by-admin', '/ops/'), RoleSessionName: 's1', DurationSeconds: 7200 });
    assert.equal(long.Credentials.Expiration.getTime(), h.clock.now.getTime() + 7200_000);
  });

  it('limits role chaining to one hour', async () => {
    const first = await assume(ADMIN, { RoleArn: roleArn('by-account'), RoleSessionName: 'hop1' });
    const hop = await asSession(first);
    await rejectsWith(
      assume(hop, { RoleArn: roleArn('by-admin', '/ops/'), RoleSessionName: 'hop2', DurationSeconds: 3601 }),
      'ValidationError',
      400,
      'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
    );
    const second = await assume(hop, { RoleArn: roleArn('by-admin', '/ops/'), RoleSessionName: 'hop2' });
    const session = await h.store.sessions.find(second.Credentials.AccessKeyId);
    assert.equal(session?.chained, true);
  });

  it('lets a session policy only narrow the role’s permissions', async () => {
    const broader = doc([{ Effect: 'Allow', Action: ['ssm:GetParameters', 's3:*'], Resource: '*' }]);
    const out = await assume(ADMIN, { RoleArn: roleArn('by-admin', '/ops/'), RoleSessionName: 'narrow', Policy: broader });
    assert.ok(out.PackedPolicySize !== undefined && out.PackedPolicySize > 0 && out.PackedPolicySize <= 100);
    const access = evaluating(h.store, await asSession(out));
    const allowed = async (action: string) => (await access.check({ action, resource: '*' })).allowed;
    assert.equal(await allowed('ssm:GetParameters'), true);
    assert.equal(await allowed('ssm:GetParameter'), false, 'the role allows it, the session policy does not');
    assert.equal(await allowed('s3:ListBucket'), false, 'the session policy allows it, the role does not');
  });

  it('accepts managed session policies by ARN, and refuses ones that do not exist', async () => {
    const out = await assume(ADMIN, { RoleArn: roleArn('by-admin', '/ops/'), RoleSessionName: 'arns', PolicyArns: [{ arn: 'arn:aws:iam::aws:policy/AmazonSSMReadOnlyAccess' }] });
    const session = await h.store.sessions.find(out.Credentials.AccessKeyId);
    assert.deepEqual(session?.sessionPolicyArns, ['arn:aws:iam::aws:policy/AmazonSSMReadOnlyAccess']);
    const missing = `arn:aws:iam::${ACCOUNT}:policy/missing`;
    await rejectsWith(assume(ADMIN, { RoleArn: roleArn('by-admin', '/ops/'), RoleSessionName: 'arns', PolicyArns: [{ arn: missing }] }), 'ValidationError', 400);
  });

  it('refuses a malformed or oversized session policy', async () => {
    await rejectsWith(assume(ADMIN, { RoleArn: roleArn('by-admin', '/ops/'), RoleSessionName: 's', Policy: '{' }), 'MalformedPolicyDocument', 400, 'Syntax errors in policy.');
    const withPrincipal = doc({ Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*' });
    await rejectsWith(assume(ADMIN, { RoleArn: roleArn('by-admin', '/ops/'), RoleSessionName: 's', Policy: withPrincipal }), 'MalformedPolicyDocument', 400, 'Policy document should not specify a principal.');
    const big = doc({ Effect: 'Allow', Action: Array.from({ length: 150 }, (_, i) => `ssm:GetParameter${i}`), Resource: '*' });
    await rejectsWith(assume(ADMIN, { RoleArn: roleArn('by-admin', '/ops/'), RoleSessionName: 's', Policy: big }), 'PackedPolicyTooLarge', 400, /^Packed policy consumes \d+% of allotted space/);
  });

  it('needs sts:TagSession in the trust policy to pass session tags', async () => {
    const tags = [{ Key: 'team', Value: 'a' }];
    await rejectsWith(assume(ADMIN, { RoleArn: roleArn('by-dev'), RoleSessionName: 's', Tags: tags }), 'AccessDenied', 403);
    await h.iam('CreateRole', {
      RoleName: 'taggable',
      AssumeRolePolicyDocument: doc({ Effect: 'Allow', Principal: { AWS: ADMIN.arn }, Action: ['sts:AssumeRole', 'sts:TagSession'] }),
    });
    const out = await assume(ADMIN, { RoleArn: roleArn('taggable'), RoleSessionName: 's', Tags: tags, TransitiveTagKeys: ['team'] });
    assert.ok(out.PackedPolicySize !== undefined);
    const session = await h.store.sessions.find(out.Credentials.AccessKeyId);
    assert.deepEqual(session?.tags, [{ key: 'team', value: 'a' }]);
  });

  it('refuses duplicate tag keys and transitive keys that are not tags', async () => {
    const arn = roleArn('by-admin', '/ops/');
    await rejectsWith(
      h.sts('AssumeRole', { RoleArn: arn, RoleSessionName: 's', Tags: [{ Key: 'a', Value: '1' }, { Key: 'A', Value: '2' }] }),
      'InvalidParameterValue',
      400,
      'Duplicate tag keys found. Please note that Tag keys are case insensitive.',
    );
    await rejectsWith(
      h.sts('AssumeRole', { RoleArn: arn, RoleSessionName: 's', Tags: [{ Key: 'a', Value: '1' }], TransitiveTagKeys: ['b'] }),
      'InvalidParameterValue',
      400,
      'The specified transitive tag key must be included in the requested tags.',
    );
  });

  it('refuses MFA codes: Kura has no MFA devices', async () => {
    await rejectsWith(h.sts('AssumeRole', { RoleArn: roleArn('by-account'), RoleSessionName: 's', SerialNumber: 'arn:aws:iam::123456789012:mfa/x', TokenCode: '123456' }), 'AccessDenied', 403);
  });
});
