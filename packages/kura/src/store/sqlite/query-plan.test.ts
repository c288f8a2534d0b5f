// The listing port promises O(log n + limit). These tests hold the SQLite backend to it: every
// parameter read is an index search (never a full scan), and listing still returns the right page
// with 200,000 parameters stored.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import type BetterSqlite3 from 'better-sqlite3';
import { SCOPE, put } from '../testing/contract/fixtures.js';
import type { ListQuery } from '../parameters.js';
import { openSqliteStore } from './index.js';
import type { SqliteStore } from './index.js';
import { PATH_SQL, READ_SQL } from './parameter-sql.js';

const PARAMS: Record<keyof typeof READ_SQL, Record<string, unknown>> = {
  head: { name: '/a/b' },
  listRange: { lower: '/a/', upper: '/a0', limit: 10 },
  listChildren: { parent: '/a', lower: '', limit: 10 },
  version: { name: '/a/b', version: 1 },
  labelled: { name: '/a/b', label: 'prod' },
  history: { name: '/a/b', after: 0, limit: 50 },
  tags: { name: '/a/b' },
};

function plan(db: BetterSqlite3.Database, sql: string, params: Record<string, unknown>): string[] {
  const rows = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all({ account: SCOPE.accountId, region: SCOPE.region, ...params });
  return (rows as Array<{ detail: string }>).map((r) => r.detail);
}

function assertIndexedPlans(db: BetterSqlite3.Database): void {
  for (const [name, sql] of Object.entries(READ_SQL) as Array<[keyof typeof READ_SQL, string]>) {
    const steps = plan(db, sql, PARAMS[name]);
    const detail = `${name}:\n  ${steps.join('\n  ')}`;
    assert.ok(steps.some((s) => /^SEARCH p USING (COVERING )?INDEX parameters_by_/.test(s)), detail);
    assert.ok(!steps.some((s) => s.startsWith('SCAN ')), `no full scan in ${detail}`);
    assert.ok(!steps.some((s) => s.includes('TEMP B-TREE')), `no sort in ${detail}`);
    // Version rows are reached by (parameter, version), never by walking a parameter's history.
    if (name !== 'history') assert.ok(steps.filter((s) => s.startsWith('SEARCH v ')).every((s) => s.includes('version=?')), detail);
  }
  const children = plan(db, READ_SQL.listChildren, PARAMS.listChildren);
  const byParent = 'parameters_by_parent (account_id=? AND region=? AND parent=? AND name>?)';
  assert.ok(children.some((s) => s.includes(byParent)), children.join('\n'));
  const range = plan(db, READ_SQL.listRange, PARAMS.listRange);
  assert.ok(range.some((s) => s.includes('parameters_by_name (account_id=? AND region=? AND name>? AND name<?)')), range.join('\n'));
  // The child-path walk's seeks: one search of the covering parent index each, no sort.
  for (const sql of Object.values(PATH_SQL)) {
    const seek = plan(db, sql, { low: '/a/', upper: '/a0' });
    assert.deepEqual(seek, ['SEARCH parameters USING COVERING INDEX parameters_by_parent (account_id=? AND region=? AND parent>? AND parent<?)'], seek.join('\n'));
  }
}

const FOLDERS = 200;
const PER_FOLDER = 1000;
const pad = (n: number, width: number) => String(n).padStart(width, '0');
const bulkName = (i: number) => `/bulk/f${pad(Math.floor(i / PER_FOLDER), 3)}/p${pad(i % PER_FOLDER, 4)}`;

/** Writes 200,000 parameters with one version each, in one transaction, beside the running store. */
function bulkInsert(path: string): void {
  const db = new Database(path);
  db.transaction(() => {
    db.prepare(`WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${FOLDERS * PER_FOLDER - 1})
      INSERT INTO parameters (account_id, region, name, parent, display_name, latest_version)
      SELECT @account, @region, parent || '/p' || printf('%04d', i % ${PER_FOLDER}), parent, 'bulk', 1
      FROM (SELECT i, '/bulk/f' || printf('%03d', i / ${PER_FOLDER}) AS parent FROM n)`)
      .run({ account: SCOPE.accountId, region: SCOPE.region });
    db.prepare(`INSERT INTO parameter_versions (parameter_id, version, type, value, data_type, tier, last_modified_date, last_modified_user)
      SELECT id, 1, 'String', CAST(name AS BLOB), 'text', 'Standard', 0, 'bulk' FROM parameters WHERE display_name = 'bulk'`).run();
  }).immediate();
  db.close();
}

describe('sqlite parameter queries', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kura-plan-'));
  const path = join(dir, 'plan.db');
  let store: SqliteStore;

  before(() => {
    store = openSqliteStore({ path });
  });
  after(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads and lists through an index on an empty store', () => {
    const db = new Database(path, { readonly: true });
    assertIndexedPlans(db);
    db.close();
  });

  it('lists the right page out of 200,000 parameters, and still searches after ANALYZE', async () => {
    await put(store.parameters, '/bulk/f050/p0500x');
    await put(store.parameters, '/bulk');
    await put(store.parameters, '/bulk0');
    bulkInsert(path);

    const names = async (query: ListQuery) => (await store.parameters.list(SCOPE, query)).map((h) => h.name);
    const range = (from: number, count: number) => Array.from({ length: count }, (_, k) => bulkName(from + k));

    assert.deepEqual(await names({ below: '/bulk/f123', oneLevel: true, afterName: '/bulk/f123/p0500', limit: 5 }), range(123_501, 5));
    assert.deepEqual(
      await names({ below: '/bulk/f050', afterName: '/bulk/f050/p0499', limit: 3 }),
      ['/bulk/f050/p0500', '/bulk/f050/p0500x', '/bulk/f050/p0501'],
    );
    assert.deepEqual(await names({ below: '/bulk', afterName: bulkName(199_997), limit: 10 }), range(199_998, 2));
    assert.deepEqual(await names({ below: '/bulk', limit: 2 }), range(0, 2));
    assert.deepEqual(await names({ below: '/', oneLevel: true, limit: 10 }), ['/bulk', '/bulk0']);
    assert.deepEqual(await names({ below: '/bulk', oneLevel: true, limit: 10 }), []);
    assert.deepEqual(await names({ afterName: bulkName(199_999), limit: 10 }), ['/bulk0']);
    const folders = Array.from({ length: FOLDERS }, (_, f) => `/bulk/f${pad(f, 3)}`);
    assert.deepEqual(await store.parameters.listPaths(SCOPE, { below: '/', limit: 10 }), ['/bulk']);
    assert.deepEqual(await store.parameters.listPaths(SCOPE, { below: '/bulk', limit: 500 }), folders);
    assert.deepEqual(await store.parameters.listPaths(SCOPE, { below: '/bulk/', afterPath: '/bulk/f049', limit: 2 }), folders.slice(50, 52));
    const [head] = await store.parameters.list(SCOPE, { below: '/bulk/f199', afterName: bulkName(199_000), limit: 1 });
    assert.equal(head?.latest.value.toString(), bulkName(199_001));

    const db = new Database(path);
    db.exec('ANALYZE');
    assertIndexedPlans(db);
    db.close();
  });
});
