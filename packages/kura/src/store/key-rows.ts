// The KMS tables' rows, as both backends' read statements select them (sqlite/key-sql.ts,
// postgres/key-sql.ts), and their one mapping to the port's records. How a column arrives from
// each backend is rows.ts's concern.

import type { AliasRecord, KeyManager, KeyMaterial, KeyRecord, KeyState, KeyTag, MaterialOrigin, ScopedMaterial } from './keys.js';
import { flag, optionalDate, text, type Flag, type StoredText } from './rows.js';

export interface KeyRow {
  key_id: string;
  description: StoredText;
  key_spec: string;
  key_usage: string;
  origin: string;
  key_manager: string;
  key_state: string;
  creation_date: number;
  deletion_date: number | null;
  pending_window_in_days: number | null;
  policy: string;
  rotation_enabled: Flag;
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

/** A key's tags, LEFT JOINed: one row with a NULL key when the key has none. */
export interface KeyTagRow {
  tag_key: StoredText | null;
  tag_value: StoredText | null;
}

export function toKey(row: KeyRow): KeyRecord {
  return {
    keyId: row.key_id,
    description: text(row.description),
    keySpec: row.key_spec,
    keyUsage: row.key_usage,
    origin: row.origin,
    keyManager: row.key_manager as KeyManager,
    keyState: row.key_state as KeyState,
    creationDate: new Date(row.creation_date),
    deletionDate: optionalDate(row.deletion_date),
    pendingWindowInDays: row.pending_window_in_days,
    policy: row.policy,
    rotationEnabled: flag(row.rotation_enabled),
    rotationPeriodInDays: row.rotation_period_in_days,
    nextRotationDate: optionalDate(row.next_rotation_date),
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

/** The key's tags in the order the query gave (by key, byte order); undefined when no row came back (no such key). */
export function toKeyTags(rows: KeyTagRow[]): KeyTag[] | undefined {
  if (rows.length === 0) return undefined;
  return rows.flatMap((r) => (r.tag_key === null ? [] : [{ tagKey: text(r.tag_key), tagValue: r.tag_value === null ? '' : text(r.tag_value) }]));
}
