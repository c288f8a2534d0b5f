// KeyRepository on SQLite. Material is stored wrapped; usage counting and every check-then-act step
// (expected state, taken alias, tag limit) happen in the write queue, so no two writers decide on
// the same state.

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
import type { Backend } from './connection.js';
import { KEY_READ_SQL } from './key-sql.js';
import { toAlias, toKey, toKeyTags, toMaterial, toScopedMaterial } from '../key-rows.js';
import type { AliasRow, KeyRow, KeyTagRow, MaterialRow, ScopedMaterialRow } from '../key-rows.js';
import * as writes from './key-writes.js';
import { cachedRead, createRecordCache } from './epoch-cache.js';

function scoped(scope: Scope, extra: Record<string, unknown>): Record<string, unknown> {
  return { account: scope.accountId, region: scope.region, ...extra };
}

export class SqliteKeyRepository implements KeyRepository {
  // Every encryption and decryption looks its key up (state, policy): kept for the write epoch
  // (epoch-cache.ts), absent ones too. A key record is flat, so freezing it freezes all of it.
  private readonly found = createRecordCache<KeyRecord>();

  constructor(private readonly backend: Backend) {}

  create(scope: Scope, newKey: NewKey): Promise<{ outcome: 'created' } | { outcome: 'alias-exists'; targetKeyId: string }> {
    return this.backend.write((c) => writes.create(c, scope, newKey));
  }

  get(scope: Scope, keyId: string): Promise<KeyRecord | undefined> {
    return cachedRead(this.backend, this.found, `${scope.accountId}\u0000${scope.region}\u0000${keyId}`, (c) => {
      const row = c.sql(KEY_READ_SQL.key).get(scoped(scope, { keyId })) as KeyRow | undefined;
      return row && toKey(row);
    });
  }

  alias(scope: Scope, aliasName: string): Promise<AliasRecord | undefined> {
    return this.backend.read((c) => {
      const row = c.sql(KEY_READ_SQL.alias).get(scoped(scope, { aliasName })) as AliasRow | undefined;
      return row && toAlias(row);
    });
  }

  material(scope: Scope, keyId: string, version: number): Promise<KeyMaterial | undefined> {
    return this.backend.read((c) => {
      const row = c.sql(KEY_READ_SQL.material).get(scoped(scope, { keyId, version })) as MaterialRow | undefined;
      return row && toMaterial(row);
    });
  }

  reserve(scope: Scope, keyId: string, limit: number): Promise<ReserveOutcome> {
    return this.backend.write((c) => writes.reserve(c, scope, keyId, limit));
  }

  addMaterial(
    scope: Scope,
    keyId: string,
    material: { version: number; wrapped: Buffer; createdAt: Date; origin: MaterialOrigin },
  ): Promise<'added' | 'version-taken' | 'not-found'> {
    return this.backend.write((c) => writes.addMaterial(c, scope, keyId, material));
  }

  materials(scope: Scope, keyId: string): Promise<KeyMaterial[]> {
    return this.backend.read((c) => (c.sql(KEY_READ_SQL.materials).all(scoped(scope, { keyId })) as MaterialRow[]).map(toMaterial));
  }

  list(scope: Scope, afterKeyId: string | undefined, limit: number): Promise<KeyRecord[]> {
    return this.backend.read((c) => {
      const rows = c.sql(KEY_READ_SQL.listKeys).all(scoped(scope, { after: afterKeyId ?? '', limit })) as KeyRow[];
      return rows.map(toKey);
    });
  }

  update(scope: Scope, keyId: string, patch: KeyPatch, expectedState?: KeyState): Promise<'updated' | 'not-found' | 'state-changed'> {
    return this.backend.write((c) => writes.update(c, scope, keyId, patch, expectedState));
  }

  delete(scope: Scope, keyId: string): Promise<boolean> {
    return this.backend.write((c) => writes.remove(c, scope, keyId));
  }

  listAliases(scope: Scope, query: { keyId?: string; afterAliasName?: string; limit: number }): Promise<AliasRecord[]> {
    return this.backend.read((c) => {
      const params = scoped(scope, { after: query.afterAliasName ?? '', limit: query.limit });
      const rows = query.keyId === undefined
        ? c.sql(KEY_READ_SQL.listAliases).all(params)
        : c.sql(KEY_READ_SQL.listKeyAliases).all({ ...params, keyId: query.keyId });
      return (rows as AliasRow[]).map(toAlias);
    });
  }

  createAlias(scope: Scope, alias: AliasRecord): Promise<'created' | 'exists' | 'key-not-found'> {
    return this.backend.write((c) => writes.createAlias(c, scope, alias));
  }

  updateAlias(scope: Scope, aliasName: string, targetKeyId: string, now: Date): Promise<'updated' | 'not-found' | 'key-not-found'> {
    return this.backend.write((c) => writes.updateAlias(c, scope, aliasName, targetKeyId, now));
  }

  deleteAlias(scope: Scope, aliasName: string): Promise<boolean> {
    return this.backend.write((c) => writes.deleteAlias(c, scope, aliasName));
  }

  tags(scope: Scope, keyId: string): Promise<KeyTag[] | undefined> {
    return this.backend.read((c) => toKeyTags(c.sql(KEY_READ_SQL.tags).all(scoped(scope, { keyId })) as KeyTagRow[]));
  }

  tag(scope: Scope, keyId: string, tags: KeyTag[], maxTags: number): Promise<'ok' | 'not-found' | 'too-many'> {
    return this.backend.write((c) => writes.tag(c, scope, keyId, tags, maxTags));
  }

  untag(scope: Scope, keyId: string, tagKeys: string[]): Promise<'ok' | 'not-found'> {
    return this.backend.write((c) => writes.untag(c, scope, keyId, tagKeys));
  }

  allMaterials(): Promise<ScopedMaterial[]> {
    return this.backend.read((c) => (c.sql(KEY_READ_SQL.allMaterials).all() as ScopedMaterialRow[]).map(toScopedMaterial));
  }

  rewrap(scope: Scope, keyId: string, version: number, wrapped: Buffer): Promise<void> {
    return this.backend.write((c) => writes.rewrap(c, scope, keyId, version, wrapped));
  }
}
