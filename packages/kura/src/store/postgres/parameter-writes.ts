// The parameter write steps, each run inside one transaction (READ COMMITTED) by the repository.
// Several Kura replicas may run them on one parameter at once, so every step that decides on what
// it read first locks the parameter's row (SELECT … FOR UPDATE): writers of one parameter take turns,
// and each reads, after the lock, the state its predecessor committed. Creation cannot lock a row
// that does not exist yet; there the unique index on the name decides (INSERT … ON CONFLICT DO
// NOTHING). Outcomes that promise "nothing changed" decide before writing anything.

import type { LabelOutcome, PutOutcome, PutRequest, Tag, UnlabelOutcome } from '../parameters.js';
import type { Scope } from '../scope.js';
import type { Queryable } from './database.js';
import { parentOf } from '../parameter-paths.js';
import { optionalUtf8 } from './free-text.js';
import { fitsInteger, fitsText } from './storable.js';

interface ParameterRow {
  id: number;
  latest_version: number;
}

// Nothing else goes in this statement: under READ COMMITTED, a row re-read after waiting for its
// lock is fresh, but a subquery beside it would still answer from the snapshot taken before the
// wait. Whatever depends on the locked state is read by a later statement.
const LOCK_PARAMETER = 'SELECT id, latest_version FROM parameters WHERE account_id = $1 AND region = $2 AND name = $3 FOR UPDATE';

/** The parameter's row, locked until the transaction ends; undefined when it does not exist. */
function lock(q: Queryable, scope: Scope, name: string): Promise<ParameterRow | undefined> {
  return q.row<ParameterRow>(LOCK_PARAMETER, [scope.accountId, scope.region, name]);
}

async function hasVersion(q: Queryable, id: number, version: number): Promise<boolean> {
  // A version an `integer` cannot hold is none of this parameter's (storable.ts).
  if (!fitsInteger(version)) return false;
  return (await q.row('SELECT 1 FROM parameter_versions WHERE parameter_id = $1 AND version = $2', [id, version])) !== undefined;
}

/** Later duplicates win, as they would if the tags were applied one by one. */
function distinctTags(tags: Tag[]): Map<string, string> {
  return new Map(tags.map((t) => [t.key, t.value]));
}

// Keys are distinct (a Map), so no row is touched twice by the one statement, which PostgreSQL refuses.
const UPSERT_TAGS = `INSERT INTO parameter_tags (parameter_id, key, value)
  SELECT $1, t.key, t.value FROM unnest($2::text[], $3::text[]) AS t (key, value)
  ON CONFLICT (parameter_id, key) DO UPDATE SET value = excluded.value`;

async function upsertTags(q: Queryable, id: number, tags: Map<string, string>): Promise<void> {
  if (tags.size === 0) return;
  await q.run(UPSERT_TAGS, [id, [...tags.keys()], [...tags.values()]]);
}

const CREATE_PARAMETER = `INSERT INTO parameters (account_id, region, name, parent, display_name, latest_version)
  VALUES ($1, $2, $3, $4, $5, 1) ON CONFLICT (account_id, region, name) DO NOTHING RETURNING id`;

const INSERT_VERSION = `INSERT INTO parameter_versions (parameter_id, version, type, value, key_id, description,
  allowed_pattern, data_type, tier, policies, last_modified_date, last_modified_user)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`;

export async function put(q: Queryable, scope: Scope, request: PutRequest): Promise<PutOutcome> {
  if (!Number.isInteger(request.maxVersions) || request.maxVersions < 1) throw new RangeError('maxVersions must be a positive integer');
  let id: number;
  let version: number;
  if (request.expectedLatest === 0) {
    // A concurrent creator of the same name makes this insert wait for its commit, then do
    // nothing: exactly one creator gets the id back, every other one a conflict.
    const created = await q.row<{ id: number }>(CREATE_PARAMETER, [
      scope.accountId, scope.region, request.name, parentOf(request.name), request.displayName,
    ]);
    if (!created) return { outcome: 'conflict' };
    id = created.id;
    version = 1;
    await upsertTags(q, id, distinctTags(request.tags));
  } else {
    const existing = await lock(q, scope, request.name);
    if (!existing || existing.latest_version !== request.expectedLatest) return { outcome: 'conflict' };
    id = existing.id;
    version = existing.latest_version + 1;
    const evicted = await evict(q, id, request.maxVersions);
    if (evicted !== undefined) return { outcome: 'oldest-labelled', oldestVersion: evicted };
    await q.run('UPDATE parameters SET latest_version = $2 WHERE id = $1', [id, version]);
  }
  const v = request.version;
  await q.run(INSERT_VERSION, [
    id, version, v.type, v.value, v.keyId, optionalUtf8(v.description), optionalUtf8(v.allowedPattern), v.dataType, v.tier, v.policies,
    v.lastModifiedDate.getTime(), v.lastModifiedUser,
  ]);
  return { outcome: 'written', version };
}

const OLDEST_VERSIONS = `SELECT v.version, EXISTS (SELECT 1 FROM parameter_labels l
    WHERE l.parameter_id = v.parameter_id AND l.version = v.version) AS labelled
  FROM parameter_versions v WHERE v.parameter_id = $1 ORDER BY v.version LIMIT $2`;

