// Rotation against another writer (a replica on the same database): the version a rotation chose
// may be taken first. The store says 'version-taken'; the rotation then decides again.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { createKeyring } from '../../crypto/keyring.js';
import type { KeyRepository } from '../../store/keys.js';
import { openSqliteStore, type SqliteStore } from '../../store/sqlite/index.js';
import { createMaterialVault, type MaterialVault } from './materials.js';
import { symmetricKeyRecord } from './key-records.js';
import { defaultKeyPolicy } from './policies.js';

const SCOPE = { accountId: '123456789012', region: 'us-east-1' };
const KEY = '11111111-2222-4333-8444-555555555555';

let store: SqliteStore;
let vault: MaterialVault;
/** Set to make the next addMaterial lose the race to "another replica" first. */
let raceNext = false;

beforeEach(async () => {
  store = openSqliteStore({ path: ':memory:' });
  const keyring = createKeyring(randomBytes(32));
  const keys: KeyRepository = Object.create(store.keys) as KeyRepository;
  // The other replica writes the same version number, properly wrapped, just before this one does.
  keys.addMaterial = async (scope, keyId, material) => {
    if (raceNext) {
      raceNext = false;
      const theirs = { ...material, wrapped: vault.wrapNew(scope, keyId, material.version), origin: 'AUTOMATIC' as const };
      assert.equal(await store.keys.addMaterial(scope, keyId, theirs), 'added');
    }
    return store.keys.addMaterial(scope, keyId, material);
  };
  vault = createMaterialVault({ keys, keyring, now: () => new Date(), usageLimit: 1000 });
  await store.keys.create(SCOPE, {
    key: symmetricKeyRecord(KEY, new Date(), defaultKeyPolicy(SCOPE.accountId)),
    material: { wrapped: vault.wrapNew(SCOPE, KEY, 1), createdAt: new Date() },
  });
});
afterEach(() => store.close());

describe('rotation racing another writer', () => {
  it('an on-demand rotation still adds its own version after the race', async () => {
    raceNext = true;
    assert.equal(await vault.rotate(SCOPE, KEY, 'ON_DEMAND'), 3);
    const versions = (await store.keys.materials(SCOPE, KEY)).map((m) => [m.version, m.origin]);
    assert.deepEqual(versions, [
      [1, 'INITIAL'],
      [2, 'AUTOMATIC'],
      [3, 'ON_DEMAND'],
    ]);
    // Every version opens under the number its wrapping binds.
    for (const version of [1, 2, 3]) assert.ok(await vault.material(SCOPE, KEY, version));
  });

  it('a rotation that only needed the key to move past a version accepts the other writer’s', async () => {
    raceNext = true;
    assert.equal(await vault.rotate(SCOPE, KEY, 'USAGE_LIMIT', 1), 2);
    assert.deepEqual((await store.keys.materials(SCOPE, KEY)).map((m) => m.version), [1, 2]);
  });

  it('reports a key that is gone as NotFoundException', async () => {
    await store.keys.delete(SCOPE, KEY);
    await assert.rejects(vault.rotate(SCOPE, KEY, 'ON_DEMAND'), { name: 'KmsFailure', code: 'NotFoundException' });
  });
});
