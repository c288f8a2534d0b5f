// KeyRepository on PostgreSQL. Material is stored wrapped. Reads are single statements on
// committed data (nothing is kept: other replicas write the same keys); the writes that decide on
// what they read are in key-writes.ts and key-alias-writes.ts, each one transaction on locked rows
// or one statement.

import type {
  AliasRecord,
  KeyMaterial,
  KeyPatch,
  KeyRecord,
  KeyRepository,
  KeyState,
  KeyTag,
  MaterialOrigin,
  NewKey,
  ReserveOutcome,
  ScopedMaterial,
} from '../keys.js';
import type { Scope } from '../scope.js';
import type { Database } from './database.js';
import * as aliasWrites from './key-alias-writes.js';
import { KEY_READ_SQL } from './key-sql.js';
import { toAlias, toKey, toKeyTags, toMaterial, toScopedMaterial } from '../key-rows.js';
import type { AliasRow, KeyRow, KeyTagRow, MaterialRow, ScopedMaterialRow } from '../key-rows.js';
import * as writes from './key-writes.js';
import { fitsText } from './storable.js';

const SQL = {
  // Material, aliases and tags go with the key through ON DELETE CASCADE.
  deleteKey: 'DELETE FROM kms_keys WHERE account_id = $1 AND region = $2 AND key_id = $3',
  // Nothing but the blob: a material that is gone (its key's deletion came due during a master-key
  // rotation) stays gone.
  rewrap: 'UPDATE kms_key_materials SET wrapped = $5 WHERE account_id = $1 AND region = $2 AND key_id = $3 AND version = $4',
} as const;

export class PgKeyRepository implements KeyRepository {
  constructor(private readonly db: Database) {}

  create(scope: Scope, newKey: NewKey): Promise<{ outcome: 'created' } | { outcome: 'alias-exists'; targetKeyId: string }> {
    return writes.create(this.db, scope, newKey);
  }

  // A key id or alias name PostgreSQL cannot hold names nothing stored (storable.ts): not found.
  async get(scope: Scope, keyId: string): Promise<KeyRecord | undefined> {
    if (!fitsText(keyId)) return undefined;
    const row = await this.db.row<KeyRow>(KEY_READ_SQL.key, [scope.accountId, scope.region, keyId]);
    return row && toKey(row);
  }

  async alias(scope: Scope, aliasName: string): Promise<AliasRecord | undefined> {
    if (!fitsText(aliasName)) return undefined;
    const row = await this.db.row<AliasRow>(KEY_READ_SQL.alias, [scope.accountId, scope.region, aliasName]);
    return row && toAlias(row);
  }

  async material(scope: Scope, keyId: string, version: number): Promise<KeyMaterial | undefined> {
    const row = await this.db.row<MaterialRow>(KEY_READ_SQL.material, [scope.accountId, scope.region, keyId, version]);
    return row && toMaterial(row);
  }

  reserve(scope: Scope, keyId: string, limit: number): Promise<ReserveOutcome> {
    return writes.reserve(this.db, scope, keyId, limit);
  }

  addMaterial(
    scope: Scope,
    keyId: string,
    material: { version: number; wrapped: Buffer; createdAt: Date; origin: MaterialOrigin },
  ): Promise<'added' | 'version-taken' | 'not-found'> {
    return writes.addMaterial(this.db, scope, keyId, material);
  }

  async materials(scope: Scope, keyId: string): Promise<KeyMaterial[]> {
    return (await this.db.rows<MaterialRow>(KEY_READ_SQL.materials, [scope.accountId, scope.region, keyId])).map(toMaterial);
  }

  async list(scope: Scope, afterKeyId: string | undefined, limit: number): Promise<KeyRecord[]> {
    return (await this.db.rows<KeyRow>(KEY_READ_SQL.listKeys, [scope.accountId, scope.region, afterKeyId ?? '', limit])).map(toKey);
  }

  update(scope: Scope, keyId: string, patch: KeyPatch, expectedState?: KeyState): Promise<'updated' | 'not-found' | 'state-changed'> {
    return writes.update(this.db, scope, keyId, patch, expectedState);
  }

  async delete(scope: Scope, keyId: string): Promise<boolean> {
    return (await this.db.run(SQL.deleteKey, [scope.accountId, scope.region, keyId])) > 0;
  }

  async listAliases(scope: Scope, query: { keyId?: string; afterAliasName?: string; limit: number }): Promise<AliasRecord[]> {
    const values = [scope.accountId, scope.region, query.afterAliasName ?? '', query.limit];
    const rows = query.keyId === undefined
      ? await this.db.rows<AliasRow>(KEY_READ_SQL.listAliases, values)
      : await this.db.rows<AliasRow>(KEY_READ_SQL.listKeyAliases, [...values, query.keyId]);
    return rows.map(toAlias);
  }

  createAlias(scope: Scope, alias: AliasRecord): Promise<'created' | 'exists' | 'key-not-found'> {
    return aliasWrites.createAlias(this.db, scope, alias);
  }

  updateAlias(scope: Scope, aliasName: string, targetKeyId: string, now: Date): Promise<'updated' | 'not-found' | 'key-not-found'> {
    return aliasWrites.updateAlias(this.db, scope, aliasName, targetKeyId, now);
  }

  deleteAlias(scope: Scope, aliasName: string): Promise<boolean> {
    return aliasWrites.deleteAlias(this.db, scope, aliasName);
  }

  async tags(scope: Scope, keyId: string): Promise<KeyTag[] | undefined> {
    if (!fitsText(keyId)) return undefined;
    return toKeyTags(await this.db.rows<KeyTagRow>(KEY_READ_SQL.tags, [scope.accountId, scope.region, keyId]));
  }

  tag(scope: Scope, keyId: string, tags: KeyTag[], maxTags: number): Promise<'ok' | 'not-found' | 'too-many'> {
    return aliasWrites.tag(this.db, scope, keyId, tags, maxTags);
  }

  untag(scope: Scope, keyId: string, tagKeys: string[]): Promise<'ok' | 'not-found'> {
    return aliasWrites.untag(this.db, scope, keyId, tagKeys);
  }

  async allMaterials(): Promise<ScopedMaterial[]> {
    return (await this.db.rows<ScopedMaterialRow>(KEY_READ_SQL.allMaterials)).map(toScopedMaterial);
  }

  async rewrap(scope: Scope, keyId: string, version: number, wrapped: Buffer): Promise<void> {
    await this.db.run(SQL.rewrap, [scope.accountId, scope.region, keyId, version, wrapped]);
  }
}
