// The KMS write steps. Each runs inside the savepoint the write queue gives it, so it may read,
// decide and write without another writer interleaving: check-then-act outcomes ('exists',
// 'state-changed', 'too-many') are decided before anything is written.

import type { AliasRecord, KeyPatch, KeyState, KeyTag, MaterialOrigin, NewKey, ReserveOutcome } from '../keys.js';
import type { Scope } from '../scope.js';
import type { Connection } from './connection.js';
import { KEY_READ_SQL } from './key-sql.js';
import { toMaterial } from '../key-rows.js';
import type { AliasRow, KeyRow, MaterialRow } from '../key-rows.js';

type Params = Record<string, unknown>;

function scoped(scope: Scope, extra: Params): Params {
  return { account: scope.accountId, region: scope.region, ...extra };
}

const SQL = {
  insertKey: `INSERT INTO kms_keys (account_id, region, key_id, description, key_spec, key_usage, origin, key_manager,
    key_state, creation_date, deletion_date, pending_window_in_days, policy, rotation_enabled, rotation_period_in_days,
    next_rotation_date, current_material) VALUES (@account, @region, @keyId, @description, @keySpec, @keyUsage, @origin,
    @keyManager, @keyState, @creationDate, @deletionDate, @pendingWindowInDays, @policy, @rotationEnabled,
    @rotationPeriodInDays, @nextRotationDate, 1)`,
  insertMaterial: `INSERT INTO kms_key_materials (account_id, region, key_id, version, wrapped, created_at, usage_count, origin)
    VALUES (@account, @region, @keyId, @version, @wrapped, @createdAt, 0, @origin)`,
  insertAlias: `INSERT INTO kms_aliases (account_id, region, alias_name, target_key_id, creation_date, last_updated_date)
    VALUES (@account, @region, @aliasName, @keyId, @creationDate, @lastUpdatedDate)`,
  countUse: `UPDATE kms_key_materials SET usage_count = usage_count + 1
    WHERE account_id = @account AND region = @region AND key_id = @keyId AND version = @version`,
  newestMaterial: 'SELECT max(version) FROM kms_key_materials WHERE account_id = @account AND region = @region AND key_id = @keyId',
  setCurrent: 'UPDATE kms_keys SET current_material = @version WHERE account_id = @account AND region = @region AND key_id = @keyId',
  // Material, aliases and tags go with the key through ON DELETE CASCADE.
  deleteKey: 'DELETE FROM kms_keys WHERE account_id = @account AND region = @region AND key_id = @keyId',
  retarget: `UPDATE kms_aliases SET target_key_id = @keyId, last_updated_date = @now
    WHERE account_id = @account AND region = @region AND alias_name = @aliasName`,
  deleteAlias: 'DELETE FROM kms_aliases WHERE account_id = @account AND region = @region AND alias_name = @aliasName',
  tagKeys: 'SELECT tag_key FROM kms_key_tags WHERE account_id = @account AND region = @region AND key_id = @keyId',
  upsertTag: `INSERT INTO kms_key_tags (account_id, region, key_id, tag_key, tag_value)
    VALUES (@account, @region, @keyId, @tagKey, @tagValue)
    ON CONFLICT (account_id, region, key_id, tag_key) DO UPDATE SET tag_value = excluded.tag_value`,
  deleteTag: 'DELETE FROM kms_key_tags WHERE account_id = @account AND region = @region AND key_id = @keyId AND tag_key = @tagKey',
  rewrap: `UPDATE kms_key_materials SET wrapped = @wrapped
    WHERE account_id = @account AND region = @region AND key_id = @keyId AND version = @version`,
} as const;

/** The patchable fields and how each is stored; a fixed order keeps the statement cache small. */
const PATCH_COLUMNS: ReadonlyArray<[keyof KeyPatch, string, (value: never) => unknown]> = [
  ['description', 'description', (v: string) => v],
  ['keyState', 'key_state', (v: KeyState) => v],
  ['deletionDate', 'deletion_date', (v: Date | null) => v?.getTime() ?? null],
  ['pendingWindowInDays', 'pending_window_in_days', (v: number | null) => v],
  ['policy', 'policy', (v: string) => v],
  ['rotationEnabled', 'rotation_enabled', (v: boolean) => (v ? 1 : 0)],
  ['rotationPeriodInDays', 'rotation_period_in_days', (v: number | null) => v],
  ['nextRotationDate', 'next_rotation_date', (v: Date | null) => v?.getTime() ?? null],
];

