// The KMS key writes that several replicas may run on one key at once. Each is one transaction
// (or one statement): a check-then-act step locks the key row first (FOR NO KEY UPDATE, which
// still lets other transactions reference the key), so two writers never decide on the same state
// (expected key state, newest material version); a taken alias is found by its primary key. Each
// lost race comes back as the port's own outcome, as SQLite's.

import type { KeyPatch, KeyState, KeyTag, MaterialOrigin, NewKey, ReserveOutcome } from '../keys.js';
import type { Scope } from '../scope.js';
import type { Database, Queryable } from './database.js';
import { toMaterial } from '../key-rows.js';
import type { MaterialRow } from '../key-rows.js';
import { utf8 } from './free-text.js';
import { MATERIAL_COLUMNS } from './key-sql.js';

/** The material columns of `kms_key_materials m`, for statements that join or update it. */
const M_MATERIAL_COLUMNS = MATERIAL_COLUMNS.split(', ').map((column) => `m.${column}`).join(', ');

const SQL = {
  insertKey: `INSERT INTO kms_keys (account_id, region, key_id, description, key_spec, key_usage, origin, key_manager,
    key_state, creation_date, deletion_date, pending_window_in_days, policy, rotation_enabled, rotation_period_in_days,
    next_rotation_date, current_material) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, 1)`,
  insertMaterial: `INSERT INTO kms_key_materials (account_id, region, key_id, version, wrapped, created_at, usage_count, origin)
    VALUES ($1, $2, $3, $4, $5, $6, 0, $7)`,
  // Only the alias's own unique key may conflict: a conflict is the port's 'alias taken', anything else an error.
  insertAlias: `INSERT INTO kms_aliases (account_id, region, alias_name, target_key_id, creation_date, last_updated_date)
    VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (account_id, region, alias_name) DO NOTHING RETURNING alias_name`,
  aliasTarget: 'SELECT target_key_id FROM kms_aliases WHERE account_id = $1 AND region = $2 AND alias_name = $3',
  upsertTags: `INSERT INTO kms_key_tags (account_id, region, key_id, tag_key, tag_value)
    SELECT $1, $2, $3, t.tag_key, t.tag_value FROM unnest($4::bytea[], $5::bytea[]) AS t (tag_key, tag_value)
    ON CONFLICT (account_id, region, key_id, tag_key) DO UPDATE SET tag_value = excluded.tag_value`,
  lockKey: 'SELECT key_state FROM kms_keys WHERE account_id = $1 AND region = $2 AND key_id = $3 FOR NO KEY UPDATE',
  newestMaterial: 'SELECT max(version) AS newest FROM kms_key_materials WHERE account_id = $1 AND region = $2 AND key_id = $3',
  setCurrent: 'UPDATE kms_keys SET current_material = $4 WHERE account_id = $1 AND region = $2 AND key_id = $3',
  /**
   * The fast path of reserve, one statement: counts one use of the current material unless it is
   * at the limit. The UPDATE re-checks `usage_count < $4` on the newest row version when another
   * reservation got there first, so the count never passes the limit. If nothing was counted, the
   * material as this statement's snapshot saw it comes back instead (`counted` false).
   */
  reserve: `WITH cur AS MATERIALIZED (
      SELECT ${M_MATERIAL_COLUMNS} FROM kms_keys k
      JOIN kms_key_materials m ON m.account_id = k.account_id AND m.region = k.region AND m.key_id = k.key_id
        AND m.version = k.current_material
      WHERE k.account_id = $1 AND k.region = $2 AND k.key_id = $3),
    counted AS (
      UPDATE kms_key_materials m SET usage_count = m.usage_count + 1 FROM cur
      WHERE m.account_id = $1 AND m.region = $2 AND m.key_id = $3 AND m.version = cur.version AND m.usage_count < $4
      RETURNING ${M_MATERIAL_COLUMNS})
    SELECT true AS counted, ${MATERIAL_COLUMNS} FROM counted
    UNION ALL
    SELECT false, ${MATERIAL_COLUMNS} FROM cur WHERE NOT EXISTS (SELECT 1 FROM counted)`,
  currentLocked: 'SELECT current_material FROM kms_keys WHERE account_id = $1 AND region = $2 AND key_id = $3 FOR SHARE',
  materialLocked: `SELECT ${MATERIAL_COLUMNS} FROM kms_key_materials
    WHERE account_id = $1 AND region = $2 AND key_id = $3 AND version = $4 FOR UPDATE`,
  countUse: `UPDATE kms_key_materials SET usage_count = usage_count + 1
    WHERE account_id = $1 AND region = $2 AND key_id = $3 AND version = $4`,
  /**
   * Every patchable column in one constant statement: each is set only when its flag is true, so
   * one prepared text serves every patch.
   */
  patch: `UPDATE kms_keys SET
    description = CASE WHEN $4::boolean THEN $5::bytea ELSE description END,
    key_state = CASE WHEN $6::boolean THEN $7::text ELSE key_state END,
    deletion_date = CASE WHEN $8::boolean THEN $9::bigint ELSE deletion_date END,
    pending_window_in_days = CASE WHEN $10::boolean THEN $11::integer ELSE pending_window_in_days END,
    policy = CASE WHEN $12::boolean THEN $13::text ELSE policy END,
    rotation_enabled = CASE WHEN $14::boolean THEN $15::boolean ELSE rotation_enabled END,
    rotation_period_in_days = CASE WHEN $16::boolean THEN $17::integer ELSE rotation_period_in_days END,
    next_rotation_date = CASE WHEN $18::boolean THEN $19::bigint ELSE next_rotation_date END
    WHERE account_id = $1 AND region = $2 AND key_id = $3`,
} as const;

