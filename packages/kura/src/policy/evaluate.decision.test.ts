// The decision model: default deny, explicit deny everywhere, the key- and trust-policy
// exceptions, intersection with boundaries and session policies, and which policy type a denial
// names.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ACCOUNT, allowAll, boundary, decide, identity, keyArn, keyPolicy, kind, param, root, rootArn, roleArn, service, session,
  sessionPolicy, trustPolicy, userArn,
} from './testing/evaluate-kit.js';

const GET = { action: 'ssm:GetParameter', resource: param('app/db') };
const DECRYPT = { action: 'kms:Decrypt', resource: keyArn() };
const ASSUME = { action: 'sts:AssumeRole', resource: roleArn('target') };
const allowGet = identity({ Effect: 'Allow', Action: 'ssm:GetParameter', Resource: param('app/*') });
const denyGet = (sid = 'NoDb') => ({ Sid: sid, Effect: 'Deny', Action: 'ssm:GetParameter', Resource: param('app/db') });
const keyAccount = keyPolicy({ Sid: 'Enable IAM policies', Effect: 'Allow', Principal: { AWS: rootArn }, Action: 'kms:*', Resource: '*' });
const identityDecrypt = identity({ Effect: 'Allow', Action: 'kms:Decrypt', Resource: keyArn() });

describe('evaluate: identity policies', () => {
  it('denies by default, naming the identity-based policy', () => {
    assert.deepEqual(decide({}, GET), { decision: 'ImplicitDeny', policyType: 'identity-based policy' });
  });

  it('allows with one matching Allow and reports it', () => {
    const read = identity({ Sid: 'Read', Effect: 'Allow', Action: 'ssm:*', Resource: '*' });
    assert.deepEqual(decide({ identity: [read] }, GET), { decision: 'Allow', statement: { source: read.source, sid: 'Read', index: 0 } });
  });

  it('lets an explicit Deny win over any number of Allows, in any policy of the set', () => {
    const deny = identity([allowAll, denyGet()]);
    const d = decide({ identity: [allowGet, deny] }, GET);
    assert.equal(d.decision, 'ExplicitDeny');
    assert.equal(d.policyType, 'identity-based policy');
    assert.deepEqual(d.statement, { source: deny.source, sid: 'NoDb', index: 1 });
  });

  it('treats group, managed and inline policies alike (a union of Allows)', () => {
    const a = identity({ Effect: 'Allow', Action: 'ssm:GetParameter', Resource: param('other') });
    assert.equal(kind({ identity: [a, allowGet] }, GET), 'Allow');
  });
});

describe('evaluate: permissions boundaries and session policies (intersection)', () => {
  const s3Boundary = boundary({ Effect: 'Allow', Action: ['s3:*', 'cloudwatch:*'], Resource: '*' });

  it('denies what the boundary does not allow, naming the boundary', () => {
    assert.deepEqual(decide({ identity: [allowGet], boundary: s3Boundary }, GET), { decision: 'ImplicitDeny', policyType: 'permissions boundary' });
  });

  it('allows what both allow; a boundary never grants on its own', () => {
    const b = boundary({ Effect: 'Allow', Action: 'ssm:Get*', Resource: '*' });
    assert.equal(kind({ identity: [allowGet], boundary: b }, GET), 'Allow');
    assert.equal(kind({ identity: [], boundary: b }, GET), 'ImplicitDeny');
  });

  it('reports an explicit Deny in the boundary or a session policy with their phrases', () => {
    assert.equal(decide({ identity: [allowGet], boundary: boundary([allowAll, denyGet()]) }, GET).policyType, 'permissions boundary');
    assert.equal(decide({ identity: [allowGet], session: [sessionPolicy([allowAll, denyGet()])] }, { ...GET, principal: session() }).policyType, 'session policy');
  });

  it('lets a session policy only narrow, never widen', () => {
    const broad = sessionPolicy(allowAll);
    const narrow = sessionPolicy({ Effect: 'Allow', Action: 'ssm:GetParameter', Resource: param('app/other') });
    const p = session();
    assert.equal(kind({ identity: [], session: [broad] }, { ...GET, principal: p }), 'ImplicitDeny');
    assert.equal(kind({ identity: [allowGet], session: [broad] }, { ...GET, principal: p }), 'Allow');
    assert.deepEqual(decide({ identity: [allowGet], session: [narrow] }, { ...GET, principal: p }), { decision: 'ImplicitDeny', policyType: 'session policy' });
    assert.equal(kind({ identity: [allowGet], session: [narrow, broad] }, { ...GET, principal: p }), 'Allow');
  });

  it('reads an empty session-policy list as "nothing allowed" (fail closed)', () => {
    assert.equal(decide({ identity: [allowGet], session: [] }, { ...GET, principal: session() }).policyType, 'session policy');
  });
});

