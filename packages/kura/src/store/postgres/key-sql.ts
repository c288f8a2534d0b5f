// The KMS tables' rows, their mapping to port records, and the read statements. Every read is one
// statement on committed data. Keys, aliases and tags are listed straight off a primary key or
// index whose text columns are COLLATE "C", so the order is byte order, as SQLite's.

import type { AliasRecord, KeyManager, KeyMaterial, KeyRecord, KeyState, MaterialOrigin, ScopedMaterial } from '../keys.js';

export interface KeyRow {
  key_id: string;
  description: string;
  key_spec: string;
  key_usage: string;
  origin: string;
  key_manager: string;
  key_state: string;
  creation_date: number;
  deletion_date: number | null;
  pending_window_in_days: number | null;
  policy: string;
  rotation_enabled: boolean;
  rotation_period_in_days: number | null;
  next_rotation_date: number | null;
  current_material: number;
}

export interface MaterialRow {
  key_id: string;
  version: number;
  wrapped: Buffer;
  created_at: number;
  usage_count: number;
  origin: string;
}

export interface ScopedMaterialRow extends MaterialRow {
  account_id: string;
  region: string;
}

export interface AliasRow {
  alias_name: string;
  target_key_id: string;
  creation_date: number;
  last_updated_date: number;
}

export interface TagRow {
  tag_key: string | null;
  tag_value: string | null;
}

const KEY_COLUMNS = `key_id, description, key_spec, key_usage, origin, key_manager, key_state, creation_date, deletion_date,
  pending_window_in_days, policy, rotation_enabled, rotation_period_in_days, next_rotation_date, current_material`;
export const MATERIAL_COLUMNS = 'key_id, version, wrapped, created_at, usage_count, origin';
const ALIAS_COLUMNS = 'alias_name, target_key_id, creation_date, last_updated_date';

/** Parameters: $1 account, $2 region, then the statement's own. */
export const KEY_READ_SQL = {
  key: `SELECT ${KEY_COLUMNS} FROM kms_keys WHERE account_id = $1 AND region = $2 AND key_id = $3`,
  /** $3 is an exclusive lower bound: '' (no cursor) sorts before every key id. */
  listKeys: `SELECT ${KEY_COLUMNS} FROM kms_keys WHERE account_id = $1 AND region = $2 AND key_id > $3
    ORDER BY key_id LIMIT $4`,
  material: `SELECT ${MATERIAL_COLUMNS} FROM kms_key_materials
    WHERE account_id = $1 AND region = $2 AND key_id = $3 AND version = $4`,
  materials: `SELECT ${MATERIAL_COLUMNS} FROM kms_key_materials WHERE account_id = $1 AND region = $2 AND key_id = $3
    ORDER BY version`,
  alias: `SELECT ${ALIAS_COLUMNS} FROM kms_aliases WHERE account_id = $1 AND region = $2 AND alias_name = $3`,
  listAliases: `SELECT ${ALIAS_COLUMNS} FROM kms_aliases WHERE account_id = $1 AND region = $2 AND alias_name > $3
    ORDER BY alias_name LIMIT $4`,
  /** Served by kms_aliases_by_target_name, which already holds one key's names in order. */
  listKeyAliases: `SELECT ${ALIAS_COLUMNS} FROM kms_aliases WHERE account_id = $1 AND region = $2 AND target_key_id = $5
    AND alias_name > $3 ORDER BY alias_name LIMIT $4`,
  /** One row with a NULL key when the key exists without tags; no rows when it does not exist. */
  tags: `SELECT t.tag_key, t.tag_value FROM kms_keys k
    LEFT JOIN kms_key_tags t ON t.account_id = k.account_id AND t.region = k.region AND t.key_id = k.key_id
    WHERE k.account_id = $1 AND k.region = $2 AND k.key_id = $3 ORDER BY t.tag_key`,
  /** Every material of every account and region: master-key rotation is the only caller. */
  allMaterials: `SELECT account_id, region, ${MATERIAL_COLUMNS} FROM kms_key_materials
    ORDER BY account_id, region, key_id, version`,
} as const;

export function toKey(row: KeyRow): KeyRecord {
  return {
    keyId: row.key_id,
    description: row.description,
    keySpec: row.key_spec,
    keyUsage: row.key_usage,
    origin: row.origin,
    keyManager: row.key_manager as KeyManager,
    keyState: row.key_state as KeyState,
    creationDate: new Date(row.creation_date),
    deletionDate: toDate(row.deletion_date),
    pendingWindowInDays: row.pending_window_in_days,
    policy: row.policy,
    rotationEnabled: row.rotation_enabled,
    rotationPeriodInDays: row.rotation_period_in_days,
    nextRotationDate: toDate(row.next_rotation_date),
    currentMaterial: row.current_material,
  };
}

export function toMaterial(row: MaterialRow): KeyMaterial {
  return {
    keyId: row.key_id,
    version: row.version,
    wrapped: row.wrapped,
    createdAt: new Date(row.created_at),
    usageCount: row.usage_count,
    origin: row.origin as MaterialOrigin,
  };
}

export function toScopedMaterial(row: ScopedMaterialRow): ScopedMaterial {
  return { ...toMaterial(row), scope: { accountId: row.account_id, region: row.region } };
}

export function toAlias(row: AliasRow): AliasRecord {
  return {
    aliasName: row.alias_name,
    targetKeyId: row.target_key_id,
    creationDate: new Date(row.creation_date),
    lastUpdatedDate: new Date(row.last_updated_date),
  };
}

function toDate(ms: number | null): Date | null {
  return ms === null ? null : new Date(ms);
}