/** The patchable fields in the order of SQL.patch's flag/value pairs, each with how it is stored. */
const PATCH_FIELDS: ReadonlyArray<[keyof KeyPatch, (value: never) => unknown]> = [
  ['description', (v: string) => utf8(v)],
  ['keyState', (v: KeyState) => v],
  ['deletionDate', (v: Date | null) => v?.getTime() ?? null],
  ['pendingWindowInDays', (v: number | null) => v],
  ['policy', (v: string) => v],
  ['rotationEnabled', (v: boolean) => v],
  ['rotationPeriodInDays', (v: number | null) => v],
  ['nextRotationDate', (v: Date | null) => v?.getTime() ?? null],
];

type NewMaterial = { wrapped: Buffer; createdAt: Date; origin: MaterialOrigin };
type Created = { outcome: 'created' } | { outcome: 'alias-exists'; targetKeyId: string };

/** Thrown inside create's transaction to roll the key back when its alias turns out taken. */
class AliasTaken extends Error {
  constructor(readonly targetKeyId: string) {
    super('alias taken');
  }
}

function insertMaterial(q: Queryable, scope: Scope, keyId: string, version: number, m: NewMaterial): Promise<number> {
  return q.run(SQL.insertMaterial, [scope.accountId, scope.region, keyId, version, m.wrapped, m.createdAt.getTime(), m.origin]);
}

/** Later duplicates win, as they would if the tags were applied one by one. */
export async function upsertTags(q: Queryable, scope: Scope, keyId: string, tags: KeyTag[]): Promise<void> {
  // One statement may not touch a row twice (ON CONFLICT DO UPDATE), so duplicates go first.
  const unique = new Map(tags.map((t) => [t.tagKey, t.tagValue]));
  if (unique.size === 0) return;
  await q.run(SQL.upsertTags, [scope.accountId, scope.region, keyId, [...unique.keys()].map(utf8), [...unique.values()].map(utf8)]);
}

/**
 * Inserts the key, its first material, its tags and then its alias. Concurrent creates of one
 * alias queue on its unique key: the first commits, the others see the conflict, read the winner
 * and roll their whole key back, so no key is left behind without the alias it was made for.
 */
export async function create(db: Database, scope: Scope, newKey: NewKey): Promise<Created> {
  const k = newKey.key;
  const at = k.creationDate.getTime();
  try {
    return await db.transaction(async (q) => {
      await q.run(SQL.insertKey, [
        scope.accountId, scope.region, k.keyId, utf8(k.description), k.keySpec, k.keyUsage, k.origin, k.keyManager, k.keyState,
        at, k.deletionDate?.getTime() ?? null, k.pendingWindowInDays, k.policy, k.rotationEnabled, k.rotationPeriodInDays,
        k.nextRotationDate?.getTime() ?? null,
      ]);
      await insertMaterial(q, scope, k.keyId, 1, { ...newKey.material, origin: 'INITIAL' });
      await upsertTags(q, scope, k.keyId, newKey.tags ?? []);
      if (newKey.alias === undefined) return { outcome: 'created' };
      // Retried only if the alias that blocked the insert was deleted before its target could be read.
      for (;;) {
        if (await q.row(SQL.insertAlias, [scope.accountId, scope.region, newKey.alias, k.keyId, at, at])) return { outcome: 'created' };
        const taken = await q.row<{ target_key_id: string }>(SQL.aliasTarget, [scope.accountId, scope.region, newKey.alias]);
        if (taken) throw new AliasTaken(taken.target_key_id);
      }
    });
  } catch (error) {
    if (error instanceof AliasTaken) return { outcome: 'alias-exists', targetKeyId: error.targetKeyId };
    throw error;
  }
}

