// Contract: health, reset, close, and failures that stay confined to the operation that failed.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OTHER_ACCOUNT, SCOPE, T0, accessKey, newKey, put, putVersions, withStore } from './fixtures.js';
import type { OpenStore } from './fixtures.js';

const KEY = '1234abcd-12ab-34cd-56ef-1234567890ab';

export function lifecycleContract(open: OpenStore): void {
  describe('health, reset and close', () => {
    it('reports itself healthy and names its backend', () =>
      withStore(open, async (store) => {
        const health = await store.health();
        assert.equal(health.ok, true);
        assert.ok(health.backend.length > 0);
      }));

    it('resets all state but the access keys it is told to keep', () =>
      withStore(open, async (store) => {
        await putVersions(store.parameters, '/a', 2, { tags: [{ key: 'k', value: 'v' }] });
        await store.parameters.label(SCOPE, '/a', 1, ['old'], 10);
        await put(store.parameters, '/b', { scope: OTHER_ACCOUNT });
        await store.keys.create(SCOPE, newKey(KEY, 'alias/aws/ssm', [{ tagKey: 'k', tagValue: 'v' }]));
        await store.accessKeys.save(accessKey('AKIAKEEP000000000001'));
        await store.accessKeys.save(accessKey('AKIADROP000000000001'));
        await store.reset({ accessKeyIds: ['AKIAKEEP000000000001'] });
        assert.deepEqual(await store.parameters.list(SCOPE, { limit: 10 }), []);
        assert.deepEqual(await store.parameters.list(OTHER_ACCOUNT, { limit: 10 }), []);
        assert.equal(await store.parameters.tags(SCOPE, '/a'), undefined);
        assert.equal(await store.keys.get(SCOPE, KEY), undefined);
        assert.equal(await store.keys.alias(SCOPE, 'alias/aws/ssm'), undefined);
        assert.equal(await store.keys.material(SCOPE, KEY, 1), undefined);
        assert.equal(await store.keys.tags(SCOPE, KEY), undefined);
        assert.deepEqual(await store.keys.allMaterials(), []);
        assert.ok(await store.accessKeys.find('AKIAKEEP000000000001'));
        assert.equal(await store.accessKeys.find('AKIADROP000000000001'), undefined);
        // Everything can be created afresh.
        assert.deepEqual(await put(store.parameters, '/a'), { outcome: 'written', version: 1 });
        assert.deepEqual(await store.parameters.tags(SCOPE, '/a'), []);
        assert.deepEqual(await store.keys.create(SCOPE, newKey(KEY, 'alias/aws/ssm')), { outcome: 'created' });
        assert.deepEqual(await store.keys.tags(SCOPE, KEY), []);
      }));

    it('resets with nothing to keep', () =>
      withStore(open, async (store) => {
        await store.accessKeys.save(accessKey('AKIADROP000000000001'));
        await store.reset({ accessKeyIds: [] });
        assert.equal(await store.accessKeys.find('AKIADROP000000000001'), undefined);
      }));

    it('refuses work after close and reports itself unhealthy', async () => {
      const store = await open();
      await store.close();
      assert.equal((await store.health()).ok, false);
      await assert.rejects(put(store.parameters, '/late'));
      await store.close();
    });

    it('commits writes issued just before close', async () => {
      // Durability across reopen is backend-specific; here it is enough that close waits for them.
      const store = await open();
      const pending = Promise.all([put(store.parameters, '/x'), store.accessKeys.save(accessKey('AKIALATE000000000001'))]);
      await store.close();
      const [written] = await pending;
      assert.deepEqual(written, { outcome: 'written', version: 1 });
    });
  });

  describe('failures', () => {
    it('fails only the operation that failed when writes run together', () =>
      withStore(open, async (store) => {
        await store.keys.create(SCOPE, newKey(KEY));
        const results = await Promise.allSettled([
          put(store.parameters, '/before'),
          store.keys.create(SCOPE, newKey(KEY)), // duplicate key id: a storage error, not a domain outcome
          // a material version that skips one: a caller bug, refused as an error
          store.keys.addMaterial(SCOPE, KEY, { version: 3, wrapped: Buffer.from('w'), createdAt: T0, origin: 'ON_DEMAND' }),
          put(store.parameters, '/after'),
          store.accessKeys.save(accessKey('AKIAAFTER00000000001')),
        ]);
        assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'rejected', 'rejected', 'fulfilled', 'fulfilled']);
        assert.ok(await store.parameters.get(SCOPE, '/before'));
        assert.ok(await store.parameters.get(SCOPE, '/after'));
        assert.ok(await store.accessKeys.find('AKIAAFTER00000000001'));
        assert.equal((await store.keys.get(SCOPE, KEY))?.currentMaterial, 1);
        assert.equal(await store.keys.material(SCOPE, KEY, 2), undefined);
      }));
  });
}
