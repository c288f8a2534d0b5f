// IAM and STS across replicas: several stores, each with its own pool, on one database, racing the
// same writes. Of competing creators exactly one wins; limits hold however the writes are spread;
// what one store acknowledged, the others read at once, the IAM generation included (policy sets
// cached by generation must be rebuilt on every replica after any replica's write).

import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { T0 } from '../testing/contract/fixtures.js';
import { ACCOUNT, AWS_ADMIN, DOC, T1, createPolicy, firstVersion, group, policy, role, session, user } from '../testing/contract/iam-fixtures.js';
import type { PostgresStore } from './open.js';
import { openSharedTestStores } from './testing/database.js';

const opened: PostgresStore[] = [];
after(() => Promise.all(opened.map((s) => s.close())));

async function replicas(count: number): Promise<PostgresStore[]> {
  const stores = await openSharedTestStores(count);
  opened.push(...stores);
  return stores;
}

/** Two replicas, typed as such. */
async function two(): Promise<[PostgresStore, PostgresStore]> {
  const [a, b] = await replicas(2);
  assert.ok(a && b);
  return [a, b];
}

function first(stores: PostgresStore[]): PostgresStore {
  assert.ok(stores[0]);
  return stores[0];
}

/** `n` calls of `op`, spread round-robin over the stores, all in flight at once. */
function race<T>(stores: PostgresStore[], n: number, op: (store: PostgresStore, i: number) => Promise<T>): Promise<T[]> {
  return Promise.all(Array.from({ length: n }, (_, i) => op(stores[i % stores.length] as PostgresStore, i)));
}

const count = <T>(items: T[], value: T) => items.filter((i) => i === value).length;

