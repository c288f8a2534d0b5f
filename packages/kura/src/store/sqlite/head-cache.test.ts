import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { SCOPE, put, version } from '../testing/contract/fixtures.js';
import type { ParameterHead } from '../parameters.js';
import { createHeadCache } from './head-cache.js';
import { openSqliteStore } from './index.js';

const dir = mkdtempSync(join(tmpdir(), 'kura-heads-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const freshPath = () => join(dir, `data-${++files}.db`);

/** Rewrites a value behind the store's back: what the process lock exists to rule out. */
function overwriteBehindTheStore(path: string, name: string, value: string) {
  const db = new Database(path);
  db.prepare('UPDATE parameter_versions SET value = ? WHERE parameter_id = (SELECT id FROM parameters WHERE name = ?)').run(Buffer.from(value), name);
  db.close();
}

const head = (name: string, bytes: number): ParameterHead => ({
  name,
  displayName: name,
  latest: { ...version({ value: Buffer.alloc(bytes) }), version: 1, labels: [] },
});

describe('parameter heads of an exclusive store', () => {
  it('are read once per write epoch: kept until the store writes anything', async () => {
    const path = freshPath();
    const store = openSqliteStore({ path, exclusive: true });
    await put(store.parameters, '/a', { value: 'one' });
    await put(store.parameters, '/b', { value: 'b' });
    const first = await store.parameters.get(SCOPE, '/a');
    assert.equal(first?.latest.value.toString(), 'one');
    overwriteBehindTheStore(path, '/a', 'sneaked');
    assert.equal(await store.parameters.get(SCOPE, '/a'), first, 'the same head, not read again');
    // A write to another parameter is still a write: the next read goes to SQLite.
    await put(store.parameters, '/b', { value: 'b2', expectedLatest: 1 });
    assert.equal((await store.parameters.get(SCOPE, '/a'))?.latest.value.toString(), 'sneaked');
    await store.close();
  });

  it('keep list pages the same way, per query', async () => {
    const path = freshPath();
    const store = openSqliteStore({ path, exclusive: true });
    for (const name of ['/p/a', '/p/b', '/p/c']) await put(store.parameters, name, { value: name });
    const page = await store.parameters.list(SCOPE, { below: '/p', oneLevel: true, limit: 2 });
    assert.deepEqual(page.map((h) => h.name), ['/p/a', '/p/b']);
    overwriteBehindTheStore(path, '/p/a', 'sneaked');
    assert.equal(await store.parameters.list(SCOPE, { below: '/p', oneLevel: true, limit: 2 }), page, 'the same page, not read again');
    assert.throws(() => page.push(page[0] as ParameterHead), TypeError);
    const other = await store.parameters.list(SCOPE, { below: '/p', oneLevel: true, limit: 2, afterName: '/p/a' });
    assert.deepEqual(other.map((h) => h.name), ['/p/b', '/p/c'], 'another query is read, not taken from the first');
    await put(store.parameters, '/q', { value: 'q' });
    const fresh = await store.parameters.list(SCOPE, { below: '/p', oneLevel: true, limit: 2 });
    assert.equal(fresh[0]?.latest.value.toString(), 'sneaked');
    await store.close();
  });

  it('are frozen, so no request can change what another is handed', async () => {
    const store = openSqliteStore({ path: freshPath(), exclusive: true });
    await put(store.parameters, '/a', { value: 'v' });
    const kept = (await store.parameters.get(SCOPE, '/a')) as ParameterHead;
    assert.throws(() => {
      (kept.latest as { version: number }).version = 9;
    }, TypeError);
    assert.throws(() => kept.latest.labels.push('x'), TypeError);
    await store.close();
  });

  it('are read every time by a store that is not exclusive', async () => {
    const path = freshPath();
    const store = openSqliteStore({ path });
    await put(store.parameters, '/a', { value: 'one' });
    await store.parameters.get(SCOPE, '/a');
    overwriteBehindTheStore(path, '/a', 'seen');
    assert.equal((await store.parameters.get(SCOPE, '/a'))?.latest.value.toString(), 'seen');
    await store.close();
  });
});

describe('the head cache', () => {
  it('forgets everything when the epoch moves or a limit would be passed', () => {
    const cache = createHeadCache({ maxItems: 2, maxBytes: 100 });
    cache.set(1, 'a', head('/a', 10));
    cache.set(1, 'b', head('/b', 10));
    assert.ok(cache.get(1, 'a') && cache.get(1, 'b'));
    assert.equal(cache.get(2, 'a'), undefined, 'another epoch sees nothing');
    cache.set(1, 'c', head('/c', 10));
    assert.deepEqual([cache.get(1, 'a'), cache.get(1, 'b')], [undefined, undefined], 'the third entry started afresh');
    assert.ok(cache.get(1, 'c'));
    cache.set(1, 'd', head('/d', 95));
    assert.equal(cache.get(1, 'c'), undefined, '105 value bytes would pass the limit of 100');
    assert.ok(cache.get(1, 'd'));
    cache.set(2, 'e', head('/e', 1));
    assert.equal(cache.get(2, 'd'), undefined);
    cache.set(2, 'page', [head('/f', 1), head('/g', 1)]);
    assert.equal(cache.get(2, 'e'), undefined, 'a page of two heads counts as two');
  });
});
