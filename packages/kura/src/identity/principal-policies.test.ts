import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { evaluate } from '../../policy/index.js';
import type { PolicySet } from '../../policy/index.js';
import type { SessionRecord } from '../../store/identities.js';
import { StoredPolicyError, createPolicyCache, createPolicyResolver, policiesFor } from './principal-policies.js';
import { ACCOUNT, createTestHarness, doc, trustDoc, type TestHarness } from './testing/context.js';

const allow = (action: string, resource = '*') => doc([{ Effect: 'Allow', Action: action, Resource: resource }]);
const deny = (action: string) => doc([{ Effect: 'Deny', Action: action, Resource: '*' }]);
const userArn = (name: string) => `arn:aws:iam::${ACCOUNT}:user/${name}`;
const decide = (set: PolicySet, action: string, arn = userArn('pat')) =>
  evaluate(set, { principal: { type: 'User', arn, accountId: ACCOUNT }, action, resource: '*', context: {} }).decision;

let h: TestHarness;

/** A user's subject as the gateway builds it for the user's key: the name and the stored unique id. */
async function userSubject(name: string) {
  const user = await h.store.identities.getUser(ACCOUNT, name);
  return { kind: 'user' as const, accountId: ACCOUNT, userName: name, userId: user?.id ?? 'AIDANOSUCHUSER' };
}

function session(over: Partial<SessionRecord>): SessionRecord {
  return {
    accessKeyId: 'ASIAEXAMPLE000000001',
    accountId: ACCOUNT,
    secretCiphertext: Buffer.alloc(0),
    sessionTokenHash: '',
    kind: 'assumed-role',
    principalArn: `arn:aws:sts::${ACCOUNT}:assumed-role/worker/s`,
    principalId: `${workerId}:s`,
    roleArn: `arn:aws:iam::${ACCOUNT}:role/worker`,
    roleName: 'worker',
    sessionName: 's',
    sourcePrincipalArn: userArn('admin'),
    sessionPolicy: null,
    sessionPolicyArns: [],
    sourceIdentity: null,
    tags: [],
    chained: false,
    issuedAt: new Date(),
    expiration: new Date(),
    ...over,
  };
}

let workerId = '';

