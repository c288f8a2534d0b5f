import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { accessKey } from '../testing/contract/fixtures.js';
import { createRecordCache } from './epoch-cache.js';
import { openSqliteStore } from './index.js';

const dir = mkdtempSync(join(tmpdir(), 'kura-epoch-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const freshPath = () => join(dir, `data-${++files}.db`);

/** Changes a key's status behind the store's back: what the process lock exists to rule out. */
function disableBehindTheStore(path: string, accessKeyId: string) {
  const db = new Database(path);
  db.prepare("UPDATE access_keys SET status = 'Inactive' WHERE access_key_id = ?").run(accessKeyId);
  db.close();
}

describe('access keys of an exclusive store', () => {
  it('are looked up once per write epoch, absent ones included', async () => {
    const path = freshPath();
    const store = openSqliteStore({ path, exclusive: true });
    await store.accessKeys.save(accessKey('AKIAKEPT000000000001'));
    const first = await store.accessKeys.find('AKIAKEPT000000000001');
    assert.equal(first?.status, 'Active');
    assert.equal(await store.accessKeys.find('AKIANOTHERE000000001'), undefined);
    disableBehindTheStore(path, 'AKIAKEPT000000000001');
    assert.equal(await store.accessKeys.find('AKIAKEPT000000000001'), first, 'kept, not read again');
    // The store's own write (here: the absent key being created) starts afresh.
    await store.accessKeys.save(accessKey('AKIANOTHERE000000001'));
    assert.equal((await store.accessKeys.find('AKIANOTHERE000000001'))?.accessKeyId, 'AKIANOTHERE000000001');
    assert.equal((await store.accessKeys.find('AKIAKEPT000000000001'))?.status, 'Inactive');
    await store.close();
  });

  it('are read every time by a store that is not exclusive', async () => {
    const path = freshPath();
    const store = openSqliteStore({ path });
    await store.accessKeys.save(accessKey('AKIAKEPT000000000001'));
    await store.accessKeys.find('AKIAKEPT000000000001');
    disableBehindTheStore(path, 'AKIAKEPT000000000001');
    assert.equal((await store.accessKeys.find('AKIAKEPT000000000001'))?.status, 'Inactive');
    await store.close();
  });
});

describe('the record cache', () => {
  it('keeps records and absences for one epoch, frozen, and starts afresh when full', () => {
    const cache = createRecordCache<{ id: string }>(2);
    cache.set(1, 'a', { id: 'a' });
    cache.set(1, 'none', null);
    assert.deepEqual(cache.get(1, 'a'), { id: 'a' });
    assert.equal(cache.get(1, 'none'), null, 'known to be absent');
    assert.equal(cache.get(1, 'other'), undefined, 'never looked up');
    assert.ok(Object.isFrozen(cache.get(1, 'a')));
    assert.equal(cache.get(2, 'a'), undefined);
    cache.set(1, 'b', { id: 'b' });
    assert.equal(cache.get(1, 'a'), undefined, 'a third entry started afresh');
  });
});
