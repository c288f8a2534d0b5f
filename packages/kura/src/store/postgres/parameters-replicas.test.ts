// Parameters across replicas: several stores, each with its own pool, on one database, racing the
// same writes. What one store acknowledged, the others read at once; of writers that based their
// put on the same version exactly one wins; versions never repeat or skip; the label and tag limits
// and the history cap hold however the writes interleave.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { SCOPE, put, putVersions, text } from '../testing/contract/fixtures.js';
import type { PostgresStore } from './open.js';
import { openSharedTestStores } from './testing/database.js';

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

function pair(stores: PostgresStore[]): [PostgresStore, PostgresStore] {
  const [a, b] = stores;
  assert.ok(a && b);
  return [a, b];
}

/** What PutParameter with Overwrite does: read the latest version, put on it, retry if it moved. */
async function overwrite(store: PostgresStore, name: string, value: string): Promise<number> {
  for (;;) {
    const latest = (await store.parameters.get(SCOPE, name))?.latest.version ?? 0;
    const outcome = await put(store.parameters, name, { expectedLatest: latest, value });
    if (outcome.outcome === 'written') return outcome.version;
    assert.equal(outcome.outcome, 'conflict');
  }
}

describe('postgres parameters across replicas', () => {
  it('numbers 50 concurrent overwrites from two replicas 1..50, losing none, each read at once by the other', () =>
    withReplicas(2, async (stores) => {
      const [a, b] = pair(stores);
      const acknowledged = await race(stores, 50, async (store, i) => {
        const value = `w${i}`;
        const version = await overwrite(store, '/counter', value);
        // Read-your-writes across replicas: the other store sees the acknowledged version now.
        const other = store === a ? b : a;
        assert.equal(text((await other.parameters.getVersion(SCOPE, '/counter', version))?.value ?? Buffer.alloc(0)), value);
        assert.ok(((await other.parameters.get(SCOPE, '/counter'))?.latest.version ?? 0) >= version);
        return [version, value] as const;
      });
      const expected = [...acknowledged].sort((x, y) => x[0] - y[0]);
      assert.deepEqual(expected.map(([v]) => v), Array.from({ length: 50 }, (_, i) => i + 1));
      for (const store of stores) {
        const history = await store.parameters.history(SCOPE, '/counter', 0, 100);
        assert.deepEqual(history.map((v) => [v.version, text(v.value)]), expected);
        assert.equal((await store.parameters.get(SCOPE, '/counter'))?.latest.version, 50);
      }
    }));

  it('lets exactly one of the puts based on one version win, across three replicas', () =>
    withReplicas(3, async (stores) => {
      const [a] = pair(stores);
      await putVersions(a.parameters, '/shared', 2);
      const outcomes = await race(stores, 30, (s, i) => put(s.parameters, '/shared', { expectedLatest: 2, value: `w${i}` }));
      const winners = outcomes.flatMap((o, i) => (o.outcome === 'written' ? [i] : []));
      assert.equal(winners.length, 1);
      assert.deepEqual(outcomes[winners[0] as number], { outcome: 'written', version: 3 });
      assert.equal(outcomes.filter((o) => o.outcome === 'conflict').length, 29);
      for (const s of stores) {
        assert.deepEqual((await s.parameters.history(SCOPE, '/shared', 0, 10)).map((v) => text(v.value)), ['v1', 'v2', `w${winners[0]}`]);
      }
    }));

  it('lets exactly one of the replicas creating one name win, with its own tags and value', () =>
    withReplicas(3, async (stores) => {
      const outcomes = await race(stores, 30, (s, i) => put(s.parameters, '/new', { value: `w${i}`, tags: [{ key: 'writer', value: `w${i}` }] }));
      const winners = outcomes.flatMap((o, i) => (o.outcome === 'written' ? [i] : []));
      assert.equal(winners.length, 1);
      assert.deepEqual(outcomes[winners[0] as number], { outcome: 'written', version: 1 });
      for (const s of stores) {
        assert.equal(text((await s.parameters.get(SCOPE, '/new'))?.latest.value ?? Buffer.alloc(0)), `w${winners[0]}`);
        assert.deepEqual(await s.parameters.tags(SCOPE, '/new'), [{ key: 'writer', value: `w${winners[0]}` }]);
        assert.deepEqual((await s.parameters.list(SCOPE, { limit: 10 })).map((h) => h.name), ['/new']);
      }
    }));

  it('never evicts a version a replica labelled meanwhile: the label or the put gives way', () =>
    withReplicas(2, async (stores) => {
      const [a, b] = pair(stores);
      // One pair at a time, the label started a little later each round, so that it lands before,
      // inside and after the put's eviction in turn.
      for (let r = 0; r < 30; r++) {
        const name = `/p${r}`;
        await putVersions(a.parameters, name, 3, { maxVersions: 3 });
        const [labelled, written] = await Promise.all([
          sleep((r % 6) / 2).then(() => a.parameters.label(SCOPE, name, 1, ['keep'], 10)),
          put(b.parameters, name, { expectedLatest: 3, maxVersions: 3 }),
        ]);
        if (labelled.outcome === 'labelled') {
          // The label came first: the put must refuse to evict version 1, and the label stays on it.
          assert.deepEqual(written, { outcome: 'oldest-labelled', oldestVersion: 1 }, name);
          assert.equal((await b.parameters.getLabelled(SCOPE, name, 'keep'))?.version, 1, name);
          assert.deepEqual((await b.parameters.history(SCOPE, name, 0, 10)).map((v) => v.version), [1, 2, 3], name);
        } else {
          // The put came first and evicted version 1: the label finds it gone.
          assert.deepEqual(labelled, { outcome: 'version-not-found' }, name);
          assert.deepEqual(written, { outcome: 'written', version: 4 }, name);
          assert.deepEqual((await a.parameters.history(SCOPE, name, 0, 10)).map((v) => v.version), [2, 3, 4], name);
        }
      }
    }));

  it('keeps a label on one version while replicas move it, and ends where the last move put it', () =>
    withReplicas(2, async (stores) => {
      const [a, b] = pair(stores);
      await putVersions(a.parameters, '/moved', 5);
      const outcomes = await race(stores, 40, (s, i) => s.parameters.label(SCOPE, '/moved', (i % 5) + 1, ['live'], 10));
      assert.ok(outcomes.every((o) => o.outcome === 'labelled'));
      const holders = (await b.parameters.history(SCOPE, '/moved', 0, 10)).filter((v) => v.labels.includes('live'));
      assert.equal(holders.length, 1, 'one version holds the label');
      assert.equal((await a.parameters.getLabelled(SCOPE, '/moved', 'live'))?.version, holders[0]?.version);
      // Sequentially now: each move is seen by the other replica at once.
      for (const version of [2, 5, 1]) {
        await a.parameters.label(SCOPE, '/moved', version, ['live'], 10);
        assert.equal((await b.parameters.getLabelled(SCOPE, '/moved', 'live'))?.version, version);
      }
    }));

  it('holds the per-version label limit when replicas add distinct labels at once', () =>
    withReplicas(2, async (stores) => {
      const [a, b] = pair(stores);
      await putVersions(a.parameters, '/crowded', 1);
      const outcomes = await race(stores, 24, (s, i) => s.parameters.label(SCOPE, '/crowded', 1, [`l${i}`], 10));
      assert.equal(outcomes.filter((o) => o.outcome === 'labelled').length, 10);
      assert.equal(outcomes.filter((o) => o.outcome === 'limit-exceeded').length, 14);
      assert.equal((await b.parameters.getVersion(SCOPE, '/crowded', 1))?.labels.length, 10);
    }));

  it('holds the tag limit when replicas add distinct tags at once, and shows every tag write to the other', () =>
    withReplicas(2, async (stores) => {
      const [a, b] = pair(stores);
      await put(a.parameters, '/tagged');
      const outcomes = await race(stores, 20, (s, i) => s.parameters.addTags(SCOPE, '/tagged', [{ key: `k${i}`, value: `${i}` }], 5));
      assert.equal(outcomes.filter((o) => o === 'ok').length, 5);
      assert.equal(outcomes.filter((o) => o === 'too-many').length, 15);
      const tags = await b.parameters.tags(SCOPE, '/tagged');
      assert.equal(tags?.length, 5);
      assert.deepEqual(tags.map((t) => t.key), outcomes.flatMap((o, i) => (o === 'ok' ? [`k${i}`] : [])).sort());
      assert.equal(await a.parameters.removeTags(SCOPE, '/tagged', [tags[0]?.key ?? '']), 'ok');
      assert.equal((await b.parameters.tags(SCOPE, '/tagged'))?.length, 4);
    }));

  it('leaves nothing of a parameter one replica deleted while another wrote to it', () =>
    withReplicas(2, async (stores) => {
      const [a, b] = pair(stores);
      const names = Array.from({ length: 10 }, (_, i) => `/gone${i}`);
      for (const name of names) {
        await putVersions(a.parameters, name, 2, { tags: [{ key: 'k', value: 'v' }] });
        await a.parameters.label(SCOPE, name, 2, ['live'], 10);
      }
      const results = await Promise.all(
        names.map((name) => Promise.all([
          b.parameters.delete(SCOPE, name),
          put(a.parameters, name, { expectedLatest: 2 }),
          a.parameters.addTags(SCOPE, name, [{ key: 'late', value: 'x' }], 50),
          a.parameters.label(SCOPE, name, 1, ['late'], 10),
        ])),
      );
      for (const [deleted, written, tagged, labelled] of results) {
        assert.equal(deleted, true);
        assert.ok(['written', 'conflict'].includes(written.outcome));
        assert.ok(['ok', 'not-found'].includes(tagged));
        assert.ok(['labelled', 'not-found'].includes(labelled.outcome));
      }
      for (const name of names) {
        assert.equal(await a.parameters.get(SCOPE, name), undefined);
        assert.deepEqual(await a.parameters.history(SCOPE, name, 0, 10), []);
        assert.equal(await a.parameters.tags(SCOPE, name), undefined);
      }
      // No version, label or tag row outlived its parameter.
      for (const table of ['parameters', 'parameter_versions', 'parameter_labels', 'parameter_tags']) {
        assert.deepEqual(await b.db.rows(`SELECT count(*)::int AS n FROM ${table}`), [{ n: 0 }], table);
      }
    }));
});