describe('evaluate: KMS key policies', () => {
  it('never lets IAM policies alone grant a key', () => {
    const other = keyPolicy({ Effect: 'Allow', Principal: { AWS: roleArn('admin') }, Action: 'kms:*', Resource: '*' });
    assert.deepEqual(decide({ identity: [identity(allowAll)], resource: other }, DECRYPT), { decision: 'ImplicitDeny', policyType: 'resource-based policy' });
  });

  it('needs an identity Allow when the key policy delegates to the account, and names it when missing', () => {
    assert.deepEqual(decide({ identity: [], resource: keyAccount }, DECRYPT), { decision: 'ImplicitDeny', policyType: 'identity-based policy' });
    assert.equal(kind({ identity: [identityDecrypt], resource: keyAccount }, DECRYPT), 'Allow');
    const accountId = keyPolicy({ Effect: 'Allow', Principal: { AWS: ACCOUNT }, Action: 'kms:*', Resource: '*' });
    assert.equal(kind({ identity: [identityDecrypt], resource: accountId }, DECRYPT), 'Allow');
  });

  it('grants directly to a named user, role (all its sessions), session, or "*" with conditions', () => {
    const named = (p: string) => keyPolicy({ Effect: 'Allow', Principal: { AWS: p }, Action: 'kms:Decrypt', Resource: '*' });
    assert.equal(kind({ resource: named(userArn('alice')) }, DECRYPT), 'Allow');
    assert.equal(kind({ resource: named(userArn('bob')) }, DECRYPT), 'ImplicitDeny');
    assert.equal(kind({ resource: named(roleArn('app')) }, { ...DECRYPT, principal: session('app', 'x') }), 'Allow');
    assert.equal(kind({ resource: named(session('app', 'x').arn) }, { ...DECRYPT, principal: session('app', 'x') }), 'Allow');
    assert.equal(kind({ resource: named(session('app', 'x').arn) }, { ...DECRYPT, principal: session('app', 'y') }), 'ImplicitDeny');
    const star = keyPolicy({ Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: '*', Condition: { StringEquals: { 'kms:CallerAccount': ACCOUNT } } });
    assert.equal(kind({ resource: star }, { ...DECRYPT, context: { 'kms:CallerAccount': ACCOUNT } }), 'Allow');
    assert.equal(kind({ resource: star }, DECRYPT), 'ImplicitDeny');
  });

  it('applies an explicit Deny from the key policy or from IAM, with the right phrase', () => {
    const deny = keyPolicy([
      { Effect: 'Allow', Principal: { AWS: rootArn }, Action: 'kms:*', Resource: '*' },
      { Effect: 'Deny', Principal: { AWS: '*' }, Action: 'kms:Decrypt', Resource: '*' },
    ]);
    assert.equal(decide({ identity: [identityDecrypt], resource: deny }, DECRYPT).policyType, 'resource-based policy');
    const iamDeny = identity({ Effect: 'Deny', Action: 'kms:*', Resource: '*' });
    assert.equal(decide({ identity: [iamDeny], resource: keyAccount }, DECRYPT).policyType, 'identity-based policy');
  });

  it('applies a Deny that names only the account to every principal in it', () => {
    const deny = keyPolicy([
      { Effect: 'Allow', Principal: { AWS: userArn('alice') }, Action: 'kms:*', Resource: '*' },
      { Effect: 'Deny', Principal: { AWS: rootArn }, Action: 'kms:Decrypt', Resource: '*' },
    ]);
    assert.equal(kind({ resource: deny }, DECRYPT), 'ExplicitDeny');
  });

  it('spares from a NotPrincipal Deny only a caller whose account, role and session are all listed', () => {
    const p = session('app', 'x');
    const policy = (except: string[]) => keyPolicy([
      { Effect: 'Allow', Principal: { AWS: roleArn('app') }, Action: 'kms:*', Resource: '*' },
      { Effect: 'Deny', NotPrincipal: { AWS: except }, Action: 'kms:*', Resource: '*' },
    ]);
    assert.equal(kind({ resource: policy([p.arn, roleArn('app'), rootArn]) }, { ...DECRYPT, principal: p }), 'Allow');
    assert.equal(kind({ resource: policy([p.arn, roleArn('app')]) }, { ...DECRYPT, principal: p }), 'ExplicitDeny');
    assert.equal(kind({ resource: policy([roleArn('other'), rootArn]) }, { ...DECRYPT, principal: p }), 'ExplicitDeny');
  });

  it('lets the root user in only through the key policy', () => {
    assert.equal(kind({ resource: keyAccount }, { ...DECRYPT, principal: root }), 'Allow');
    const roleOnly = keyPolicy({ Effect: 'Allow', Principal: { AWS: roleArn('app') }, Action: 'kms:*', Resource: '*' });
    assert.equal(kind({ resource: roleOnly }, { ...DECRYPT, principal: root }), 'ImplicitDeny');
    assert.equal(kind({}, { ...GET, principal: root }), 'Allow');
  });
});