describe('policiesFor', () => {
  before(async () => {
    h = await createTestHarness();
    await h.iam('CreateUser', { UserName: 'pat' });
    await h.iam('PutUserPolicy', { UserName: 'pat', PolicyName: 'own', PolicyDocument: allow('ssm:GetParameter') });
    await h.iam('AttachUserPolicy', { UserName: 'pat', PolicyArn: 'arn:aws:iam::aws:policy/IAMReadOnlyAccess' });
    await h.iam('CreateGroup', { GroupName: 'readers' });
    await h.iam('AddUserToGroup', { GroupName: 'readers', UserName: 'pat' });
    await h.iam('PutGroupPolicy', { GroupName: 'readers', PolicyName: 'grp', PolicyDocument: allow('kms:Decrypt') });
    const p = await h.iam('CreatePolicy', { PolicyName: 'no-delete', PolicyDocument: deny('ssm:DeleteParameter') });
    await h.iam('AttachGroupPolicy', { GroupName: 'readers', PolicyArn: (p['Policy'] as { Arn: string }).Arn });
    await h.iam('CreateRole', { RoleName: 'worker', AssumeRolePolicyDocument: trustDoc({ Service: 'ecs-tasks.amazonaws.com' }) });
    await h.iam('PutRolePolicy', { RoleName: 'worker', PolicyName: 'read', PolicyDocument: allow('ssm:Get*') });
    workerId = (await h.store.identities.getRole(ACCOUNT, 'worker'))?.id ?? '';
  });
  after(() => h.close());

  it('gathers a user’s inline, attached, and groups’ inline and attached policies', async () => {
    const set = await policiesFor(h.store, { ...(await userSubject('pat')), userName: 'PAT' });
    assert.deepEqual(
      set.identity.map((p) => `${p.source.type}:${p.source.id}`),
      ['inline:own', 'managed:arn:aws:iam::aws:policy/IAMReadOnlyAccess', 'group-inline:grp', `group-managed:arn:aws:iam::${ACCOUNT}:policy/no-delete`],
    );
    assert.equal(decide(set, 'ssm:GetParameter'), 'Allow');
    assert.equal(decide(set, 'kms:Decrypt'), 'Allow');
    assert.equal(decide(set, 'iam:ListRoles'), 'Allow');
    assert.equal(decide(set, 'ssm:PutParameter'), 'ImplicitDeny');
  });

  it('accepts the gateway’s identity shape', async () => {
    const resolve = createPolicyResolver(h.store);
    const { userId } = await userSubject('pat');
    const set = await resolve({ principal: { accountId: ACCOUNT }, subject: { kind: 'user', userName: 'pat', userId } });
    assert.equal(set.identity.length, 4);
  });

  it('sees a change on the next request: the cache follows the store generation', async () => {
    const cache = createPolicyCache();
    const subject = await userSubject('pat');
    const first = await policiesFor(h.store, subject, { cache });
    assert.equal(await policiesFor(h.store, subject, { cache }), first, 'unchanged state is served from the cache');
    await h.iam('DeleteUserPolicy', { UserName: 'pat', PolicyName: 'own' });
    const second = await policiesFor(h.store, subject, { cache });
    assert.equal(decide(second, 'ssm:GetParameter'), 'ImplicitDeny');
    await h.iam('PutUserPolicy', { UserName: 'pat', PolicyName: 'own', PolicyDocument: allow('ssm:GetParameter') });
  });

  it('applies a new default policy version immediately', async () => {
    const arn = `arn:aws:iam::${ACCOUNT}:policy/no-delete`;
    const subject = await userSubject('pat');
    assert.equal(decide(await policiesFor(h.store, subject), 'ssm:DeleteParameter'), 'ExplicitDeny');
    await h.iam('CreatePolicyVersion', { PolicyArn: arn, PolicyDocument: deny('ssm:LabelParameterVersion'), SetAsDefault: true });
    assert.equal(decide(await policiesFor(h.store, subject), 'ssm:DeleteParameter'), 'ImplicitDeny');
  });

  it('gives a missing user no policies at all, and marks it gone', async () => {
    const set = await policiesFor(h.store, await userSubject('ghost'));
    assert.deepEqual(set, { identity: [], principalGone: true });
  });

  it('adds the permissions boundary, which caps what identity policies allow', async () => {
    await h.iam('CreateUser', { UserName: 'capped', PermissionsBoundary: 'arn:aws:iam::aws:policy/AmazonSSMReadOnlyAccess' });
    await h.iam('AttachUserPolicy', { UserName: 'capped', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' });
    const set = await policiesFor(h.store, await userSubject('capped'));
    assert.equal(set.boundary?.source.id, 'arn:aws:iam::aws:policy/AmazonSSMReadOnlyAccess');
    assert.equal(decide(set, 'ssm:GetParameter', userArn('capped')), 'Allow');
    assert.equal(decide(set, 'ssm:PutParameter', userArn('capped')), 'ImplicitDeny');
  });

  it('gives a role session the role’s policies, narrowed by its session policy', async () => {
    const plain = await policiesFor(h.store, { kind: 'session', session: session({}) });
    assert.deepEqual(plain.identity.map((p) => p.source.id), ['read']);
    assert.equal(plain.session, undefined);
    const narrowed = await policiesFor(h.store, { kind: 'session', session: session({ accessKeyId: 'ASIAEXAMPLE000000002', sessionPolicy: allow('ssm:GetParameters') }) });
    const arn = `arn:aws:sts::${ACCOUNT}:assumed-role/worker/s`;
    const principal = { type: 'AssumedRole' as const, arn, roleArn: `arn:aws:iam::${ACCOUNT}:role/worker`, accountId: ACCOUNT };
    const ask = (action: string) => evaluate(narrowed, { principal, action, resource: '*', context: {} }).decision;
    assert.equal(ask('ssm:GetParameters'), 'Allow');
    assert.equal(ask('ssm:GetParameter'), 'ImplicitDeny', 'the session policy narrows');
  });

  it('gives a session of a deleted role nothing', async () => {
    const set = await policiesFor(h.store, { kind: 'session', session: session({ accessKeyId: 'ASIAEXAMPLE000000003', roleName: 'deleted' }) });
    assert.deepEqual(set, { identity: [], principalGone: true });
  });

  it('gives GetSessionToken credentials their user’s policies', async () => {
    const set = await policiesFor(h.store, {
      kind: 'session',
      session: session({
        accessKeyId: 'ASIAEXAMPLE000000004',
        kind: 'session-token',
        principalArn: userArn('pat'),
        principalId: (await userSubject('pat')).userId,
        roleArn: null,
        roleName: null,
        sessionName: null,
      }),
    });
    assert.equal(decide(set, 'kms:Decrypt'), 'Allow');
  });

  it('denies everything when the boundary policy no longer exists (fail closed)', async () => {
    const created = await h.iam('CreatePolicy', { PolicyName: 'gone-fence', PolicyDocument: allow('ssm:*') });
    const arn = (created['Policy'] as { Arn: string }).Arn;
    await h.iam('CreateUser', { UserName: 'fenced', PermissionsBoundary: arn });
    await h.iam('AttachUserPolicy', { UserName: 'fenced', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' });
    // Behind the API's back: DeletePolicy refuses while the policy is a boundary.
    assert.equal(await h.store.identities.deletePolicy(ACCOUNT, arn), 'deleted');
    const set = await policiesFor(h.store, await userSubject('fenced'));
    assert.equal(decide(set, 'ssm:GetParameter', userArn('fenced')), 'ExplicitDeny');
  });

  it('refuses to build a policy set from a stored document that no longer parses', async () => {
    await h.iam('CreateUser', { UserName: 'corrupt' });
    await h.store.identities.putInlinePolicy(ACCOUNT, 'user', 'corrupt', { policyName: 'broken', document: '{"Statement":' });
    await assert.rejects(policiesFor(h.store, await userSubject('corrupt')), StoredPolicyError);
  });
});