/**
 * Makes room for one more version under the cap by deleting the oldest ones. Returns the oldest
 * version instead, deleting nothing, when one that would go carries a label. The caller holds the
 * parameter's lock, so no version or label of it changes in between.
 */
async function evict(q: Queryable, id: number, maxVersions: number): Promise<number | undefined> {
  const counted = await q.row<{ count: number }>('SELECT count(*) AS count FROM parameter_versions WHERE parameter_id = $1', [id]);
  const excess = (counted?.count ?? 0) - maxVersions + 1;
  if (excess <= 0) return undefined;
  const victims = await q.rows<{ version: number; labelled: boolean }>(OLDEST_VERSIONS, [id, excess]);
  const newest = victims[victims.length - 1];
  if (newest === undefined) return undefined;
  if (victims.some((v) => v.labelled)) return victims[0]?.version;
  await q.run('DELETE FROM parameter_versions WHERE parameter_id = $1 AND version <= $2', [id, newest.version]);
  return undefined;
}

export async function remove(q: Queryable, scope: Scope, name: string): Promise<boolean> {
  // Versions, labels and tags go with it through ON DELETE CASCADE. The delete locks the row, so it
  // waits for a writer that holds it, and a writer that comes after finds no parameter.
  const deleted = await q.run('DELETE FROM parameters WHERE account_id = $1 AND region = $2 AND name = $3', [scope.accountId, scope.region, name]);
  return deleted > 0;
}

// Moves each label here from whichever version had it: the (parameter, label) key makes a label
// name one version at a time, so the move is one row's update, atomic by itself.
const ATTACH_LABELS = `INSERT INTO parameter_labels (parameter_id, label, version)
  SELECT $1, l.label, $2 FROM unnest($3::text[]) AS l (label)
  ON CONFLICT (parameter_id, label) DO UPDATE SET version = excluded.version`;

export async function label(
  q: Queryable,
  scope: Scope,
  name: string,
  requested: number | undefined,
  labels: string[],
  maxPerVersion: number,
): Promise<LabelOutcome> {
  const parameter = await lock(q, scope, name);
  if (!parameter) return { outcome: 'not-found' };
  const version = requested ?? parameter.latest_version;
  if (!(await hasVersion(q, parameter.id, version))) return { outcome: 'version-not-found' };
  const current = await q.rows<{ label: string }>('SELECT label FROM parameter_labels WHERE parameter_id = $1 AND version = $2', [parameter.id, version]);
  // Counted after moving: labels that come from other versions count here, they no longer count there.
  const distinct = new Set(labels);
  const after = new Set([...current.map((r) => r.label), ...distinct]);
  if (after.size > maxPerVersion) return { outcome: 'limit-exceeded' };
  if (distinct.size > 0) await q.run(ATTACH_LABELS, [parameter.id, version, [...distinct]]);
  return { outcome: 'labelled', version };
}

export async function unlabel(q: Queryable, scope: Scope, name: string, version: number, labels: string[]): Promise<UnlabelOutcome> {
  const parameter = await lock(q, scope, name);
  if (!parameter) return { outcome: 'not-found' };
  if (!(await hasVersion(q, parameter.id, version))) return { outcome: 'version-not-found' };
  const distinct = [...new Set(labels)];
  // A label PostgreSQL cannot hold is on no version (storable.ts): reported invalid, never sent.
  const detached = await q.rows<{ label: string }>(
    'DELETE FROM parameter_labels WHERE parameter_id = $1 AND version = $2 AND label = ANY($3::text[]) RETURNING label',
    [parameter.id, version, distinct.filter(fitsText)],
  );
  const gone = new Set(detached.map((r) => r.label));
  // In the order asked, as SQLite reports them.
  return { outcome: 'unlabelled', removed: distinct.filter((l) => gone.has(l)), invalid: distinct.filter((l) => !gone.has(l)) };
}

export async function addTags(q: Queryable, scope: Scope, name: string, tags: Tag[], maxTags: number): Promise<'ok' | 'not-found' | 'too-many'> {
  // The lock makes the count and the insert one step: two replicas adding tags at once can never
  // together pass a limit that each alone respects.
  const parameter = await lock(q, scope, name);
  if (!parameter) return 'not-found';
  const incoming = distinctTags(tags);
  const keys = await q.rows<{ key: string }>('SELECT key FROM parameter_tags WHERE parameter_id = $1', [parameter.id]);
  if (new Set([...keys.map((r) => r.key), ...incoming.keys()]).size > maxTags) return 'too-many';
  await upsertTags(q, parameter.id, incoming);
  return 'ok';
}

export async function removeTags(q: Queryable, scope: Scope, name: string, keys: string[]): Promise<'ok' | 'not-found'> {
  const parameter = await lock(q, scope, name);
  if (!parameter) return 'not-found';
  // A key PostgreSQL cannot hold is no tag's (storable.ts).
  const storable = keys.filter(fitsText);
  if (storable.length > 0) await q.run('DELETE FROM parameter_tags WHERE parameter_id = $1 AND key = ANY($2::text[])', [parameter.id, storable]);
  return 'ok';
}
