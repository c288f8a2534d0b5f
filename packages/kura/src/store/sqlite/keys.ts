// KeyRepository on SQLite. Material is stored wrapped; usage counting happens in the write queue,
// so two encryptions can never be handed the same count.

import type { AliasRecord, KeyManager, KeyMaterial, KeyRecord, KeyRepository, KeyState, NewKey, ReserveOutcome } from '../keys.js';
import type { Scope } from '../scope.js';
import type { Backend, Connection } from './connection.js';

interface KeyRow {
  key_id: string;
  description: string;
  key_manager: string;
  key_state: string;
  creation_date: number;
  deletion_date: number | null;
  policy: string;
  rotation_enabled: number;
  rotation_period_in_days: number | null;
  current_material: number;
}

interface MaterialRow {
  key_id: string;
  version: number;
  wrapped: Buffer;
  created_at: number;
  usage_count: number;
}

interface AliasRow {
  alias_name: string;
  target_key_id: string;
  creation_date: number;
  last_updated_date: number;
}

const SQL = {
  key: 'SELECT * FROM kms_keys WHERE account_id = ? AND region = ? AND key_id = ?',
  alias: 'SELECT * FROM kms_aliases WHERE account_id = ? AND region = ? AND alias_name = ?',
  material: 'SELECT * FROM kms_key_materials WHERE account_id = ? AND region = ? AND key_id = ? AND version = ?',
  insertKey: `INSERT INTO kms_keys (account_id, region, key_id, description, key_manager, key_state, creation_date,
    deletion_date, policy, rotation_enabled, rotation_period_in_days, current_material)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  insertMaterial: `INSERT INTO kms_key_materials (account_id, region, key_id, version, wrapped, created_at, usage_count)
    VALUES (?, ?, ?, ?, ?, ?, 0)`,
  insertAlias: `INSERT INTO kms_aliases (account_id, region, alias_name, target_key_id, creation_date, last_updated_date)
    VALUES (?, ?, ?, ?, ?, ?)`,
  countUse: `UPDATE kms_key_materials SET usage_count = usage_count + 1
    WHERE account_id = ? AND region = ? AND key_id = ? AND version = ?`,
  newestMaterial: 'SELECT max(version) AS v FROM kms_key_materials WHERE account_id = ? AND region = ? AND key_id = ?',
  setCurrent: 'UPDATE kms_keys SET current_material = ? WHERE account_id = ? AND region = ? AND key_id = ?',
} as const;

function toKey(row: KeyRow): KeyRecord {
  return {
    keyId: row.key_id,
    description: row.description,
    keyManager: row.key_manager as KeyManager,
    keyState: row.key_state as KeyState,
    creationDate: new Date(row.creation_date),
    deletionDate: row.deletion_date === null ? null : new Date(row.deletion_date),
    policy: row.policy,
    rotationEnabled: row.rotation_enabled !== 0,
    rotationPeriodInDays: row.rotation_period_in_days,
    currentMaterial: row.current_material,
  };
}

function toMaterial(row: MaterialRow): KeyMaterial {
  return {
    keyId: row.key_id,
    version: row.version,
    wrapped: row.wrapped,
    createdAt: new Date(row.created_at),
    usageCount: row.usage_count,
  };
}

function toAlias(row: AliasRow): AliasRecord {
  return {
    aliasName: row.alias_name,
    targetKeyId: row.target_key_id,
    creationDate: new Date(row.creation_date),
    lastUpdatedDate: new Date(row.last_updated_date),
  };
}

function findKey(c: Connection, scope: Scope, keyId: string): KeyRow | undefined {
  return c.sql(SQL.key).get(scope.accountId, scope.region, keyId) as KeyRow | undefined;
}

function findMaterial(c: Connection, scope: Scope, keyId: string, version: number): MaterialRow | undefined {
  return c.sql(SQL.material).get(scope.accountId, scope.region, keyId, version) as MaterialRow | undefined;
}

export class SqliteKeyRepository implements KeyRepository {
  constructor(private readonly backend: Backend) {}

  create(scope: Scope, newKey: NewKey): Promise<{ outcome: 'created' } | { outcome: 'alias-exists'; targetKeyId: string }> {
    return this.backend.write((c) => {
      const { accountId, region } = scope;
      if (newKey.alias !== undefined) {
        const taken = c.sql(SQL.alias).get(accountId, region, newKey.alias) as AliasRow | undefined;
        if (taken) return { outcome: 'alias-exists', targetKeyId: taken.target_key_id };
      }
      const k = newKey.key;
      c.sql(SQL.insertKey).run(accountId, region, k.keyId, k.description, k.keyManager, k.keyState, k.creationDate.getTime(),
        k.deletionDate?.getTime() ?? null, k.policy, k.rotationEnabled ? 1 : 0, k.rotationPeriodInDays, 1);
      c.sql(SQL.insertMaterial).run(accountId, region, k.keyId, 1, newKey.material.wrapped, newKey.material.createdAt.getTime());
      if (newKey.alias !== undefined) {
        const at = k.creationDate.getTime();
        c.sql(SQL.insertAlias).run(accountId, region, newKey.alias, k.keyId, at, at);
      }
      return { outcome: 'created' };
    });
  }

  get(scope: Scope, keyId: string): Promise<KeyRecord | undefined> {
    return this.backend.read((c) => {
      const row = findKey(c, scope, keyId);
      return row && toKey(row);
    });
  }

  alias(scope: Scope, aliasName: string): Promise<AliasRecord | undefined> {
    return this.backend.read((c) => {
      const row = c.sql(SQL.alias).get(scope.accountId, scope.region, aliasName) as AliasRow | undefined;
      return row && toAlias(row);
    });
  }

  material(scope: Scope, keyId: string, version: number): Promise<KeyMaterial | undefined> {
    return this.backend.read((c) => {
      const row = findMaterial(c, scope, keyId, version);
      return row && toMaterial(row);
    });
  }

  reserve(scope: Scope, keyId: string, limit: number): Promise<ReserveOutcome> {
    return this.backend.write((c): ReserveOutcome => {
      const key = findKey(c, scope, keyId);
      if (!key) return { outcome: 'not-found' };
      const row = findMaterial(c, scope, keyId, key.current_material);
      if (!row) throw new Error(`key ${keyId} has no material version ${key.current_material}`);
      if (row.usage_count >= limit) return { outcome: 'exhausted', material: toMaterial(row) };
      c.sql(SQL.countUse).run(scope.accountId, scope.region, keyId, key.current_material);
      return { outcome: 'reserved', material: { ...toMaterial(row), usageCount: row.usage_count + 1 } };
    });
  }

  addMaterial(scope: Scope, keyId: string, material: { wrapped: Buffer; createdAt: Date }): Promise<number> {
    return this.backend.write((c) => {
      const { accountId, region } = scope;
      // A missing key is a caller bug, not a domain outcome: the port returns only the new version.
      if (!findKey(c, scope, keyId)) throw new Error(`no key ${keyId} in ${accountId}/${region}`);
      const { v } = c.sql(SQL.newestMaterial).get(accountId, region, keyId) as { v: number | null };
      const version = (v ?? 0) + 1;
      c.sql(SQL.insertMaterial).run(accountId, region, keyId, version, material.wrapped, material.createdAt.getTime());
      c.sql(SQL.setCurrent).run(version, accountId, region, keyId);
      return version;
    });
  }
}
