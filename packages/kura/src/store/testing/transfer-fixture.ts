// A store filled through its ports with every kind of record the transfer port copies, with the
// awkward cases a copy could get wrong: byte strings that are not UTF-8 (as ciphertexts are), free
// text holding U+0000 (which PostgreSQL keeps as bytea, and jsonb cannot carry),
// names whose byte order differs from a locale's order, case-folded IAM names and tag keys,
// versions evicted from a history, labels moved, key material added by rotations, an expired STS
// session; and a dump of a store read back through its ports, to compare two stores as a server
// would see them.

import type { Store } from '../store.js';
import type { TransferRepository } from '../transfer.js';
import { accessKey, newKey, OTHER_ACCOUNT, OTHER_REGION, SCOPE, T0, version } from './contract/fixtures.js';
import { ACCOUNT, AWS_READ_ONLY, DOC, firstVersion, group, OTHER, policy, role, session, T1, T2, user } from './contract/iam-fixtures.js';
import { dumpSecrets, fillSecrets } from './secret-transfer-fixture.js';

export type TransferableStore = Store & { readonly transfer: TransferRepository };

/** A moment after which the fixture's valid session is still valid and its expired one is not. */
export const FIXTURE_NOW = new Date('2024-06-15T00:00:00.000Z');
export const VALID_SESSION = 'ASIAVALID0000000001';
export const EXPIRED_SESSION = 'ASIAEXPIRED00000001';
export const MASTER_CHECK = Buffer.from('7b0c9f0e5f3a2d1c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4', 'hex');

/** Not UTF-8, with a NUL: what a ciphertext looks like. */
const BINARY = Buffer.from([0x00, 0xff, 0xfe, 0x80, 0x0a, 0x27, 0x5c, 0x22]);
/** In byte order; a locale's order would put them otherwise (é after z, upper case after lower). */
const NAMES = ['/Zeta', '/a-b', '/a/b', '/a/é', '/a/z', '/app/db/password', '/ünïcode/名前'];

async function must<T>(outcome: Promise<T>, expected: T | ((value: T) => boolean), what: string): Promise<void> {
  const value = await outcome;
  const ok = typeof expected === 'function' ? (expected as (value: T) => boolean)(value) : value === expected;
  if (!ok) throw new Error(`fixture: ${what} gave ${JSON.stringify(value)}`);
}

async function fillParameters(store: Store): Promise<void> {
  const { parameters } = store;
  for (const name of NAMES) {
    await must(parameters.put(SCOPE, { name, displayName: name, expectedLatest: 0, version: version({ value: Buffer.from(`first ${name}`) }), tags: [], maxVersions: 100 }), (o) => o.outcome === 'written', `put ${name}`);
  }
  // A SecureString history capped at 3: versions 1 and 2 are evicted, 3–5 stay, labels on two of them.
  const secret = { name: '/app/db/password', displayName: 'app/db/password' };
  for (let v = 2; v <= 5; v++) {
    const next = version({
      type: 'SecureString', value: Buffer.concat([BINARY, Buffer.from([v])]), keyId: 'alias/aws/ssm',
      description: v === 5 ? `rotation\u0000${v} 😀\uffff` : `rotation ${v}`, allowedPattern: v === 5 ? '^[^\u0000]{8,}$' : null,
      tier: v >= 4 ? 'Advanced' : 'Standard', lastModifiedDate: new Date(T0.getTime() + v * 1000),
      policies: v === 5 ? '[{"Type":"Expiration","Version":"1.0","Attributes":{"Timestamp":"2030-01-01T00:00:00.000Z"}}]' : null,
    });
    await must(parameters.put(SCOPE, { ...secret, expectedLatest: v - 1, version: next, tags: [], maxVersions: 3 }), (o) => o.outcome === 'written', `put v${v}`);
  }
  await must(parameters.label(SCOPE, '/app/db/password', 3, ['stable', 'Blue'], 10), (o) => o.outcome === 'labelled', 'label 3');
  await must(parameters.label(SCOPE, '/app/db/password', 4, ['stable'], 10), (o) => o.outcome === 'labelled', 'move label');
  await must(parameters.addTags(SCOPE, '/app/db/password', [{ key: 'team', value: 'payments' }, { key: 'Env', value: 'prod' }, { key: 'été', value: '' }], 50), 'ok', 'tags');
  const list = version({ type: 'StringList', value: Buffer.from('a,b,c'), dataType: 'text' });
  await must(parameters.put(OTHER_REGION, { name: '/a/b', displayName: '/a/b', expectedLatest: 0, version: list, tags: [{ key: 'k', value: 'v' }], maxVersions: 100 }), (o) => o.outcome === 'written', 'other region');
  await must(parameters.put(OTHER_ACCOUNT, { name: '/a/b', displayName: 'a/b', expectedLatest: 0, version: version({ dataType: 'aws:ec2:image' }), tags: [], maxVersions: 100 }), (o) => o.outcome === 'written', 'other account');
}

