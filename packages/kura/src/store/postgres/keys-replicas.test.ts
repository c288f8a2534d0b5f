// KMS keys and access keys across replicas: several stores, each with its own pool, on one
// database, racing the same writes. What one store acknowledged, the others read at once; of
// competing writers exactly one wins; counters and material versions never lose or repeat a step.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SCOPE, T0, accessKey, keyIdFor, newKey } from '../testing/contract/fixtures.js';
import type { PostgresStore } from './open.js';
import { openSharedTestStores } from './testing/database.js';

const KEY = keyIdFor(1);
const OTHER = keyIdFor(2);
const T1 = new Date('2024-06-01T00:00:00.000Z');

/** Runs `body` on `count` replicas of one fresh schema, closing them after (connections are few). */
async function withReplicas(count: number, body: (stores: PostgresStore[]) => Promise<void>): Promise<void> {
  const stores = await openSharedTestStores(count);
  try {
    await body(stores);
  } finally {
    await Promise.all(stores.map((s) => s.close()));
  }
}

/** `n` calls of `op`, spread round-robin over the stores, all in flight at once. */
function race<T>(stores: PostgresStore[], n: number, op: (store: PostgresStore, i: number) => Promise<T>): Promise<T[]> {
  return Promise.all(Array.from({ length: n }, (_, i) => op(stores[i % stores.length] as PostgresStore, i)));
}

/** What the KMS service does to rotate: read the current version, add the next, retry if taken. */
async function rotate(store: PostgresStore, tag: string): Promise<number> {
  for (;;) {
    const key = await store.keys.get(SCOPE, KEY);
    assert.ok(key);
    const version = key.currentMaterial + 1;
    const material = { version, wrapped: Buffer.from(`${tag}-v${version}`), createdAt: T1, origin: 'ON_DEMAND' } as const;
    const outcome = await store.keys.addMaterial(SCOPE, KEY, material);
    if (outcome === 'added') return version;
    assert.equal(outcome, 'version-taken');
  }
}

