// The one-statement put (parameter-next-version.ts): what it writes, when it answers conflict, when
// it leaves the put to the transaction, and that overwrites racing across the history cap from
// three replicas, some taking the one statement and some the transaction, keep the history whole.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SCOPE, put, putVersions, text, version } from '../testing/contract/fixtures.js';
import type { PutRequest } from '../parameters.js';
import { putNextVersion } from './parameter-next-version.js';
import type { PostgresStore } from './open.js';
import { openSharedTestStores, openTestPostgresStore } from './testing/database.js';

function request(name: string, expectedLatest: number, maxVersions: number, value = `w${expectedLatest + 1}`): PutRequest {
  return { name, displayName: name, expectedLatest, version: version({ value: Buffer.from(value, 'utf8') }), tags: [], maxVersions };
}

async function withStore(body: (store: PostgresStore) => Promise<void>): Promise<void> {
  const store = await openTestPostgresStore();
  try {
    await body(store);
  } finally {
    await store.close();
  }
}

const versionsOf = async (store: PostgresStore, name: string): Promise<number[]> =>
  (await store.parameters.history(SCOPE, name, 0, 100)).map((v) => v.version);

describe('postgres put of the next version in one statement', () => {
  it('writes version expectedLatest + 1 and moves the head to it', () =>
    withStore(async (store) => {
      await putVersions(store.parameters, '/a', 2);
      assert.deepEqual(await putNextVersion(store.db, SCOPE, request('/a', 2, 100, 'third')), { outcome: 'written', version: 3 });
      const head = await store.parameters.get(SCOPE, '/a');
      assert.equal(head?.latest.version, 3);
      assert.equal(text(head?.latest.value ?? Buffer.alloc(0)), 'third');
      assert.deepEqual(await versionsOf(store, '/a'), [1, 2, 3]);
    }));

  it('answers conflict, writing nothing, when the latest version is not the expected one', () =>
    withStore(async (store) => {
      await putVersions(store.parameters, '/a', 2);
      assert.deepEqual(await putNextVersion(store.db, SCOPE, request('/a', 1, 100)), { outcome: 'conflict' });
      assert.deepEqual(await putNextVersion(store.db, SCOPE, request('/a', 3, 100)), { outcome: 'conflict' });
      assert.deepEqual(await versionsOf(store, '/a'), [1, 2]);
    }));

  it('answers conflict when the parameter does not exist (it was deleted meanwhile)', () =>
    withStore(async (store) => {
      assert.deepEqual(await putNextVersion(store.db, SCOPE, request('/gone', 4, 100)), { outcome: 'conflict' });
      assert.equal(await store.parameters.get(SCOPE, '/gone'), undefined);
    }));

  it('writes the version that fills the history up to the cap', () =>
    withStore(async (store) => {
      await putVersions(store.parameters, '/a', 2, { maxVersions: 3 });
      assert.deepEqual(await putNextVersion(store.db, SCOPE, request('/a', 2, 3)), { outcome: 'written', version: 3 });
      assert.deepEqual(await versionsOf(store, '/a'), [1, 2, 3]);
    }));

  it('leaves a put that needs an eviction to the transaction, writing nothing', () =>
    withStore(async (store) => {
      await putVersions(store.parameters, '/a', 3, { maxVersions: 3 });
      assert.equal(await putNextVersion(store.db, SCOPE, request('/a', 3, 3)), undefined);
      assert.deepEqual(await versionsOf(store, '/a'), [1, 2, 3]);
      assert.equal((await store.parameters.get(SCOPE, '/a'))?.latest.version, 3);
      // The repository's put then evicts version 1 in its transaction.
      assert.deepEqual(await put(store.parameters, '/a', { expectedLatest: 3, maxVersions: 3 }), { outcome: 'written', version: 4 });
      assert.deepEqual(await versionsOf(store, '/a'), [2, 3, 4]);
    }));

  it('refuses a history cap that is not a positive integer', () =>
    withStore(async (store) => {
      await putVersions(store.parameters, '/a', 1);
      await assert.rejects(putNextVersion(store.db, SCOPE, request('/a', 1, 0)), RangeError);
    }));

  it('keeps the newest versions, contiguous and each written once, when three replicas overwrite across the cap', async () => {
    const stores = await openSharedTestStores(3);
    try {
      const [first] = stores;
      assert.ok(first);
      await putVersions(first.parameters, '/hot', 1, { maxVersions: 5 });
      const written = await Promise.all(
        Array.from({ length: 30 }, async (_, i) => {
          const store = stores[i % stores.length] as PostgresStore;
          for (;;) {
            const latest = (await store.parameters.get(SCOPE, '/hot'))?.latest.version ?? 0;
            const outcome = await put(store.parameters, '/hot', { expectedLatest: latest, maxVersions: 5, value: `w${i}` });
            if (outcome.outcome === 'written') return outcome.version;
            assert.equal(outcome.outcome, 'conflict');
          }
        }),
      );
      assert.deepEqual([...written].sort((x, y) => x - y), Array.from({ length: 30 }, (_, i) => i + 2));
      for (const store of stores) assert.deepEqual(await versionsOf(store, '/hot'), [27, 28, 29, 30, 31]);
    } finally {
      await Promise.all(stores.map((s) => s.close()));
    }
  });
});