async function fillKeys(store: Store): Promise<void> {
  const { keys } = store;
  const id = (n: number) => `0000000${n}-1111-4222-8333-444455556666`;
  await must(keys.create(SCOPE, newKey(id(1), 'alias/aws/ssm')), (o) => o.outcome === 'created', 'key 1');
  const tags = [{ tagKey: 'Owner', tagValue: 'ops' }, { tagKey: 'cost', tagValue: '42' }, { tagKey: 'cost\u0000', tagValue: '\u0000' }, { tagKey: '😀', tagValue: '\uffff' }];
  const rotating = newKey(id(2), undefined, tags);
  rotating.key = { ...rotating.key, description: 'rotates\u0000', rotationEnabled: true, rotationPeriodInDays: 90, nextRotationDate: T2, keyManager: 'CUSTOMER' };
  rotating.material.wrapped = BINARY;
  await must(keys.create(SCOPE, rotating), (o) => o.outcome === 'created', 'key 2');
  await must(keys.addMaterial(SCOPE, id(2), { version: 2, wrapped: Buffer.concat([BINARY, BINARY]), createdAt: T1, origin: 'ON_DEMAND' }), 'added', 'rotate');
  await must(keys.addMaterial(SCOPE, id(2), { version: 3, wrapped: Buffer.from('third'), createdAt: T2, origin: 'AUTOMATIC' }), 'added', 'rotate again');
  await must(keys.reserve(SCOPE, id(2), 1000), (o) => o.outcome === 'reserved', 'reserve');
  await must(keys.createAlias(SCOPE, { aliasName: 'alias/app', targetKeyId: id(2), creationDate: T0, lastUpdatedDate: T1 }), 'created', 'alias');
  await must(keys.create(SCOPE, newKey(id(3))), (o) => o.outcome === 'created', 'key 3');
  await must(keys.update(SCOPE, id(3), { keyState: 'PendingDeletion', deletionDate: T2, pendingWindowInDays: 7 }), 'updated', 'schedule deletion');
  await must(keys.create(OTHER_REGION, newKey(id(1), 'alias/aws/ssm')), (o) => o.outcome === 'created', 'key in another region');
}

async function fillIam(store: Store): Promise<void> {
  const { principals, policies, accessKeys, sessions } = store;
  await must(principals.createUser(user('Alice', { tags: [{ key: 'Dept', value: 'eng' }], permissionsBoundary: AWS_READ_ONLY })), 'created', 'alice');
  await must(principals.createUser(user('bob', { path: '/team/' })), 'created', 'bob');
  await must(principals.createUser(user('carol', { accountId: OTHER })), 'created', 'carol');
  await must(principals.createGroup(group('Devs')), 'created', 'group');
  await must(principals.createRole(role('App', { description: 'the app', maxSessionDuration: 7200, tags: [{ key: 'ENV', value: 'prod' }] })), 'created', 'role');
  await must(principals.addUserToGroup(ACCOUNT, 'devs', 'alice'), 'added', 'member alice');
  await must(principals.addUserToGroup(ACCOUNT, 'Devs', 'BOB'), 'added', 'member bob');
  await must(policies.createPolicy(policy('ReadApp', { tags: [{ key: 'b', value: '2' }, { key: 'A', value: '1' }], description: 'reads\u0000 😀' }), firstVersion()), 'created', 'policy');
  const arn = policy('ReadApp').arn;
  await must(policies.createPolicyVersion(ACCOUNT, arn, { document: DOC(2), setAsDefault: true, createDate: T1 }, 5), (o) => o.outcome === 'created', 'v2');
  await must(policies.createPolicyVersion(ACCOUNT, arn, { document: DOC(3), setAsDefault: false, createDate: T2 }, 5), (o) => o.outcome === 'created', 'v3');
  await must(policies.deletePolicyVersion(ACCOUNT, arn, 'v1'), 'deleted', 'delete v1');
  await must(policies.attachPolicy(ACCOUNT, 'group', 'devs', arn, 10), 'attached', 'attach customer');
  await must(policies.attachPolicy(ACCOUNT, 'role', 'app', AWS_READ_ONLY, 10), 'attached', 'attach aws managed');
  await must(policies.attachPolicy(ACCOUNT, 'user', 'alice', arn, 10), 'attached', 'attach to user');
  await must(policies.putInlinePolicy(ACCOUNT, 'user', 'alice', { policyName: 'Inline-One', document: DOC(4) }), 'put', 'inline');
  await must(policies.putInlinePolicy(ACCOUNT, 'role', 'app', { policyName: 'self', document: DOC(5) }), 'put', 'inline role');
  await accessKeys.save(accessKey('AKIAALICE00000000001', { principalArn: user('Alice').arn, secretCiphertext: BINARY }));
  await accessKeys.save(accessKey('AKIAALICE00000000002', { principalArn: user('Alice').arn, status: 'Inactive', createDate: T1 }));
  await sessions.save(session(VALID_SESSION, {
    expiration: new Date(FIXTURE_NOW.getTime() + 3600_000), tags: [{ key: 'z', value: '1' }, { key: 'a', value: '2' }],
    sessionPolicyArns: [AWS_READ_ONLY, arn], sessionPolicy: DOC(6), sourceIdentity: 'ci', chained: true,
  }));
  await sessions.save(session(EXPIRED_SESSION, { expiration: new Date(FIXTURE_NOW.getTime() - 1) }));
}