describe('postgres keys across replicas', () => {
  it('lets exactly one of the replicas creating a key with one alias win, leaving no other key behind', () => withReplicas(3, async (stores) => {
    const ids = Array.from({ length: 12 }, (_, i) => keyIdFor(i + 1));
    const outcomes = await race(stores, ids.length, (s, i) => s.keys.create(SCOPE, newKey(ids[i] as string, 'alias/aws/ssm')));
    const winners = ids.filter((_, i) => outcomes[i]?.outcome === 'created');
    assert.equal(winners.length, 1);
    for (const o of outcomes) if (o.outcome === 'alias-exists') assert.equal(o.targetKeyId, winners[0]);
    for (const s of stores) {
      assert.deepEqual((await s.keys.list(SCOPE, undefined, 100)).map((k) => k.keyId), winners);
      assert.equal((await s.keys.alias(SCOPE, 'alias/aws/ssm'))?.targetKeyId, winners[0]);
    }
  }));

  it('lets exactly one of the replicas creating one alias name win', () => withReplicas(3, async (stores) => {
    const [a] = stores;
    assert.ok(a);
    await a.keys.create(SCOPE, newKey(KEY));
    await a.keys.create(SCOPE, newKey(OTHER));
    const outcomes = await race(stores, 12, (s, i) =>
      s.keys.createAlias(SCOPE, { aliasName: 'alias/race', targetKeyId: i % 2 ? KEY : OTHER, creationDate: T0, lastUpdatedDate: T0 }));
    assert.equal(outcomes.filter((o) => o === 'created').length, 1);
    assert.equal(outcomes.filter((o) => o === 'exists').length, 11);
    const winner = outcomes.indexOf('created') % 2 ? KEY : OTHER;
    for (const s of stores) assert.equal((await s.keys.alias(SCOPE, 'alias/race'))?.targetKeyId, winner);
  }));

  it('counts reservations from every replica once each, up to the limit and no further', () => withReplicas(3, async (stores) => {
    await stores[0]?.keys.create(SCOPE, newKey(KEY));
    const outcomes = await race(stores, 90, (s) => s.keys.reserve(SCOPE, KEY, 60));
    const counts = outcomes.flatMap((o) => (o.outcome === 'reserved' ? [o.material.usageCount] : []));
    assert.deepEqual(counts.sort((x, y) => x - y), Array.from({ length: 60 }, (_, i) => i + 1));
    const exhausted = outcomes.filter((o) => o.outcome === 'exhausted');
    assert.equal(exhausted.length, 30);
    for (const o of exhausted) assert.equal(o.outcome === 'exhausted' && o.material.version, 1);
    for (const s of stores) assert.equal((await s.keys.material(SCOPE, KEY, 1))?.usageCount, 60);
  }));

  it('numbers material versions added by racing replicas 1..N, without a gap or a duplicate', () => withReplicas(3, async (stores) => {
    await stores[0]?.keys.create(SCOPE, newKey(KEY));
    const added = (await race(stores, 24, (s, i) => rotate(s, `r${i}`))).sort((x, y) => x - y);
    assert.deepEqual(added, Array.from({ length: 24 }, (_, i) => i + 2), 'each rotation got its own version');
    for (const s of stores) {
      assert.deepEqual((await s.keys.materials(SCOPE, KEY)).map((m) => m.version), Array.from({ length: 25 }, (_, i) => i + 1));
      assert.equal((await s.keys.get(SCOPE, KEY))?.currentMaterial, 25);
    }
  }));

  it('keeps every reservation within its version\'s limit while replicas rotate under it', () => withReplicas(3, async (stores) => {
    await stores[0]?.keys.create(SCOPE, newKey(KEY));
    const limit = 5;
    const [reservations] = await Promise.all([
      race(stores, 60, (s) => s.keys.reserve(SCOPE, KEY, limit)),
      race(stores, 6, (s, i) => rotate(s, `r${i}`)),
    ]);
    const reserved = reservations.flatMap((o) => (o.outcome === 'reserved' ? [`${o.material.version}/${o.material.usageCount}`] : []));
    assert.equal(new Set(reserved).size, reserved.length, 'no two reservations share a version and count');
    const materials = await stores[1]?.keys.materials(SCOPE, KEY) ?? [];
    assert.deepEqual(materials.map((m) => m.version), [1, 2, 3, 4, 5, 6, 7]);
    for (const m of materials) assert.ok(m.usageCount <= limit, `version ${m.version} used ${m.usageCount} times`);
    assert.equal(materials.reduce((sum, m) => sum + m.usageCount, 0), reserved.length, 'every count is a reservation handed out');
  }));

  it('lets exactly one of the replicas moving a key out of one state win', () => withReplicas(3, async (stores) => {
    await stores[0]?.keys.create(SCOPE, newKey(KEY));
    const outcomes = await race(stores, 12, (s, i) =>
      s.keys.update(SCOPE, KEY, { keyState: 'PendingDeletion', deletionDate: new Date(T1.getTime() + i), pendingWindowInDays: 7 }, 'Enabled'));
    assert.equal(outcomes.filter((o) => o === 'updated').length, 1);
    const winner = outcomes.indexOf('updated');
    for (const s of stores) assert.deepEqual((await s.keys.get(SCOPE, KEY))?.deletionDate, new Date(T1.getTime() + winner));
  }));

  it('keeps a key within its tag limit when replicas each add a new tag at once', () => withReplicas(3, async (stores) => {
    await stores[0]?.keys.create(SCOPE, newKey(KEY, undefined, [{ tagKey: 'kept', tagValue: '0' }]));
    const outcomes = await race(stores, 12, (s, i) => s.keys.tag(SCOPE, KEY, [{ tagKey: `t${String(i).padStart(2, '0')}`, tagValue: `${i}` }], 5));
    assert.equal(outcomes.filter((o) => o === 'ok').length, 4);
    assert.equal(outcomes.filter((o) => o === 'too-many').length, 8);
    const tags = await stores[2]?.keys.tags(SCOPE, KEY);
    assert.equal(tags?.length, 5);
    const won = outcomes.flatMap((o, i) => (o === 'ok' ? [`t${String(i).padStart(2, '0')}`] : []));
    assert.deepEqual(tags?.map((t) => t.tagKey), ['kept', ...won].sort());
  }));

  it('retargets aliases on one replica while another deletes their target, without deadlock or a dangling alias', () => withReplicas(2, async ([a, b]) => {
    assert.ok(a && b);
    const names = Array.from({ length: 10 }, (_, i) => `alias/a${i}`);
    await a.keys.create(SCOPE, newKey(KEY));
    await a.keys.create(SCOPE, newKey(OTHER));
    for (const [i, aliasName] of names.entries()) {
      await a.keys.createAlias(SCOPE, { aliasName, targetKeyId: i % 2 ? KEY : OTHER, creationDate: T0, lastUpdatedDate: T0 });
    }
    const [moves, deleted] = await Promise.all([
      Promise.all(names.map((aliasName) => a.keys.updateAlias(SCOPE, aliasName, OTHER, T1))),
      b.keys.delete(SCOPE, OTHER),
    ]);
    assert.equal(deleted, true);
    for (const outcome of moves) assert.ok(['updated', 'key-not-found', 'not-found'].includes(outcome), outcome);
    // Whatever the interleaving, no alias survives pointing at the deleted key.
    const left = await Promise.all(names.map((aliasName) => a.keys.alias(SCOPE, aliasName)));
    for (const alias of left) if (alias) assert.equal(alias.targetKeyId, KEY);
    assert.equal(await b.keys.get(SCOPE, OTHER), undefined);
  }));

  it('shows a key, its alias and a rotation made on one replica to another at once', () => withReplicas(2, async ([a, b]) => {
    assert.ok(a && b);
    assert.equal(await b.keys.get(SCOPE, KEY), undefined);
    await a.keys.create(SCOPE, newKey(KEY, 'alias/app'));
    assert.equal((await b.keys.alias(SCOPE, 'alias/app'))?.targetKeyId, KEY);
    assert.equal((await b.keys.reserve(SCOPE, KEY, 10)).outcome, 'reserved');
    assert.equal(await a.keys.addMaterial(SCOPE, KEY, { version: 2, wrapped: Buffer.from('w2'), createdAt: T1, origin: 'ON_DEMAND' }), 'added');
    const reserved = await b.keys.reserve(SCOPE, KEY, 10);
    assert.equal(reserved.outcome === 'reserved' && reserved.material.version, 2);
    assert.equal(await b.keys.update(SCOPE, KEY, { keyState: 'Disabled' }, 'Enabled'), 'updated');
    assert.equal((await a.keys.get(SCOPE, KEY))?.keyState, 'Disabled');
  }));
});