describe('evaluate: role trust policies', () => {
  const trusting = (principal: unknown) => trustPolicy({ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' });

  it('lets a trust policy naming the caller exactly suffice alone', () => {
    assert.equal(kind({ resource: trusting({ AWS: userArn('alice') }) }, ASSUME), 'Allow');
  });

  it('needs an identity Allow when the trust policy names the account', () => {
    const assume = identity({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: roleArn('target') });
    assert.deepEqual(decide({ resource: trusting({ AWS: ACCOUNT }) }, ASSUME), { decision: 'ImplicitDeny', policyType: 'identity-based policy' });
    assert.equal(kind({ identity: [assume], resource: trusting({ AWS: ACCOUNT }) }, ASSUME), 'Allow');
  });

  it('never lets IAM alone assume a role, and names the trust policy', () => {
    const assume = identity({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' });
    assert.deepEqual(decide({ identity: [assume], resource: trusting({ AWS: userArn('bob') }) }, ASSUME), { decision: 'ImplicitDeny', policyType: 'role trust policy' });
  });

  it('supports role chaining by role ARN and by session ARN', () => {
    assert.equal(kind({ resource: trusting({ AWS: roleArn('app') }) }, { ...ASSUME, principal: session('app') }), 'Allow');
    assert.equal(kind({ resource: trusting({ AWS: session('app').arn }) }, { ...ASSUME, principal: session('app') }), 'Allow');
    assert.equal(kind({ resource: trusting({ AWS: roleArn('app') }) }, { ...ASSUME, principal: session('other') }), 'ImplicitDeny');
  });

  it('matches service principals only to services', () => {
    const ecs = trusting({ Service: 'ecs-tasks.amazonaws.com' });
    assert.equal(kind({ resource: ecs }, { ...ASSUME, principal: service('ecs-tasks.amazonaws.com') }), 'Allow');
    assert.equal(kind({ resource: ecs }, { ...ASSUME, principal: service('lambda.amazonaws.com') }), 'ImplicitDeny');
    assert.equal(kind({ identity: [identity(allowAll)], resource: ecs }, ASSUME), 'ImplicitDeny');
    assert.equal(kind({ resource: trusting({ AWS: rootArn }) }, { ...ASSUME, principal: service('ecs-tasks.amazonaws.com') }), 'ImplicitDeny');
  });

  it('reports an explicit Deny in the trust policy as the role trust policy', () => {
    const t = trustPolicy([
      { Effect: 'Allow', Principal: { AWS: ACCOUNT }, Action: 'sts:AssumeRole' },
      { Effect: 'Deny', Principal: { AWS: userArn('alice') }, Action: 'sts:AssumeRole' },
    ]);
    assert.equal(decide({ identity: [identity(allowAll)], resource: t }, ASSUME).policyType, 'role trust policy');
  });
});

describe('evaluate: grants naming the caller exactly are not limited by boundaries or session policies', () => {
  const narrowBoundary = boundary({ Effect: 'Allow', Action: 's3:*', Resource: '*' });
  const narrowSession = sessionPolicy({ Effect: 'Allow', Action: 's3:*', Resource: '*' });

  it('user ARN in a key policy: identity and boundary implicit denies do not matter', () => {
    const kp = keyPolicy({ Effect: 'Allow', Principal: { AWS: userArn('alice') }, Action: 'kms:Decrypt', Resource: '*' });
    assert.equal(kind({ resource: kp, boundary: narrowBoundary }, DECRYPT), 'Allow');
  });

  it('session ARN: not limited by boundary or session policy; role ARN: limited by both', () => {
    const p = session('app', 'x');
    const bySession = keyPolicy({ Effect: 'Allow', Principal: { AWS: p.arn }, Action: 'kms:Decrypt', Resource: '*' });
    const byRole = keyPolicy({ Effect: 'Allow', Principal: { AWS: roleArn('app') }, Action: 'kms:Decrypt', Resource: '*' });
    const ask = { ...DECRYPT, principal: p };
    assert.equal(kind({ resource: bySession, boundary: narrowBoundary, session: [narrowSession] }, ask), 'Allow');
    assert.equal(decide({ resource: byRole, boundary: narrowBoundary }, ask).policyType, 'permissions boundary');
    assert.equal(decide({ resource: byRole, session: [narrowSession] }, ask).policyType, 'session policy');
  });

  it('still lets an explicit Deny in the boundary or session policy win over an exact grant', () => {
    const p = session('app', 'x');
    const bySession = keyPolicy({ Effect: 'Allow', Principal: { AWS: p.arn }, Action: 'kms:Decrypt', Resource: '*' });
    const deny = sessionPolicy([allowAll, { Effect: 'Deny', Action: 'kms:Decrypt', Resource: '*' }]);
    assert.equal(kind({ resource: bySession, session: [deny] }, { ...DECRYPT, principal: p }), 'ExplicitDeny');
  });

  it('account delegation with a boundary needs identity and boundary to allow', () => {
    const b = boundary({ Effect: 'Allow', Action: 'kms:*', Resource: '*' });
    assert.equal(kind({ identity: [identityDecrypt], resource: keyAccount, boundary: b }, DECRYPT), 'Allow');
    assert.equal(decide({ identity: [identityDecrypt], resource: keyAccount, boundary: narrowBoundary }, DECRYPT).policyType, 'permissions boundary');
  });
});

describe('evaluate: credentials whose user or role is gone', () => {
  it('allows nothing, not even through a resource or trust policy naming the caller exactly', () => {
    const p = session('app', 'x');
    const kp = keyPolicy({ Effect: 'Allow', Principal: { AWS: p.arn }, Action: 'kms:Decrypt', Resource: '*' });
    const tp = trustPolicy({ Effect: 'Allow', Principal: { AWS: userArn('alice') }, Action: 'sts:AssumeRole' });
    const gone = { identity: [identity(allowAll)], principalGone: true as const };
    assert.equal(kind({ ...gone, resource: kp }, { ...DECRYPT, principal: p }), 'ImplicitDeny');
    assert.deepEqual(decide({ ...gone, resource: tp }, ASSUME), { decision: 'ImplicitDeny', policyType: 'identity-based policy' });
    assert.deepEqual(decide(gone, GET), { decision: 'ImplicitDeny', policyType: 'identity-based policy' });
  });
});
