// Key, alias and tag reads page in O(log n + limit): each is an index search that returns rows in
// the order asked for, with no full scan and no sort. (allMaterials scans on purpose: it is offline
// master-key rotation, reading everything.)

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import type BetterSqlite3 from 'better-sqlite3';
import { SCOPE } from '../testing/contract/fixtures.js';
import { KEY_READ_SQL } from './key-sql.js';
import { migrate } from './migrations.js';

type Indexed = Exclude<keyof typeof KEY_READ_SQL, 'allMaterials'>;

const PARAMS: Record<Indexed, Record<string, unknown>> = {
  key: { keyId: 'k' },
  listKeys: { after: '', limit: 10 },
  material: { keyId: 'k', version: 1 },
  materials: { keyId: 'k' },
  alias: { aliasName: 'alias/a' },
  listAliases: { after: '', limit: 10 },
  listKeyAliases: { keyId: 'k', after: '', limit: 10 },
  tags: { keyId: 'k' },
};

function plan(db: BetterSqlite3.Database, name: Indexed): string[] {
  const rows = db.prepare(`EXPLAIN QUERY PLAN ${KEY_READ_SQL[name]}`).all({ account: SCOPE.accountId, region: SCOPE.region, ...PARAMS[name] });
  return (rows as Array<{ detail: string }>).map((r) => r.detail);
}

function assertIndexed(db: BetterSqlite3.Database): void {
  for (const name of Object.keys(PARAMS) as Indexed[]) {
    const steps = plan(db, name);
    const detail = `${name}:\n  ${steps.join('\n  ')}`;
    assert.ok(steps.length > 0 && steps.every((s) => s.startsWith('SEARCH ')), `index searches only in ${detail}`);
    assert.ok(!steps.some((s) => s.includes('TEMP B-TREE')), `no sort in ${detail}`);
  }
  assert.ok(plan(db, 'listKeyAliases').some((s) => s.includes('kms_aliases_by_target_name')));
}

describe('sqlite key queries', () => {
  it('search an index and never sort, empty or analyzed', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db);
    assertIndexed(db);
    const s = { account: SCOPE.accountId, region: SCOPE.region };
    db.transaction(() => {
      for (let i = 0; i < 200; i++) {
        db.prepare(`INSERT INTO kms_keys (account_id, region, key_id, description, key_manager, key_state, creation_date,
          policy, rotation_enabled, current_material) VALUES (@account, @region, @keyId, '', 'CUSTOMER', 'Enabled', 0, '{}', 0, 1)`)
          .run({ ...s, keyId: `k${i}` });
        db.prepare(`INSERT INTO kms_aliases (account_id, region, alias_name, target_key_id, creation_date, last_updated_date)
          VALUES (@account, @region, @aliasName, @keyId, 0, 0)`).run({ ...s, aliasName: `alias/${i}`, keyId: `k${i % 7}` });
      }
    })();
    db.exec('ANALYZE');
    assertIndexed(db);
    db.close();
  });
});