describe('postgres access keys across replicas', () => {
  it('reads a key deactivated or deleted through one replica as such on another at once', () => withReplicas(2, async ([a, b]) => {
    assert.ok(a && b);
    const id = 'AKIAEXAMPLE000000001';
    assert.equal(await b.accessKeys.find(id), undefined);
    await a.accessKeys.save(accessKey(id));
    assert.equal((await b.accessKeys.find(id))?.status, 'Active');
    await a.accessKeys.save(accessKey(id, { status: 'Inactive' }));
    assert.equal((await b.accessKeys.find(id))?.status, 'Inactive');
    await b.accessKeys.save(accessKey(id, { status: 'Active', secretCiphertext: Buffer.from('rewrapped') }));
    assert.deepEqual(await a.accessKeys.find(id), accessKey(id, { status: 'Active', secretCiphertext: Buffer.from('rewrapped') }));
    assert.equal(await a.accessKeys.delete(id), true);
    assert.equal(await b.accessKeys.find(id), undefined);
    assert.equal(await b.accessKeys.delete(id), false);
  }));

  it('keeps one whole record when replicas save one id at once', () => withReplicas(3, async (stores) => {
    const id = 'AKIAEXAMPLE000000002';
    const versions = Array.from({ length: 12 }, (_, i) =>
      accessKey(id, { status: i % 2 ? 'Inactive' : 'Active', secretCiphertext: Buffer.from(`secret-${i}`), createDate: new Date(T0.getTime() + i) }));
    await race(stores, versions.length, (s, i) => s.accessKeys.save(versions[i] as (typeof versions)[number]));
    const found = await stores[0]?.accessKeys.find(id);
    assert.ok(versions.some((v) => JSON.stringify(v) === JSON.stringify(found)), 'the record is one of those saved, not a mix');
    for (const s of stores) assert.equal((await s.accessKeys.listForPrincipal(accessKey(id).principalArn)).length, 1);
  }));
});
