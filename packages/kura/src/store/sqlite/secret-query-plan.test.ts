// Every Secrets Manager read on SQLite is an index search that returns its rows in the order asked
// for: no full scan (but of the ARNs a page's stage read is given), no sort, a version reached by its key. A list page of every order and direction
// seeks the cursor in its index (so a late page costs what the first does), and the schedulers'
// queries read their partial indexes. Checked on an empty database and after ANALYZE with data.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import type BetterSqlite3 from 'better-sqlite3';
import type { SecretListQuery, SecretSortKey } from '../secrets.js';
import { SCOPE } from '../testing/contract/fixtures.js';
import { migrate } from './migrations.js';
import { LABELLED_VERSIONS_SQL, listSql, SECRET_READ_SQL } from './secret-sql.js';

const PARAMS = { account: SCOPE.accountId, region: SCOPE.region, name: 'app', arn: 'arn', versionId: 'v', stage: 'AWSCURRENT', day: 1, now: 1, limit: 10 };
const SORTS: SecretSortKey[] = ['created-date', 'last-accessed-date', 'last-changed-date', 'name'];
const INDEX_OF: Record<SecretSortKey, string> = {
  'created-date': 'secrets_by_created', 'last-accessed-date': 'secrets_by_accessed', 'last-changed-date': 'secrets_by_changed', name: 'secrets_by_name',
};

function plan(db: BetterSqlite3.Database, sql: string, params: Record<string, unknown>): string[] {
  return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params) as Array<{ detail: string }>).map((r) => r.detail);
}

function assertSearches(steps: string[], what: string): void {
  const detail = `${what}:\n  ${steps.join('\n  ')}`;
  assert.ok(steps.some((s) => s.startsWith('SEARCH ')), detail);
  assert.ok(!steps.some((s) => s.startsWith('SCAN ')), `no full scan in ${detail}`);
  assert.ok(!steps.some((s) => s.includes('TEMP B-TREE')), `no sort in ${detail}`);
  // A version or stage row is reached by its key, never by walking a secret's others.
  for (const step of steps.filter((s) => /^SEARCH (v|sv) /.test(s))) assert.ok(/version_id=\?|stage=\?/.test(step), detail);
}

function assertIndexed(db: BetterSqlite3.Database): void {
  for (const [name, sql] of Object.entries(SECRET_READ_SQL)) {
    const steps = plan(db, sql, PARAMS);
    if (name === 'versions') {
      assert.ok(steps.some((s) => s.includes('secret_versions_by_age')), steps.join('\n'));
      assert.ok(!steps.some((s) => s.includes('TEMP B-TREE')), steps.join('\n'));
    } else {
      assertSearches(steps, name);
    }
  }
  assert.ok(plan(db, SECRET_READ_SQL.byArn, PARAMS).some((s) => s.includes('secrets_by_arn')));
  // A page's stage maps: the one scan is of the ARNs given (json_each); each secret is sought by its
  // ARN, never found by walking the scope's secrets; its stages and versions by their keys.
  const labelled = plan(db, LABELLED_VERSIONS_SQL, { ...PARAMS, arns: '["arn1","arn2"]' });
  assert.ok(labelled.some((s) => s.includes('secrets_by_arn (arn=?)')), labelled.join('\n'));
  assert.ok(labelled.filter((s) => s.startsWith('SCAN ')).every((s) => s.startsWith('SCAN j ')), labelled.join('\n'));
  assert.ok(!labelled.some((s) => s.includes('TEMP B-TREE')), labelled.join('\n'));
  for (const step of labelled.filter((s) => /^SEARCH (st|v) /.test(s))) assert.ok(/secret_id=\?/.test(step), labelled.join('\n'));
  assert.ok(plan(db, SECRET_READ_SQL.dueForDeletion, PARAMS).some((s) => s.includes('secrets_due_deletion (deletion_date<?)')));
  assert.ok(plan(db, SECRET_READ_SQL.dueForRotation, PARAMS).some((s) => s.includes('secrets_due_rotation (next_rotation_date<?)')));
  for (const sortBy of SORTS) {
    for (const descending of [false, true]) {
      for (const resumed of [false, true]) {
        const query: SecretListQuery = { sortBy, descending, includePlannedDeletion: false, limit: 10, ...(resumed ? { after: { key: 5, name: 'm' } } : {}) };
        const steps = plan(db, listSql(query), { ...PARAMS, includeDeleted: 0, key: 5 });
        const what = `list ${sortBy} ${descending ? 'desc' : 'asc'}${resumed ? ' resumed' : ''}`;
        assertSearches(steps, what);
        assert.ok(steps.some((s) => s.includes(INDEX_OF[sortBy])), `${what}: ${steps.join(' | ')}`);
        // Resumed, the cursor is part of the seek: the page starts there, not at the scope's first secret.
        if (resumed) assert.ok(steps.some((s) => /name\)?[<>]\(?\?/.test(s)), `${what} seeks the cursor: ${steps.join(' | ')}`);
      }
    }
  }
}

describe('sqlite secret queries', () => {
  it('search an index and never sort, empty or analyzed', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db);
    assertIndexed(db);
    db.transaction(() => {
      const insert = db.prepare(`INSERT INTO secrets (account_id, region, name, arn, created_date, last_changed_date, last_accessed_date,
        deleted_date, deletion_date, rotation_enabled, next_rotation_date, tags, revision)
        VALUES (@account, @region, @name, @arn, @i, @i, @accessed, @deleted, @deleted, @rotating, @i, '[]', 1)`);
      const version = db.prepare(`INSERT INTO secret_versions (secret_id, version_id, created_date, kms_key_arn, kind, sealed)
        VALUES (?, ?, ?, 'k', 'string', x'00')`);
      const stage = db.prepare('INSERT INTO secret_version_stages (secret_id, stage, version_id) VALUES (?, ?, ?)');
      for (let i = 0; i < 300; i++) {
        const account = i % 3 === 0 ? SCOPE.accountId : `00000000000${i % 3}`;
        const row = { account, region: SCOPE.region, name: `s${i}`, arn: `arn${i}`, i, accessed: i % 2 ? i : null, deleted: i % 10 ? null : i, rotating: i % 4 ? 0 : 1 };
        const id = Number(insert.run(row).lastInsertRowid);
        for (let v = 0; v < 5; v++) version.run(id, `v${v}`, v);
        stage.run(id, 'AWSCURRENT', 'v4');
        stage.run(id, 'AWSPREVIOUS', 'v3');
      }
    })();
    db.exec('ANALYZE');
    assertIndexed(db);
    db.close();
  });
});
