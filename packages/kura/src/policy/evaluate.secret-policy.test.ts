// A Secrets Manager secret's resource policy within its account: unlike key and trust policies it
// is an ordinary resource-based policy, so an Allow in it or in the identity policies suffices
// (the union), an explicit Deny in either wins, and a grant through the role or the account is
// still limited by boundaries and session policies.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ACCOUNT, boundary, decide, identity, kind, rootArn, roleArn, secretArn, secretPolicy, session, sessionPolicy, userArn } from './testing/evaluate-kit.js';

const GET = { action: 'secretsmanager:GetSecretValue', resource: secretArn() };
const allowIdentity = identity({ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: secretArn('app/*') });
const grant = (principal: unknown, extra: object = {}) => secretPolicy({ Effect: 'Allow', Principal: principal, Action: 'secretsmanager:GetSecretValue', Resource: '*', ...extra });

describe('evaluate: secret resource policies (same account)', () => {
  it('lets an identity Allow suffice when the secret policy says nothing about the caller', () => {
    const other = grant({ AWS: roleArn('admin') });
    assert.equal(kind({ identity: [allowIdentity], resource: other }, GET), 'Allow');
    assert.equal(kind({ identity: [allowIdentity] }, GET), 'Allow');
  });

  it('lets the secret policy alone grant the named user, role or session', () => {
    assert.equal(kind({ resource: grant({ AWS: userArn('alice') }) }, GET), 'Allow');
    assert.equal(kind({ resource: grant({ AWS: roleArn('app') }) }, { ...GET, principal: session('app', 'x') }), 'Allow');
    assert.equal(kind({ resource: grant({ AWS: userArn('bob') }) }, GET), 'ImplicitDeny');
  });

  it('treats a grant to the account as delegation: the identity policies must allow', () => {
    assert.deepEqual(decide({ resource: grant({ AWS: rootArn }) }, GET), { decision: 'ImplicitDeny', policyType: 'identity-based policy' });
    assert.equal(kind({ identity: [allowIdentity], resource: grant({ AWS: ACCOUNT }) }, GET), 'Allow');
  });

  it('names the identity-based policy when neither allows', () => {
    assert.deepEqual(decide({ resource: grant({ AWS: userArn('bob') }) }, GET), { decision: 'ImplicitDeny', policyType: 'identity-based policy' });
  });

  it('lets an explicit Deny in the secret policy win over an identity Allow, naming the resource-based policy', () => {
    const deny = secretPolicy({ Effect: 'Deny', Principal: '*', Action: 'secretsmanager:*', Resource: '*' });
    const decision = decide({ identity: [allowIdentity], resource: deny }, GET);
    assert.equal(decision.decision, 'ExplicitDeny');
    assert.equal(decision.policyType, 'resource-based policy');
    const onlyBob = secretPolicy({ Effect: 'Deny', Principal: { AWS: userArn('bob') }, Action: '*', Resource: '*' });
    assert.equal(kind({ identity: [allowIdentity], resource: onlyBob }, GET), 'Allow');
  });

  it('lets an identity Deny win over a secret policy Allow naming the caller', () => {
    const deny = identity({ Effect: 'Deny', Action: 'secretsmanager:GetSecretValue', Resource: '*' });
    assert.equal(kind({ identity: [deny], resource: grant({ AWS: userArn('alice') }) }, GET), 'ExplicitDeny');
  });

  it('limits a grant through the role by the boundary and the session policies, not one naming the session', () => {
    const narrow = boundary({ Effect: 'Allow', Action: 'ssm:*', Resource: '*' });
    const asTask = { ...GET, principal: session('app', 'task') };
    assert.equal(kind({ boundary: narrow, resource: grant({ AWS: roleArn('app') }) }, asTask), 'ImplicitDeny');
    assert.equal(kind({ session: [sessionPolicy({ Effect: 'Allow', Action: 'ssm:*', Resource: '*' })], resource: grant({ AWS: roleArn('app') }) }, asTask), 'ImplicitDeny');
    assert.equal(kind({ boundary: narrow, resource: grant({ AWS: session('app', 'task').arn }) }, asTask), 'Allow');
  });
});