function findKey(c: Connection, scope: Scope, keyId: string): KeyRow | undefined {
  return c.sql(KEY_READ_SQL.key).get(scoped(scope, { keyId })) as KeyRow | undefined;
}

function findAlias(c: Connection, scope: Scope, aliasName: string): AliasRow | undefined {
  return c.sql(KEY_READ_SQL.alias).get(scoped(scope, { aliasName })) as AliasRow | undefined;
}

function findMaterial(c: Connection, scope: Scope, keyId: string, version: number): MaterialRow | undefined {
  return c.sql(KEY_READ_SQL.material).get(scoped(scope, { keyId, version })) as MaterialRow | undefined;
}

type NewMaterial = { wrapped: Buffer; createdAt: Date; origin: MaterialOrigin };

function insertMaterial(c: Connection, scope: Scope, keyId: string, version: number, m: NewMaterial): void {
  c.sql(SQL.insertMaterial).run(scoped(scope, { keyId, version, wrapped: m.wrapped, createdAt: m.createdAt.getTime(), origin: m.origin }));
}

/** Later duplicates win, as they would if the tags were applied one by one. */
function upsertTags(c: Connection, scope: Scope, keyId: string, tags: KeyTag[]): void {
  const upsert = c.sql(SQL.upsertTag);
  for (const [tagKey, tagValue] of new Map(tags.map((t) => [t.tagKey, t.tagValue]))) upsert.run(scoped(scope, { keyId, tagKey, tagValue }));
}

export function create(c: Connection, scope: Scope, newKey: NewKey): { outcome: 'created' } | { outcome: 'alias-exists'; targetKeyId: string } {
  if (newKey.alias !== undefined) {
    const taken = findAlias(c, scope, newKey.alias);
    if (taken) return { outcome: 'alias-exists', targetKeyId: taken.target_key_id };
  }
  const k = newKey.key;
  c.sql(SQL.insertKey).run(scoped(scope, {
    keyId: k.keyId, description: k.description, keySpec: k.keySpec, keyUsage: k.keyUsage, origin: k.origin,
    keyManager: k.keyManager, keyState: k.keyState, creationDate: k.creationDate.getTime(),
    deletionDate: k.deletionDate?.getTime() ?? null, pendingWindowInDays: k.pendingWindowInDays, policy: k.policy,
    rotationEnabled: k.rotationEnabled ? 1 : 0, rotationPeriodInDays: k.rotationPeriodInDays, nextRotationDate: k.nextRotationDate?.getTime() ?? null,
  }));
  insertMaterial(c, scope, k.keyId, 1, { ...newKey.material, origin: 'INITIAL' });
  upsertTags(c, scope, k.keyId, newKey.tags ?? []);
  if (newKey.alias !== undefined) {
    const at = k.creationDate.getTime();
    c.sql(SQL.insertAlias).run(scoped(scope, { aliasName: newKey.alias, keyId: k.keyId, creationDate: at, lastUpdatedDate: at }));
  }
  return { outcome: 'created' };
}

export function reserve(c: Connection, scope: Scope, keyId: string, limit: number): ReserveOutcome {
  const key = findKey(c, scope, keyId);
  if (!key) return { outcome: 'not-found' };
  const row = findMaterial(c, scope, keyId, key.current_material);
  if (!row) throw new Error(`key ${keyId} has no material version ${key.current_material}`);
  if (row.usage_count >= limit) return { outcome: 'exhausted', material: toMaterial(row) };
  c.sql(SQL.countUse).run(scoped(scope, { keyId, version: key.current_material }));
  return { outcome: 'reserved', material: { ...toMaterial(row), usageCount: row.usage_count + 1 } };
}

/**
 * Adds the version the caller wrapped the material for. Versions stay contiguous: one at or below
 * the newest was taken by another writer (a replica rotating the same key); one beyond newest + 1
 * would leave a hole, which only a caller bug can ask for, so it throws.
 */
