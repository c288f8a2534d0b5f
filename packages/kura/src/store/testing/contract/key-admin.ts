// Contract: listing, updating and deleting KMS keys; material history; master-key re-wrapping.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KeyRecord } from '../../keys.js';
import { OTHER_ACCOUNT, OTHER_REGION, SCOPE, T0, keyIdFor, newKey, withStore } from './fixtures.js';
import type { OpenStore } from './fixtures.js';

const KEY = keyIdFor(1);
const OTHER = keyIdFor(2);
const T1 = new Date('2024-06-01T00:00:00.000Z');
const T2 = new Date('2025-06-01T00:00:00.000Z');

const ids = (records: KeyRecord[]) => records.map((k) => k.keyId);

export function keyAdminContract(open: OpenStore): void {
  describe('key listing', () => {
    it('lists keys by key id, resuming after an exclusive cursor', () =>
      withStore(open, async ({ keys }) => {
        for (const n of [3, 1, 5, 2, 4]) await keys.create(SCOPE, newKey(keyIdFor(n)));
        await keys.create(OTHER_REGION, newKey(keyIdFor(6)));
        assert.deepEqual(ids(await keys.list(SCOPE, undefined, 2)), [keyIdFor(1), keyIdFor(2)]);
        assert.deepEqual(ids(await keys.list(SCOPE, keyIdFor(2), 2)), [keyIdFor(3), keyIdFor(4)]);
        assert.deepEqual(ids(await keys.list(SCOPE, keyIdFor(4), 10)), [keyIdFor(5)]);
        assert.deepEqual(await keys.list(SCOPE, keyIdFor(5), 10), []);
        assert.deepEqual(await keys.list(SCOPE, undefined, 1), [{ ...newKey(keyIdFor(1)).key, currentMaterial: 1 }]);
        assert.deepEqual(ids(await keys.list(OTHER_REGION, undefined, 10)), [keyIdFor(6)]);
        assert.deepEqual(await keys.list(OTHER_ACCOUNT, undefined, 10), []);
      }));

    it('resumes after a cursor whose key was deleted meanwhile', () =>
      withStore(open, async ({ keys }) => {
        for (const n of [1, 2, 3]) await keys.create(SCOPE, newKey(keyIdFor(n)));
        assert.equal(await keys.delete(SCOPE, keyIdFor(2)), true);
        assert.deepEqual(ids(await keys.list(SCOPE, keyIdFor(2), 10)), [keyIdFor(3)]);
      }));
  });

  describe('key update', () => {
    it('applies only the fields in the patch, including setting them back to null', () =>
      withStore(open, async ({ keys }) => {
        await keys.create(SCOPE, newKey(KEY));
        const before = await keys.get(SCOPE, KEY);
        assert.ok(before);
        const patch = {
          description: 'renamed', keyState: 'PendingDeletion', deletionDate: T1, pendingWindowInDays: 7, policy: '{"Statement":[1]}',
          rotationEnabled: true, rotationPeriodInDays: 90, nextRotationDate: T2,
        } as const;
        assert.equal(await keys.update(SCOPE, KEY, patch), 'updated');
        assert.deepEqual(await keys.get(SCOPE, KEY), { ...before, ...patch });
        const cancelled = { deletionDate: null, pendingWindowInDays: null, keyState: 'Disabled' } as const;
        assert.equal(await keys.update(SCOPE, KEY, cancelled), 'updated');
        assert.deepEqual(await keys.get(SCOPE, KEY), { ...before, ...patch, ...cancelled });
        assert.equal(await keys.update(SCOPE, KEY, { rotationEnabled: false, rotationPeriodInDays: null, nextRotationDate: null }), 'updated');
        const after = await keys.get(SCOPE, KEY);
        assert.deepEqual([after?.rotationEnabled, after?.rotationPeriodInDays, after?.nextRotationDate], [false, null, null]);
        assert.equal(await keys.update(SCOPE, KEY, {}), 'updated', 'an empty patch changes nothing');
        assert.deepEqual(await keys.get(SCOPE, KEY), after);
      }));

    it('reports a missing key, in its own scope only', () =>
      withStore(open, async ({ keys }) => {
        assert.equal(await keys.update(SCOPE, KEY, { description: 'x' }), 'not-found');
        await keys.create(SCOPE, newKey(KEY));
        assert.equal(await keys.update(OTHER_REGION, KEY, { description: 'x' }), 'not-found');
        assert.equal(await keys.update(OTHER_ACCOUNT, KEY, { description: 'x' }, 'Enabled'), 'not-found');
        assert.equal((await keys.get(SCOPE, KEY))?.description, `key ${KEY}`);
      }));

    it('refuses a transition from a state the key is no longer in, changing nothing', () =>
      withStore(open, async ({ keys }) => {
        await keys.create(SCOPE, newKey(KEY));
        assert.equal(await keys.update(SCOPE, KEY, { keyState: 'Enabled', description: 'no' }, 'Disabled'), 'state-changed');
        assert.equal((await keys.get(SCOPE, KEY))?.description, `key ${KEY}`);
        assert.equal(await keys.update(SCOPE, KEY, { keyState: 'Disabled' }, 'Enabled'), 'updated');
        assert.equal((await keys.get(SCOPE, KEY))?.keyState, 'Disabled');
        assert.equal(await keys.update(SCOPE, KEY, { description: 'yes' }, 'Disabled'), 'updated');
        assert.equal((await keys.get(SCOPE, KEY))?.description, 'yes');
      }));

    it('lets exactly one of concurrent transitions from one state win', () =>
      withStore(open, async ({ keys }) => {
        await keys.create(SCOPE, newKey(KEY));
        const outcomes = await Promise.all(Array.from({ length: 8 }, (_, i) =>
          keys.update(SCOPE, KEY, { keyState: 'PendingDeletion', deletionDate: new Date(T1.getTime() + i) }, 'Enabled')));
        assert.equal(outcomes.filter((o) => o === 'updated').length, 1);
        assert.equal(outcomes.filter((o) => o === 'state-changed').length, 7);
        const winner = outcomes.indexOf('updated');
        assert.deepEqual((await keys.get(SCOPE, KEY))?.deletionDate, new Date(T1.getTime() + winner));
      }));
  });

  describe('key material history', () => {
    it('lists every material version of a key, ascending, with its origin', () =>
      withStore(open, async ({ keys }) => {
        assert.deepEqual(await keys.materials(SCOPE, KEY), []);
        await keys.create(SCOPE, newKey(KEY));
        await keys.create(SCOPE, newKey(OTHER));
        await keys.addMaterial(SCOPE, KEY, { version: 2, wrapped: Buffer.from('w2'), createdAt: T1, origin: 'AUTOMATIC' });
        await keys.reserve(SCOPE, KEY, 10);
        await keys.addMaterial(SCOPE, KEY, { version: 3, wrapped: Buffer.from('w3'), createdAt: T2, origin: 'ON_DEMAND' });
        const materials = await keys.materials(SCOPE, KEY);
        assert.deepEqual(materials.map((m) => [m.version, m.origin, m.usageCount, m.createdAt]), [
          [1, 'INITIAL', 0, T0], [2, 'AUTOMATIC', 1, T1], [3, 'ON_DEMAND', 0, T2],
        ]);
        assert.deepEqual(materials[1], await keys.material(SCOPE, KEY, 2));
        assert.deepEqual((await keys.materials(SCOPE, OTHER)).map((m) => m.version), [1]);
        assert.deepEqual(await keys.materials(OTHER_REGION, KEY), []);
      }));
  });

  describe('key deletion', () => {
    it('deletes a key with its material, aliases and tags, and nothing of other keys', () =>
      withStore(open, async ({ keys }) => {
        await keys.create(SCOPE, newKey(KEY, 'alias/one', [{ tagKey: 'k', tagValue: 'v' }]));
        await keys.create(SCOPE, newKey(OTHER, 'alias/other', [{ tagKey: 'k', tagValue: 'kept' }]));
        await keys.createAlias(SCOPE, { aliasName: 'alias/two', targetKeyId: KEY, creationDate: T0, lastUpdatedDate: T0 });
        await keys.addMaterial(SCOPE, KEY, { version: 2, wrapped: Buffer.from('w2'), createdAt: T1, origin: 'ON_DEMAND' });
        await keys.create(OTHER_REGION, newKey(KEY, 'alias/one'));

        assert.equal(await keys.delete(SCOPE, KEY), true);
        assert.equal(await keys.get(SCOPE, KEY), undefined);
        assert.deepEqual(await keys.materials(SCOPE, KEY), []);
        assert.equal(await keys.alias(SCOPE, 'alias/one'), undefined);
        assert.deepEqual(await keys.listAliases(SCOPE, { keyId: KEY, limit: 10 }), []);
        assert.equal(await keys.tags(SCOPE, KEY), undefined);
        assert.deepEqual((await keys.listAliases(SCOPE, { limit: 10 })).map((a) => a.aliasName), ['alias/other']);
        assert.deepEqual(await keys.tags(SCOPE, OTHER), [{ tagKey: 'k', tagValue: 'kept' }]);
        assert.ok(await keys.get(OTHER_REGION, KEY), 'the same key id elsewhere stays');
        assert.equal((await keys.alias(OTHER_REGION, 'alias/one'))?.targetKeyId, KEY);
        assert.equal(await keys.delete(SCOPE, KEY), false);
      }));

    it('lets a deleted key id be created afresh, with nothing of its predecessor', () =>
      withStore(open, async ({ keys }) => {
        await keys.create(SCOPE, newKey(KEY, 'alias/old', [{ tagKey: 'old', tagValue: '1' }]));
        await keys.addMaterial(SCOPE, KEY, { version: 2, wrapped: Buffer.from('w2'), createdAt: T1, origin: 'ON_DEMAND' });
        await keys.delete(SCOPE, KEY);
        assert.deepEqual(await keys.create(SCOPE, newKey(KEY)), { outcome: 'created' });
        assert.deepEqual(await keys.tags(SCOPE, KEY), []);
        assert.equal(await keys.alias(SCOPE, 'alias/old'), undefined);
        assert.deepEqual((await keys.materials(SCOPE, KEY)).map((m) => [m.version, m.usageCount]), [[1, 0]]);
        assert.equal((await keys.get(SCOPE, KEY))?.currentMaterial, 1);
      }));
  });

  describe('master-key re-wrapping', () => {
    it('lists every material of every account and region with its scope', () =>
      withStore(open, async ({ keys }) => {
        assert.deepEqual(await keys.allMaterials(), []);
        await keys.create(SCOPE, newKey(KEY));
        await keys.addMaterial(SCOPE, KEY, { version: 2, wrapped: Buffer.from('w2'), createdAt: T1, origin: 'AUTOMATIC' });
        await keys.create(OTHER_REGION, newKey(OTHER));
        await keys.create(OTHER_ACCOUNT, newKey(KEY));
        const all = await keys.allMaterials();
        const summary = all.map((m) => `${m.scope.accountId}/${m.scope.region}/${m.keyId}/${m.version}`).sort();
        assert.deepEqual(summary, [
          `${OTHER_ACCOUNT.accountId}/${OTHER_ACCOUNT.region}/${KEY}/1`,
          `${SCOPE.accountId}/${OTHER_REGION.region}/${OTHER}/1`,
          `${SCOPE.accountId}/${SCOPE.region}/${KEY}/1`,
          `${SCOPE.accountId}/${SCOPE.region}/${KEY}/2`,
        ].sort());
        const second = all.find((m) => m.scope.region === SCOPE.region && m.scope.accountId === SCOPE.accountId && m.version === 2);
        const { scope: _scope, ...material } = second ?? assert.fail('material 2 listed');
        assert.deepEqual(material, await keys.material(SCOPE, KEY, 2));
      }));

    it('replaces one wrapped blob in place, keeping its count, date and origin', () =>
      withStore(open, async ({ keys }) => {
        await keys.create(SCOPE, newKey(KEY));
        await keys.create(OTHER_REGION, newKey(KEY));
        await keys.reserve(SCOPE, KEY, 10);
        await keys.addMaterial(SCOPE, KEY, { version: 2, wrapped: Buffer.from('w2'), createdAt: T1, origin: 'ON_DEMAND' });
        const before = await keys.material(SCOPE, KEY, 1);
        await keys.rewrap(SCOPE, KEY, 1, Buffer.from('rewrapped'));
        assert.deepEqual(await keys.material(SCOPE, KEY, 1), { ...before, wrapped: Buffer.from('rewrapped') });
        assert.deepEqual((await keys.material(SCOPE, KEY, 2))?.wrapped, Buffer.from('w2'));
        assert.deepEqual((await keys.material(OTHER_REGION, KEY, 1))?.wrapped, newKey(KEY).material.wrapped);
        assert.equal((await keys.get(SCOPE, KEY))?.currentMaterial, 2);
      }));

    it('re-wraps nothing, and creates nothing, for material that is gone', () =>
      withStore(open, async ({ keys }) => {
        await keys.create(SCOPE, newKey(KEY));
        await keys.rewrap(SCOPE, KEY, 2, Buffer.from('x'));
        await keys.rewrap(SCOPE, OTHER, 1, Buffer.from('x'));
        assert.deepEqual((await keys.allMaterials()).map((m) => [m.keyId, m.version]), [[KEY, 1]]);
      }));
  });
}
