// The parameter write steps. Each runs inside the savepoint the write queue gives it, so it may
// read, decide and write without another writer interleaving; outcomes that promise "nothing
// changed" decide before writing anything.

import type { LabelOutcome, PutOutcome, PutRequest, Tag, UnlabelOutcome } from '../parameters.js';
import type { Scope } from '../scope.js';
import type { Connection } from './connection.js';
import { parentOf } from '../parameter-paths.js';

interface ParameterRow {
  id: number;
  latest_version: number;
}

function find(c: Connection, scope: Scope, name: string): ParameterRow | undefined {
  return c
    .sql('SELECT id, latest_version FROM parameters WHERE account_id = ? AND region = ? AND name = ?')
    .get(scope.accountId, scope.region, name) as ParameterRow | undefined;
}

function hasVersion(c: Connection, id: number, version: number): boolean {
  return c.sql('SELECT 1 FROM parameter_versions WHERE parameter_id = ? AND version = ?').get(id, version) !== undefined;
}

/** Later duplicates win, as they would if the tags were applied one by one. */
function distinctTags(tags: Tag[]): Map<string, string> {
  return new Map(tags.map((t) => [t.key, t.value]));
}

function upsertTags(c: Connection, id: number, tags: Map<string, string>): void {
  const upsert = c.sql(`INSERT INTO parameter_tags (parameter_id, key, value) VALUES (?, ?, ?)
    ON CONFLICT (parameter_id, key) DO UPDATE SET value = excluded.value`);
  for (const [key, value] of tags) upsert.run(id, key, value);
}

export function put(c: Connection, scope: Scope, request: PutRequest): PutOutcome {
  if (!Number.isInteger(request.maxVersions) || request.maxVersions < 1) throw new RangeError('maxVersions must be a positive integer');
  const existing = find(c, scope, request.name);
  const latest = existing?.latest_version ?? 0;
  if (latest !== request.expectedLatest) return { outcome: 'conflict' };
  const version = latest + 1;
  let id: number;
  if (existing) {
    id = existing.id;
    const evicted = evict(c, id, request.maxVersions);
    if (evicted !== undefined) return { outcome: 'oldest-labelled', oldestVersion: evicted };
    c.sql('UPDATE parameters SET latest_version = ? WHERE id = ?').run(version, id);
  } else {
    const inserted = c
      .sql(`INSERT INTO parameters (account_id, region, name, parent, display_name, latest_version)
        VALUES (?, ?, ?, ?, ?, ?)`)
      .run(scope.accountId, scope.region, request.name, parentOf(request.name), request.displayName, version);
    id = Number(inserted.lastInsertRowid);
    upsertTags(c, id, distinctTags(request.tags));
  }
  const v = request.version;
  c.sql(`INSERT INTO parameter_versions (parameter_id, version, type, value, key_id, description, allowed_pattern,
      data_type, tier, policies, last_modified_date, last_modified_user) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
    .run(id, version, v.type, v.value, v.keyId, v.description, v.allowedPattern, v.dataType, v.tier, v.policies,
      v.lastModifiedDate.getTime(), v.lastModifiedUser);
  return { outcome: 'written', version };
}

/**
 * Makes room for one more version under the cap by deleting the oldest ones. Returns the oldest
 * version instead, deleting nothing, when one that would go carries a label.
 */
function evict(c: Connection, id: number, maxVersions: number): number | undefined {
  const { count } = c.sql('SELECT count(*) AS count FROM parameter_versions WHERE parameter_id = ?').get(id) as { count: number };
  const excess = count - maxVersions + 1;
  if (excess <= 0) return undefined;
  const victims = c.column('SELECT version FROM parameter_versions WHERE parameter_id = ? ORDER BY version LIMIT ?')
    .all(id, excess) as number[];
  const newest = victims[victims.length - 1];
  if (newest === undefined) return undefined;
  const labelled = c.sql('SELECT 1 FROM parameter_labels WHERE parameter_id = ? AND version <= ? LIMIT 1').get(id, newest);
  if (labelled !== undefined) return victims[0];
  c.sql('DELETE FROM parameter_versions WHERE parameter_id = ? AND version <= ?').run(id, newest);
  return undefined;
}

export function remove(c: Connection, scope: Scope, name: string): boolean {
  // Versions, labels and tags go with it through ON DELETE CASCADE.
  const deleted = c.sql('DELETE FROM parameters WHERE account_id = ? AND region = ? AND name = ?').run(scope.accountId, scope.region, name);
  return deleted.changes > 0;
}

export function label(
  c: Connection,
  scope: Scope,
  name: string,
  requested: number | undefined,
  labels: string[],
  maxPerVersion: number,
): LabelOutcome {
  const parameter = find(c, scope, name);
  if (!parameter) return { outcome: 'not-found' };
  const version = requested ?? parameter.latest_version;
  if (!hasVersion(c, parameter.id, version)) return { outcome: 'version-not-found' };
  const current = c.column('SELECT label FROM parameter_labels WHERE parameter_id = ? AND version = ?')
    .all(parameter.id, version) as string[];
  // Counted after moving: labels that come from other versions count here, they no longer count there.
  const after = new Set([...current, ...labels]);
  if (after.size > maxPerVersion) return { outcome: 'limit-exceeded' };
  const attach = c.sql(`INSERT INTO parameter_labels (parameter_id, label, version) VALUES (?, ?, ?)
    ON CONFLICT (parameter_id, label) DO UPDATE SET version = excluded.version`);
  for (const l of new Set(labels)) attach.run(parameter.id, l, version);
  return { outcome: 'labelled', version };
}

export function unlabel(c: Connection, scope: Scope, name: string, version: number, labels: string[]): UnlabelOutcome {
  const parameter = find(c, scope, name);
  if (!parameter) return { outcome: 'not-found' };
  if (!hasVersion(c, parameter.id, version)) return { outcome: 'version-not-found' };
  const detach = c.sql('DELETE FROM parameter_labels WHERE parameter_id = ? AND label = ? AND version = ?');
  const removed: string[] = [];
  const invalid: string[] = [];
  for (const l of new Set(labels)) {
    if (detach.run(parameter.id, l, version).changes > 0) removed.push(l);
    else invalid.push(l);
  }
  return { outcome: 'unlabelled', removed, invalid };
}

export function addTags(c: Connection, scope: Scope, name: string, tags: Tag[], maxTags: number): 'ok' | 'not-found' | 'too-many' {
  const parameter = find(c, scope, name);
  if (!parameter) return 'not-found';
  const incoming = distinctTags(tags);
  const keys = c.column('SELECT key FROM parameter_tags WHERE parameter_id = ?').all(parameter.id) as string[];
  if (new Set([...keys, ...incoming.keys()]).size > maxTags) return 'too-many';
  upsertTags(c, parameter.id, incoming);
  return 'ok';
}

export function removeTags(c: Connection, scope: Scope, name: string, keys: string[]): 'ok' | 'not-found' {
  const parameter = find(c, scope, name);
  if (!parameter) return 'not-found';
  const drop = c.sql('DELETE FROM parameter_tags WHERE parameter_id = ? AND key = ?');
  for (const key of keys) drop.run(parameter.id, key);
  return 'ok';
}
