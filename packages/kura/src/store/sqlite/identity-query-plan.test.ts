// IAM reads are index searches, never full scans, and named listings come off the index in order
// (no sort), so a page costs O(log n + limit). Three reads sort, on purpose: a user's groups and a
// principal's attached policies are capped small by AWS quotas, and a group's members are read
// whole; each sorts only the rows of the one principal it found by index.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import type BetterSqlite3 from 'better-sqlite3';
import { IDENTITY_READ_SQL } from './identity-sql.js';
import { migrate } from './migrations.js';

type Query = keyof typeof IDENTITY_READ_SQL;

const SORTED: ReadonlySet<Query> = new Set(['groupsForUser', 'usersInGroup', 'attached']);

const PARAMS: Record<Query, unknown[]> = {
  principal: [{ account: 'a', kind: 'user', nameKey: 'n' }],
  listPrincipals: [{ account: 'a', kind: 'user', after: '', prefix: '', limit: 10 }],
  groupsForUser: [{ account: 'a', nameKey: 'n' }],
  usersInGroup: [{ account: 'a', nameKey: 'n' }],
  policy: [{ account: 'a', arnKey: 'x' }],
  listPolicies: [{ account: 'a', after: '', prefix: '/', onlyAttached: 1, limit: 10 }],
  policyVersion: [{ account: 'a', arnKey: 'x', version: 1 }],
  policyVersions: [{ account: 'a', arnKey: 'x' }],
  attached: [{ account: 'a', kind: 'role', nameKey: 'n' }],
  inlinePolicy: [{ account: 'a', kind: 'group', nameKey: 'n', policyKey: 'p' }],
  inlinePolicies: [{ account: 'a', kind: 'group', nameKey: 'n' }],
  session: ['ASIA0001'],
  generation: [],
};

function plan(db: BetterSqlite3.Database, name: Query): string[] {
  const rows = db.prepare(`EXPLAIN QUERY PLAN ${IDENTITY_READ_SQL[name]}`).all(...PARAMS[name]);
  return (rows as Array<{ detail: string }>).map((r) => r.detail);
}

function assertIndexed(db: BetterSqlite3.Database): void {
  for (const name of Object.keys(PARAMS) as Query[]) {
    const steps = plan(db, name);
    const detail = `${name}:\n  ${steps.join('\n  ')}`;
    const scans = steps.filter((s) => !s.startsWith('SEARCH ') && !s.startsWith('CORRELATED SCALAR SUBQUERY') && !s.includes('TEMP B-TREE'));
    assert.ok(steps.length > 0 && scans.length === 0, `index searches only in ${detail}`);
    assert.equal(steps.some((s) => s.includes('TEMP B-TREE')), SORTED.has(name), `sorts only where expected in ${detail}`);
  }
  const list = plan(db, 'listPrincipals');
  assert.ok(list.some((s) => s.includes('iam_principals_by_name (account_id=? AND kind=? AND name_key>?)')), list.join('\n'));
  const policies = plan(db, 'listPolicies');
  assert.ok(policies.some((s) => s.includes('iam_policies_by_name (account_id=? AND name_key>?)')), policies.join('\n'));
}

describe('sqlite identity queries', () => {
  it('search an index and sort only where expected, empty or analyzed', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db);
    assertIndexed(db);
    db.transaction(() => {
      const principal = db.prepare(`INSERT INTO iam_principals (account_id, kind, name_key, name, unique_id, path, arn, create_date)
        VALUES ('a', ?, ?, ?, 'AIDA', '/', 'arn', 0)`);
      const policy = db.prepare(`INSERT INTO iam_policies (account_id, name_key, name, arn_key, arn, policy_id, path, create_date,
        update_date, default_version) VALUES ('a', ?, ?, ?, ?, 'ANPA', '/', 0, 0, 1)`);
      const attach = db.prepare(`INSERT INTO iam_attachments (principal_id, account_id, policy_arn, policy_name) VALUES (?, 'a', ?, ?)`);
      const member = db.prepare('INSERT INTO iam_group_members (group_id, user_id) VALUES (?, ?)');
      for (let i = 0; i < 200; i++) {
        const user = Number(principal.run('user', `u${i}`, `U${i}`).lastInsertRowid);
        const group = Number(principal.run('group', `g${i}`, `G${i}`).lastInsertRowid);
        member.run(group, user);
        policy.run(`p${i}`, `P${i}`, `arn:p${i}`, `arn:P${i}`);
        attach.run(user, `arn:P${i}`, `P${i}`);
      }
    })();
    db.exec('ANALYZE');
    assertIndexed(db);
    db.close();
  });
});