describe('postgres iam across replicas', () => {
  it('lets exactly one of the replicas creating one user name, in any case, win', async () => {
    const stores = await replicas(3);
    const spellings = ['Bob', 'bob', 'BOB', 'bOb', 'boB', 'BoB', 'bOB', 'BOb', 'bob'];
    const outcomes = await race(stores, spellings.length, (s, i) => s.principals.createUser(user(spellings[i] as string)));
    assert.deepEqual([count(outcomes, 'created'), count(outcomes, 'exists')], [1, spellings.length - 1]);
    const winner = spellings[outcomes.indexOf('created')];
    for (const s of stores) {
      assert.equal((await s.principals.getUser(ACCOUNT, 'BOB'))?.name, winner);
      assert.equal((await s.principals.listUsers(ACCOUNT, { limit: 10 })).items.length, 1);
    }
  });

  it('lets exactly one of the replicas creating one policy name win', async () => {
    const stores = await replicas(2);
    const outcomes = await race(stores, 8, (s, i) => s.policies.createPolicy(policy(i % 2 === 0 ? 'Deploy' : 'deploy'), firstVersion()));
    assert.deepEqual([count(outcomes, 'created'), count(outcomes, 'exists')], [1, 7]);
    for (const s of stores) assert.equal((await s.policies.listPolicies(ACCOUNT, { limit: 10 })).items.length, 1);
  });

  it('lets exactly one of two renames onto one name win', async () => {
    const [a, b] = await two();
    await a.principals.createUser(user('alice'));
    await a.principals.createUser(user('bob'));
    const outcomes = await Promise.all([a.principals.updateUser(ACCOUNT, 'alice', { newName: 'carol' }), b.principals.updateUser(ACCOUNT, 'bob', { newName: 'Carol' })]);
    assert.deepEqual(outcomes.slice().sort(), ['exists', 'updated']);
    const names = (await b.principals.listUsers(ACCOUNT, { limit: 10 })).items.map((u) => u.name.toLowerCase()).sort();
    assert.deepEqual(names, outcomes[0] === 'updated' ? ['bob', 'carol'] : ['alice', 'carol']);
  });

  it("shows a policy attached through one replica in the other's generation and reads at once", async () => {
    const [a, b] = await two();
    await a.principals.createUser(user('bob'));
    const arn = await createPolicy(a.policies, 'read');
    const before = await b.policies.generation();
    assert.equal(await a.policies.attachPolicy(ACCOUNT, 'user', 'bob', arn, 10), 'attached');
    const attached = await b.policies.generation();
    assert.notEqual(attached, before, "B's very next read sees A's write");
    assert.deepEqual(await b.policies.attachedPolicies(ACCOUNT, 'user', 'bob'), [{ policyName: 'read', policyArn: arn }]);
    assert.equal(await b.policies.detachPolicy(ACCOUNT, 'user', 'bob', arn), 'detached');
    assert.notEqual(await a.policies.generation(), attached);
    assert.deepEqual(await a.policies.attachedPolicies(ACCOUNT, 'user', 'bob'), []);
  });

  it('moves the generation once for every write that changed something, whichever replica made it', async () => {
    const stores = await replicas(3);
    const a = first(stores);
    await a.principals.createGroup(group('devs'));
    const before = await a.policies.generation();
    const created = await race(stores, 30, (s, i) => s.principals.createUser(user(`u${i}`)));
    assert.equal(count(created, 'created'), 30);
    // Adding a member twice changes nothing the second time, so it must not move the generation.
    const added = await race(stores, 60, (s, i) => s.principals.addUserToGroup(ACCOUNT, 'devs', `u${i % 30}`));
    assert.equal(count(added, 'added'), 60);
    for (const s of stores) assert.equal(await s.policies.generation(), before + 60, 'no bump lost, no bump for a no-op');
  });

  it('keeps concurrent attachments through several replicas within the limit', async () => {
    const stores = await replicas(3);
    const a = first(stores);
    await a.principals.createRole(role('app'));
    const arns = [AWS_ADMIN];
    for (let i = 0; i < 11; i++) arns.push(await createPolicy(a.policies, `p${i}`));
    const outcomes = await race(stores, arns.length * 2, (s, i) => s.policies.attachPolicy(ACCOUNT, 'role', 'app', arns[i % arns.length] as string, 5));
    const attachedArns = new Set(arns.filter((_, i) => outcomes[i] === 'attached' || outcomes[i + arns.length] === 'attached'));
    assert.equal(attachedArns.size, 5, 'exactly the limit, each attachment once');
    for (const s of stores) {
      const listed = await s.policies.attachedPolicies(ACCOUNT, 'role', 'app');
      assert.deepEqual(new Set(listed?.map((p) => p.policyArn)), attachedArns);
    }
    assert.equal(count(outcomes, 'limit-exceeded') + count(outcomes, 'attached'), arns.length * 2);
  });

  it('numbers policy versions made through several replicas without gap or duplicate, and stops at the limit', async () => {
    const stores = await replicas(3);
    const a = first(stores);
    const arn = await createPolicy(a.policies, 'p');
    const outcomes = await race(stores, 12, (s, i) =>
      s.policies.createPolicyVersion(ACCOUNT, arn, { document: DOC(i), setAsDefault: i % 3 === 0, createDate: T1 }, 5));
    const created = outcomes.flatMap((o) => (o.outcome === 'created' ? [o.versionId] : []));
    assert.deepEqual(created.sort(), ['v2', 'v3', 'v4', 'v5']);
    assert.equal(outcomes.filter((o) => o.outcome === 'limit-exceeded').length, 8);
    for (const s of stores) {
      const versions = await s.policies.listPolicyVersions(ACCOUNT, arn);
      assert.deepEqual(versions?.map((v) => v.versionId), ['v1', 'v2', 'v3', 'v4', 'v5']);
      assert.equal(versions?.filter((v) => v.isDefaultVersion).length, 1, 'exactly one default');
    }
  });

  it('keeps concurrent tags through several replicas within the tag limit', async () => {
    const stores = await replicas(2);
    const a = first(stores);
    await a.principals.createUser(user('bob', { tags: [{ key: 'keep', value: '1' }] }));
    const outcomes = await race(stores, 10, (s, i) => s.principals.tag(ACCOUNT, 'user', 'bob', [{ key: `k${i}`, value: String(i) }], 4));
    assert.deepEqual([count(outcomes, 'ok'), count(outcomes, 'too-many')], [3, 7]);
    for (const s of stores) assert.equal((await s.principals.getUser(ACCOUNT, 'bob'))?.tags.length, 4);
  });

  it('never both deletes a user and adds it to a group, when the two race on two replicas', async () => {
    const [a, b] = await two();
    await a.principals.createGroup(group('devs'));
    for (let i = 0; i < 10; i++) {
      const name = `racer${i}`;
      await a.principals.createUser(user(name));
      const [deleted, added] = await Promise.all([a.principals.deleteUser(ACCOUNT, name), b.principals.addUserToGroup(ACCOUNT, 'devs', name)]);
      const members = (await a.principals.usersInGroup(ACCOUNT, 'devs')).map((u) => u.name);
      if (deleted === 'deleted') {
        assert.equal(added, 'user-not-found');
        assert.ok(!members.includes(name));
      } else {
        assert.deepEqual([deleted, added], ['conflict', 'added']);
        assert.ok(members.includes(name));
      }
    }
  });

  it('lets a reset through one replica and IAM writes through another queue, never deadlock', async () => {
    const [a, b] = await two();
    // Writes on rows that exist: their foreign-key checks wait on the rows the reset deletes.
    for (let i = 0; i < 10; i++) await a.principals.createUser(user(`u${i}`));
    for (let round = 0; round < 5; round++) {
      const before = await a.policies.generation();
      const writes = (offset: number) =>
        Array.from({ length: 10 }, (_, i) => b.principals.tag(ACCOUNT, 'user', `u${i}`, [{ key: `k${offset}`, value: 'v' }], 50));
      const results = await Promise.allSettled([...writes(0), a.reset({ accessKeyIds: [] }), ...writes(1)]);
      assert.deepEqual(results.filter((r) => r.status === 'rejected'), []);
      assert.ok((await b.policies.generation()) > before);
      for (let i = 0; i < 10; i++) await a.principals.createUser(user(`u${i}`));
    }
  });
});

describe('postgres sts sessions across replicas', () => {
  it('finds through one replica the session another saved or replaced, at once', async () => {
    const [a, b] = await two();
    const first = session('ASIAREPLICA000000001');
    await a.sessions.save(first);
    assert.deepEqual(await b.sessions.find('ASIAREPLICA000000001'), first);
    const again = session('ASIAREPLICA000000001', { sessionTokenHash: 'cd'.repeat(32), tags: [{ key: 'z', value: '1' }, { key: 'a', value: '2' }] });
    await b.sessions.save(again);
    assert.deepEqual(await a.sessions.find('ASIAREPLICA000000001'), again);
  });

  it('sweeps each expired session once, however many replicas sweep at once', async () => {
    const stores = await replicas(3);
    const a = first(stores);
    const now = new Date(T0.getTime() + 3600_000);
    for (let i = 0; i < 20; i++) {
      const expiration = new Date(now.getTime() + (i < 15 ? -1 - i : i));
      await a.sessions.save(session(`ASIASWEEP${String(i).padStart(11, '0')}`, { expiration }));
    }
    const swept = await race(stores, 6, (s) => s.sessions.deleteExpired(now));
    assert.equal(swept.reduce((sum, n) => sum + n, 0), 15);
    for (const s of stores) assert.equal(await s.sessions.deleteExpired(now), 0);
  });
});
