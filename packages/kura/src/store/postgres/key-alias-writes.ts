// KMS alias and key tag writes, safe when several replicas run them at once. The target key is
// locked before its alias (FOR KEY SHARE: it cannot be deleted under us, while other writers of
// the key go on), the order a key deletion takes too (key, then its aliases by cascade), so the
// two never wait on each other in a cycle. A taken alias name is found by its primary key.

import type { AliasRecord, KeyTag } from '../keys.js';
import type { Scope } from '../scope.js';
import type { Database, Queryable } from './database.js';
import { text } from '../rows.js';
import { utf8 } from './free-text.js';
import { upsertTags } from './key-writes.js';

const SQL = {
  shareKey: 'SELECT 1 AS found FROM kms_keys WHERE account_id = $1 AND region = $2 AND key_id = $3 FOR KEY SHARE',
  lockKey: 'SELECT 1 AS found FROM kms_keys WHERE account_id = $1 AND region = $2 AND key_id = $3 FOR NO KEY UPDATE',
  aliasExists: 'SELECT 1 AS found FROM kms_aliases WHERE account_id = $1 AND region = $2 AND alias_name = $3',
  insertAlias: `INSERT INTO kms_aliases (account_id, region, alias_name, target_key_id, creation_date, last_updated_date)
    VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (account_id, region, alias_name) DO NOTHING RETURNING alias_name`,
  retarget: `UPDATE kms_aliases SET target_key_id = $4, last_updated_date = $5
    WHERE account_id = $1 AND region = $2 AND alias_name = $3`,
  deleteAlias: 'DELETE FROM kms_aliases WHERE account_id = $1 AND region = $2 AND alias_name = $3',
  tagKeys: 'SELECT tag_key FROM kms_key_tags WHERE account_id = $1 AND region = $2 AND key_id = $3',
  /** One statement: removes the tags and says whether the key exists (no key, no tags to remove). */
  untag: `WITH target AS (SELECT 1 FROM kms_keys WHERE account_id = $1 AND region = $2 AND key_id = $3),
    dropped AS (DELETE FROM kms_key_tags WHERE account_id = $1 AND region = $2 AND key_id = $3 AND tag_key = ANY ($4::bytea[]))
    SELECT EXISTS (SELECT 1 FROM target) AS found`,
} as const;

async function aliasExists(q: Queryable, scope: Scope, aliasName: string): Promise<boolean> {
  return (await q.row(SQL.aliasExists, [scope.accountId, scope.region, aliasName])) !== undefined;
}

/** A taken name wins over a missing key, as in SQLite: 'exists' is decided first. */
export function createAlias(db: Database, scope: Scope, alias: AliasRecord): Promise<'created' | 'exists' | 'key-not-found'> {
  const { aliasName, targetKeyId } = alias;
  return db.transaction(async (q) => {
    const keyFound = (await q.row(SQL.shareKey, [scope.accountId, scope.region, targetKeyId])) !== undefined;
    // Retried only if the alias that blocked the insert was deleted before it could be seen.
    for (;;) {
      if (keyFound) {
        const values = [scope.accountId, scope.region, aliasName, targetKeyId, alias.creationDate.getTime(), alias.lastUpdatedDate.getTime()];
        if (await q.row(SQL.insertAlias, values)) return 'created';
      }
      if (await aliasExists(q, scope, aliasName)) return 'exists';
      if (!keyFound) return 'key-not-found';
    }
  });
}

/** A missing alias wins over a missing target key, as in SQLite. */
export function updateAlias(db: Database, scope: Scope, aliasName: string, keyId: string, now: Date): Promise<'updated' | 'not-found' | 'key-not-found'> {
  return db.transaction(async (q) => {
    if (!(await q.row(SQL.shareKey, [scope.accountId, scope.region, keyId]))) {
      return (await aliasExists(q, scope, aliasName)) ? 'key-not-found' : 'not-found';
    }
    const changed = await q.run(SQL.retarget, [scope.accountId, scope.region, aliasName, keyId, now.getTime()]);
    return changed > 0 ? 'updated' : 'not-found';
  });
}

export async function deleteAlias(db: Database, scope: Scope, aliasName: string): Promise<boolean> {
  return (await db.run(SQL.deleteAlias, [scope.accountId, scope.region, aliasName])) > 0;
}

/**
 * The key row is locked before its tags are counted, so two replicas each adding a new tag to a
 * key one short of the limit take turns, and the second is refused.
 */
export function tag(db: Database, scope: Scope, keyId: string, tags: KeyTag[], maxTags: number): Promise<'ok' | 'not-found' | 'too-many'> {
  const values = [scope.accountId, scope.region, keyId];
  return db.transaction(async (q) => {
    if (!(await q.row(SQL.lockKey, values))) return 'not-found';
    const current = await q.rows<{ tag_key: Buffer }>(SQL.tagKeys, values);
    // Overwrites do not count: only keys new to this key push it towards the limit.
    if (new Set([...current.map((r) => text(r.tag_key)), ...tags.map((t) => t.tagKey)]).size > maxTags) return 'too-many';
    await upsertTags(q, scope, keyId, tags);
    return 'ok';
  });
}

export async function untag(db: Database, scope: Scope, keyId: string, tagKeys: string[]): Promise<'ok' | 'not-found'> {
  const row = await db.row<{ found: boolean }>(SQL.untag, [scope.accountId, scope.region, keyId, tagKeys.map(utf8)]);
  return row?.found ? 'ok' : 'not-found';
}
