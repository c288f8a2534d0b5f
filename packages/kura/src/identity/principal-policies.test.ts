import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { evaluate } from '../policy/index.js';
import type { PolicySet } from '../policy/index.js';
import type { SessionRecord } from '../store/sessions.js';
import { openSqliteStore } from '../store/sqlite/index.js';
import type { Store } from '../store/store.js';
import { ACCOUNT, T1, firstVersion, group, iamArn, policy, role, user } from '../store/testing/contract/iam-fixtures.js';
import { StoredPolicyError, createPolicyCache, createPolicyResolver, policiesFor } from './principal-policies.js';
import { MAX_ATTACHED_POLICIES } from './quotas.js';

const doc = (statement: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statement });

const allow = (action: string, resource = '*') => doc([{ Effect: 'Allow', Action: action, Resource: resource }]);
const deny = (action: string) => doc([{ Effect: 'Deny', Action: action, Resource: '*' }]);
const userArn = (name: string) => `arn:aws:iam::${ACCOUNT}:user/${name}`;
const decide = (set: PolicySet, action: string, arn = userArn('pat')) =>
  evaluate(set, { principal: { type: 'User', arn, accountId: ACCOUNT }, action, resource: '*', context: {} }).decision;

let store: Store;

/** A user's subject as the gateway builds it for the user's key: the name and the stored unique id. */
async function userSubject(name: string) {
  const found = await store.principals.getUser(ACCOUNT, name);
  return { kind: 'user' as const, accountId: ACCOUNT, userName: name, userId: found?.id ?? 'AIDANOSUCHUSER' };
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

/** Creates a customer managed policy whose first version is `document`; returns its ARN. */
async function createPolicy(name: string, document: string): Promise<string> {
  const record = policy(name);
  assert.equal(await store.policies.createPolicy(record, firstVersion(document)), 'created');
  return record.arn;
}

const attach = (kind: 'user' | 'group', name: string, arn: string) => store.policies.attachPolicy(ACCOUNT, kind, name, arn, MAX_ATTACHED_POLICIES);
const putInline = (kind: 'user' | 'group' | 'role', name: string, policyName: string, document: string) =>
  store.policies.putInlinePolicy(ACCOUNT, kind, name, { policyName, document });

describe('policiesFor', () => {
  before(async () => {
    store = openSqliteStore({ path: ':memory:' });
    await store.principals.createUser(user('pat'));
    await putInline('user', 'pat', 'own', allow('ssm:GetParameter'));
    await attach('user', 'pat', 'arn:aws:iam::aws:policy/IAMReadOnlyAccess');
    await store.principals.createGroup(group('readers'));
    await store.principals.addUserToGroup(ACCOUNT, 'readers', 'pat');
    await putInline('group', 'readers', 'grp', allow('kms:Decrypt'));
    await attach('group', 'readers', await createPolicy('no-delete', deny('ssm:DeleteParameter')));
    await store.principals.createRole(role('worker'));
    await putInline('role', 'worker', 'read', allow('ssm:Get*'));
    workerId = (await store.principals.getRole(ACCOUNT, 'worker'))?.id ?? '';
  });
  after(() => store.close());

  it('gathers a user’s inline, attached, and groups’ inline and attached policies', async () => {
    const set = await policiesFor(store, { ...(await userSubject('pat')), userName: 'PAT' });
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
    const resolve = createPolicyResolver(store);
    const { userId } = await userSubject('pat');
    const set = await resolve({ principal: { accountId: ACCOUNT }, subject: { kind: 'user', userName: 'pat', userId } });
    assert.equal(set.identity.length, 4);
  });

  it('sees a change on the next request: the cache follows the store generation', async () => {
    const cache = createPolicyCache();
    const subject = await userSubject('pat');
    const first = await policiesFor(store, subject, { cache });
    assert.equal(await policiesFor(store, subject, { cache }), first, 'unchanged state is served from the cache');
    await store.policies.deleteInlinePolicy(ACCOUNT, 'user', 'pat', 'own');
    const second = await policiesFor(store, subject, { cache });
    assert.equal(decide(second, 'ssm:GetParameter'), 'ImplicitDeny');
    await putInline('user', 'pat', 'own', allow('ssm:GetParameter'));
  });

  it('applies a new default policy version immediately', async () => {
    const arn = iamArn(ACCOUNT, 'policy', '/', 'no-delete');
    const subject = await userSubject('pat');
    assert.equal(decide(await policiesFor(store, subject), 'ssm:DeleteParameter'), 'ExplicitDeny');
    await store.policies.createPolicyVersion(ACCOUNT, arn, { document: deny('ssm:LabelParameterVersion'), setAsDefault: true, createDate: T1 }, 5);
    assert.equal(decide(await policiesFor(store, subject), 'ssm:DeleteParameter'), 'ImplicitDeny');
  });

  it('gives a missing user no policies at all, and marks it gone', async () => {
    const set = await policiesFor(store, await userSubject('ghost'));
    assert.deepEqual(set, { identity: [], principalGone: true });
  });

  it('adds the permissions boundary, which caps what identity policies allow', async () => {
    await store.principals.createUser(user('capped', { permissionsBoundary: 'arn:aws:iam::aws:policy/AmazonSSMReadOnlyAccess' }));
    await attach('user', 'capped', 'arn:aws:iam::aws:policy/AdministratorAccess');
    const set = await policiesFor(store, await userSubject('capped'));
    assert.equal(set.boundary?.source.id, 'arn:aws:iam::aws:policy/AmazonSSMReadOnlyAccess');
    assert.equal(decide(set, 'ssm:GetParameter', userArn('capped')), 'Allow');
    assert.equal(decide(set, 'ssm:PutParameter', userArn('capped')), 'ImplicitDeny');
  });

  it('gives a role session the role’s policies, narrowed by its session policy', async () => {
    const plain = await policiesFor(store, { kind: 'session', session: session({}) });
    assert.deepEqual(plain.identity.map((p) => p.source.id), ['read']);
    assert.equal(plain.session, undefined);
    const narrowed = await policiesFor(store, { kind: 'session', session: session({ accessKeyId: 'ASIAEXAMPLE000000002', sessionPolicy: allow('ssm:GetParameters') }) });
    const arn = `arn:aws:sts::${ACCOUNT}:assumed-role/worker/s`;
    const principal = { type: 'AssumedRole' as const, arn, roleArn: `arn:aws:iam::${ACCOUNT}:role/worker`, accountId: ACCOUNT };
    const ask = (action: string) => evaluate(narrowed, { principal, action, resource: '*', context: {} }).decision;
    assert.equal(ask('ssm:GetParameters'), 'Allow');
    assert.equal(ask('ssm:GetParameter'), 'ImplicitDeny', 'the session policy narrows');
  });

  it('gives a session of a deleted role nothing', async () => {
    const set = await policiesFor(store, { kind: 'session', session: session({ accessKeyId: 'ASIAEXAMPLE000000003', roleName: 'deleted' }) });
    assert.deepEqual(set, { identity: [], principalGone: true });
  });

  it('gives GetSessionToken credentials their user’s policies', async () => {
    const set = await policiesFor(store, {
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
    const arn = await createPolicy('gone-fence', allow('ssm:*'));
    await store.principals.createUser(user('fenced', { permissionsBoundary: arn }));
    await attach('user', 'fenced', 'arn:aws:iam::aws:policy/AdministratorAccess');
    // Behind the API's back: DeletePolicy refuses while the policy is a boundary.
    assert.equal(await store.policies.deletePolicy(ACCOUNT, arn), 'deleted');
    const set = await policiesFor(store, await userSubject('fenced'));
    assert.equal(decide(set, 'ssm:GetParameter', userArn('fenced')), 'ExplicitDeny');
  });

  it('refuses to build a policy set from a stored document that no longer parses', async () => {
    await store.principals.createUser(user('corrupt'));
    await putInline('user', 'corrupt', 'broken', '{"Statement":');
    await assert.rejects(policiesFor(store, await userSubject('corrupt')), StoredPolicyError);
  });
});