export function addMaterial(
  c: Connection,
  scope: Scope,
  keyId: string,
  material: NewMaterial & { version: number },
): 'added' | 'version-taken' | 'not-found' {
  const { version } = material;
  if (!Number.isInteger(version) || version < 1) throw new RangeError(`material version must be a positive integer, not ${version}`);
  if (!findKey(c, scope, keyId)) return 'not-found';
  const newest = (c.column(SQL.newestMaterial).get(scoped(scope, { keyId })) as number | null) ?? 0;
  if (version <= newest) return 'version-taken';
  if (version > newest + 1) throw new RangeError(`key ${keyId}: material version ${version} would skip past ${newest + 1}`);
  insertMaterial(c, scope, keyId, version, material);
  c.sql(SQL.setCurrent).run(scoped(scope, { keyId, version }));
  return 'added';
}

export function update(
  c: Connection,
  scope: Scope,
  keyId: string,
  patch: KeyPatch,
  expectedState: KeyState | undefined,
): 'updated' | 'not-found' | 'state-changed' {
  const key = findKey(c, scope, keyId);
  if (!key) return 'not-found';
  if (expectedState !== undefined && key.key_state !== expectedState) return 'state-changed';
  const set: string[] = [];
  const values: Params = {};
  for (const [field, column, encode] of PATCH_COLUMNS) {
    const value = patch[field];
    if (value === undefined) continue;
    set.push(`${column} = @${field}`);
    values[field] = encode(value as never);
  }
  if (set.length === 0) return 'updated';
  c.sql(`UPDATE kms_keys SET ${set.join(', ')} WHERE account_id = @account AND region = @region AND key_id = @keyId`)
    .run(scoped(scope, { keyId, ...values }));
  return 'updated';
}

export function remove(c: Connection, scope: Scope, keyId: string): boolean {
  return c.sql(SQL.deleteKey).run(scoped(scope, { keyId })).changes > 0;
}

export function createAlias(c: Connection, scope: Scope, alias: AliasRecord): 'created' | 'exists' | 'key-not-found' {
  if (findAlias(c, scope, alias.aliasName)) return 'exists';
  if (!findKey(c, scope, alias.targetKeyId)) return 'key-not-found';
  c.sql(SQL.insertAlias).run(scoped(scope, {
    aliasName: alias.aliasName, keyId: alias.targetKeyId,
    creationDate: alias.creationDate.getTime(), lastUpdatedDate: alias.lastUpdatedDate.getTime(),
  }));
  return 'created';
}

export function updateAlias(c: Connection, scope: Scope, aliasName: string, keyId: string, now: Date): 'updated' | 'not-found' | 'key-not-found' {
  if (!findAlias(c, scope, aliasName)) return 'not-found';
  if (!findKey(c, scope, keyId)) return 'key-not-found';
  c.sql(SQL.retarget).run(scoped(scope, { aliasName, keyId, now: now.getTime() }));
  return 'updated';
}

export function deleteAlias(c: Connection, scope: Scope, aliasName: string): boolean {
  return c.sql(SQL.deleteAlias).run(scoped(scope, { aliasName })).changes > 0;
}

export function tag(c: Connection, scope: Scope, keyId: string, tags: KeyTag[], maxTags: number): 'ok' | 'not-found' | 'too-many' {
  if (!findKey(c, scope, keyId)) return 'not-found';
  const current = c.column(SQL.tagKeys).all(scoped(scope, { keyId })) as string[];
  // Overwrites do not count: only keys new to this key push it towards the limit.
  if (new Set([...current, ...tags.map((t) => t.tagKey)]).size > maxTags) return 'too-many';
  upsertTags(c, scope, keyId, tags);
  return 'ok';
}

export function untag(c: Connection, scope: Scope, keyId: string, tagKeys: string[]): 'ok' | 'not-found' {
  if (!findKey(c, scope, keyId)) return 'not-found';
  const drop = c.sql(SQL.deleteTag);
  for (const tagKey of tagKeys) drop.run(scoped(scope, { keyId, tagKey }));
  return 'ok';
}

/**
 * Replaces one wrapped blob, nothing else. A material that is gone (its key's deletion came due
 * while a master-key rotation ran) is left gone: there is nothing left to re-wrap.
 */
export function rewrap(c: Connection, scope: Scope, keyId: string, version: number, wrapped: Buffer): void {
  c.sql(SQL.rewrap).run(scoped(scope, { keyId, version, wrapped }));
}