/** Fills `store` through its ports; the master key check and one periodic job run included. */
export async function fillStore(store: Store): Promise<void> {
  await must(store.meta.checkMasterKey(MASTER_CHECK), 'recorded', 'key check');
  await must(store.meta.claimJob('sts-session-sweep', T1, 60_000), true, 'job');
  await fillParameters(store);
  await fillKeys(store);
  await fillIam(store);
  await fillSecrets(store);
}

/** Everything a server could read from `store`, through the ports, as plain data. */
export async function dumpThroughPorts(store: Store): Promise<unknown> {
  const dump: Record<string, unknown> = {};
  for (const scope of [SCOPE, OTHER_REGION, OTHER_ACCOUNT]) {
    const where = `${scope.accountId}/${scope.region}`;
    const heads = await store.parameters.list(scope, { limit: 1000 });
    dump[`parameters ${where}`] = await Promise.all(
      heads.map(async (head) => ({ head, history: await store.parameters.history(scope, head.name, 0, 1000), tags: await store.parameters.tags(scope, head.name) })),
    );
    const keys = await store.keys.list(scope, undefined, 1000);
    dump[`keys ${where}`] = await Promise.all(
      keys.map(async (key) => ({ key, materials: await store.keys.materials(scope, key.keyId), tags: await store.keys.tags(scope, key.keyId) })),
    );
    dump[`aliases ${where}`] = await store.keys.listAliases(scope, { limit: 1000 });
  }
  dump.accessKeys = await store.accessKeys.all();
  for (const account of [ACCOUNT, OTHER]) {
    const users = (await store.principals.listUsers(account, { limit: 1000 })).items;
    const groups = (await store.principals.listGroups(account, { limit: 1000 })).items;
    const roles = (await store.principals.listRoles(account, { limit: 1000 })).items;
    const grants = async (kind: 'user' | 'group' | 'role', name: string) => ({
      attached: await store.policies.attachedPolicies(account, kind, name),
      inline: await store.policies.inlinePolicies(account, kind, name),
    });
    dump[`iam ${account}`] = {
      users: await Promise.all(users.map(async (u) => ({ u, groups: await store.principals.groupsForUser(account, u.name), ...(await grants('user', u.name)) }))),
      groups: await Promise.all(groups.map(async (g) => ({ g, members: await store.principals.usersInGroup(account, g.name), ...(await grants('group', g.name)) }))),
      roles: await Promise.all(roles.map(async (r) => ({ r, ...(await grants('role', r.name)) }))),
      policies: await Promise.all(
        (await store.policies.listPolicies(account, { limit: 1000 })).items.map(async (p) => ({ p, versions: await store.policies.listPolicyVersions(account, p.arn) })),
      ),
    };
  }
  // The valid session only: a copy leaves expired ones behind.
  dump.session = await store.sessions.find(VALID_SESSION);
  Object.assign(dump, await dumpSecrets(store));
  return dump;
}