export async function reserve(db: Database, scope: Scope, keyId: string, limit: number): Promise<ReserveOutcome> {
  const values = [scope.accountId, scope.region, keyId];
  const rows = await db.rows<MaterialRow & { counted: boolean }>(SQL.reserve, [...values, limit]);
  const [row] = rows;
  if (!row) return { outcome: 'not-found' };
  const { counted, ...material } = row;
  if (counted) return { outcome: 'reserved', material: toMaterial(material) };
  // Counts only grow, so a count at the limit in the snapshot is at the limit now.
  if (material.usage_count >= limit) return { outcome: 'exhausted', material: toMaterial(material) };
  // Below the limit yet not counted: another writer changed the row meanwhile (took the last use,
  // or deleted the key). Decide again on locked rows, as SQLite does.
  return db.transaction(async (q) => {
    const key = await q.row<{ current_material: number }>(SQL.currentLocked, values);
    if (!key) return { outcome: 'not-found' };
    const locked = await q.row<MaterialRow>(SQL.materialLocked, [...values, key.current_material]);
    if (!locked) throw new Error(`key ${keyId} has no material version ${key.current_material}`);
    if (locked.usage_count >= limit) return { outcome: 'exhausted', material: toMaterial(locked) };
    await q.run(SQL.countUse, [...values, key.current_material]);
    return { outcome: 'reserved', material: { ...toMaterial(locked), usageCount: locked.usage_count + 1 } };
  });
}

/**
 * Adds the version the caller wrapped the material for. Versions stay contiguous: one at or below
 * the newest was taken by another writer (a replica rotating the same key); one beyond newest + 1
 * would leave a hole, which only a caller bug can ask for, so it throws. The key row is locked
 * first, so concurrent additions take turns and each sees the others' versions.
 */
export function addMaterial(
  db: Database,
  scope: Scope,
  keyId: string,
  material: NewMaterial & { version: number },
): Promise<'added' | 'version-taken' | 'not-found'> {
  const { version } = material;
  if (!Number.isInteger(version) || version < 1) return Promise.reject(new RangeError(`material version must be a positive integer, not ${version}`));
  const values = [scope.accountId, scope.region, keyId];
  return db.transaction(async (q) => {
    if (!(await q.row(SQL.lockKey, values))) return 'not-found';
    const newest = (await q.row<{ newest: number | null }>(SQL.newestMaterial, values))?.newest ?? 0;
    if (version <= newest) return 'version-taken';
    if (version > newest + 1) throw new RangeError(`key ${keyId}: material version ${version} would skip past ${newest + 1}`);
    await insertMaterial(q, scope, keyId, version, material);
    await q.run(SQL.setCurrent, [...values, version]);
    return 'added';
  });
}

/** The state is read on the locked row, so of two transitions from one state exactly one applies. */
export function update(
  db: Database,
  scope: Scope,
  keyId: string,
  patch: KeyPatch,
  expectedState: KeyState | undefined,
): Promise<'updated' | 'not-found' | 'state-changed'> {
  const values = [scope.accountId, scope.region, keyId];
  const fields = PATCH_FIELDS.flatMap(([field, encode]) => {
    const value = patch[field];
    return value === undefined ? [false, null] : [true, encode(value as never)];
  });
  return db.transaction(async (q) => {
    const key = await q.row<{ key_state: string }>(SQL.lockKey, values);
    if (!key) return 'not-found';
    if (expectedState !== undefined && key.key_state !== expectedState) return 'state-changed';
    if (fields.some((f, i) => i % 2 === 0 && f === true)) await q.run(SQL.patch, [...values, ...fields]);
    return 'updated';
  });
}
