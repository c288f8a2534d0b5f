// Query plans that must not depend on statistics: a database just created (or just filled by
// `kura migrate-store`) has none until its first ANALYZE, and a name lookup must still be one probe
// of the unique name index, never a walk of another index over a whole account's parameters.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openTestPostgresStore } from './testing/database.js';
import type { PostgresStore } from './open.js';
import { PATH_SQL } from './parameter-sql.js';
import { SECRET_READ_SQL } from './secret-sql.js';

async function plan(store: PostgresStore, sql: string, values: unknown[]): Promise<string> {
  const rows = await store.db.transaction(async (q) => {
    await q.script('PREPARE probe AS ' + sql);
    const explained = await q.rows<{ 'QUERY PLAN': string }>(`EXPLAIN EXECUTE probe(${values.map((v) => `'${String(v)}'`).join(', ')})`);
    await q.script('DEALLOCATE probe');
    return explained;
  });
  return rows.map((r) => r['QUERY PLAN']).join('\n');
}

describe('PostgreSQL plans without statistics', () => {
  it('look a parameter up by the unique name index and list one level by the parent index', async () => {
    const store = await openTestPostgresStore();
    try {
      await store.db.run(`INSERT INTO parameters (account_id, region, name, parent, display_name, latest_version)
        SELECT '000000000000', 'us-east-1', '/app/p' || i, '/app', '/app/p' || i, 1 FROM generate_series(1, 3000) i`);
      const lookup = await plan(store, 'SELECT id FROM parameters WHERE account_id = $1 AND region = $2 AND name = $3', ['000000000000', 'us-east-1', '/app/p5']);
      assert.match(lookup, /parameters_by_name/, lookup);
      const children = await plan(
        store,
        'SELECT id FROM parameters WHERE account_id = $1 AND region = $2 AND parent = $3 AND name > $4 ORDER BY name LIMIT 10',
        ['000000000000', 'us-east-1', '/app', '/app/p1'],
      );
      assert.match(children, /Index Cond: \(\(parent = /, children);
    } finally {
      await store.close();
    }
  });

  it('seek the next child path by the parent index, from the bound, without a sort', async () => {
    const store = await openTestPostgresStore();
    try {
      await store.db.run(`INSERT INTO parameters (account_id, region, name, parent, display_name, latest_version)
        SELECT '000000000000', 'us-east-1', '/app' || (i % 100) || '/env/p' || i, '/app' || (i % 100) || '/env', 'p', 1 FROM generate_series(1, 3000) i`);
      for (const sql of Object.values(PATH_SQL)) {
        const seek = await plan(store, sql, ['000000000000', 'us-east-1', '/app1', '0']);
        assert.match(seek, /Index Only Scan using parameters_by_parent/, seek);
        assert.match(seek, /Index Cond: \(\(parent >=? '\/app1'::text\) AND \(parent < '0'::text\)/, seek);
        assert.doesNotMatch(seek, /Sort|Seq Scan/, seek);
      }
    } finally {
      await store.close();
    }
  });

  it("read a page's secret stages by the unique ARN index, not by a walk of the scope's secrets", async () => {
    const store = await openTestPostgresStore();
    try {
      await store.db.run(`INSERT INTO secrets (account_id, region, name, arn, created_date, last_changed_date, rotation_enabled, tags, revision)
        SELECT '000000000000', 'us-east-1', 's' || i, 'arn' || i, i, i, false, '[]', 1 FROM generate_series(1, 3000) i`);
      const stages = await plan(store, SECRET_READ_SQL.labelledVersions, ['000000000000', 'us-east-1', '{arn5,arn7}']);
      assert.match(stages, /secrets_by_arn/, stages);
      assert.doesNotMatch(stages, /secrets_by_(accessed|created|changed|name)/, stages);
    } finally {
      await store.close();
    }
  });
});
