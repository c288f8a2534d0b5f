// The Secrets Manager write steps on SQLite. Each runs inside the savepoint the write queue gives
// it, so it may read, decide and write without another writer interleaving; an outcome that
// promises "nothing changed" ('exists', 'conflict', 'version-exists') is decided before anything is
// written, and a change the schema refuses (a stage left on two versions, a stage on a version
// that does not exist) throws, which rolls the savepoint back: all or nothing.

import { encodeTags } from '../secret-rows.js';
import type { NewSecret, SecretChange, SecretChangeOutcome, SecretExpectation, SecretPatch, SecretRotation, SecretTag, SecretVersionRecord } from '../secrets.js';
import type { Scope } from '../scope.js';
import type { Connection } from './connection.js';

type Params = Record<string, unknown>;

const SQL = {
  find: 'SELECT id, arn, revision FROM secrets WHERE account_id = @account AND region = @region AND name = @name',
  insertSecret: `INSERT INTO secrets (account_id, region, name, arn, description, kms_key_id, created_date, last_changed_date,
    rotation_enabled, rotation_lambda_arn, rotation_after_days, rotation_schedule, rotation_duration, last_rotated_date,
    next_rotation_date, resource_policy, tags, revision)
    VALUES (@account, @region, @name, @arn, @description, @kmsKeyId, @createdDate, @lastChangedDate, @rotationEnabled,
    @rotationLambdaArn, @rotationAfterDays, @rotationSchedule, @rotationDuration, @lastRotatedDate, @nextRotationDate,
    @resourcePolicy, @tags, 1)`,
  versionExists: 'SELECT 1 FROM secret_versions WHERE secret_id = ? AND version_id = ?',
  insertVersion: `INSERT INTO secret_versions (secret_id, version_id, created_date, last_accessed_date, kms_key_arn, kind, sealed)
    VALUES (?, ?, ?, ?, ?, ?, ?)`,
  deleteVersion: 'DELETE FROM secret_versions WHERE secret_id = ? AND version_id = ?',
  clearStages: 'DELETE FROM secret_version_stages WHERE secret_id = ? AND version_id = ?',
  insertStage: 'INSERT INTO secret_version_stages (secret_id, stage, version_id) VALUES (?, ?, ?)',
  reseal: 'UPDATE secret_versions SET sealed = ?, kms_key_arn = ?, kind = coalesce(?, kind) WHERE secret_id = ? AND version_id = ?',
  // Versions, and through them stages, go with the secret (ON DELETE CASCADE).
  delete: 'DELETE FROM secrets WHERE account_id = ? AND region = ? AND name = ? AND arn = ?',
  deleteAt: 'DELETE FROM secrets WHERE account_id = ? AND region = ? AND name = ? AND arn = ? AND revision = ?',
  touchSecret: `UPDATE secrets SET last_accessed_date = @day WHERE account_id = @account AND region = @region AND name = @name
    AND coalesce(last_accessed_date, -1) < @day`,
  touchVersion: `UPDATE secret_versions SET last_accessed_date = @day
    WHERE secret_id = (SELECT id FROM secrets WHERE account_id = @account AND region = @region AND name = @name)
    AND version_id = @versionId AND coalesce(last_accessed_date, -1) < @day`,
} as const;

const time = (date: Date | null): number | null => date?.getTime() ?? null;

function rotationColumns(r: SecretRotation): Params {
  return {
    rotationEnabled: r.enabled ? 1 : 0, rotationLambdaArn: r.lambdaArn, rotationAfterDays: r.automaticallyAfterDays,
    rotationSchedule: r.scheduleExpression, rotationDuration: r.duration, lastRotatedDate: time(r.lastRotatedDate),
    nextRotationDate: time(r.nextRotationDate),
  };
}

/** Each patchable field, the columns it sets and their values; a fixed order keeps the statement cache small. */
const PATCH_FIELDS: ReadonlyArray<[keyof SecretPatch, string[], (value: never) => unknown[]]> = [
  ['description', ['description'], (v: string | null) => [v]],
  ['kmsKeyId', ['kms_key_id'], (v: string | null) => [v]],
  ['lastChangedDate', ['last_changed_date'], (v: Date) => [v.getTime()]],
  ['deletedDate', ['deleted_date'], (v: Date | null) => [time(v)]],
  ['deletionDate', ['deletion_date'], (v: Date | null) => [time(v)]],
  ['rotation', ['rotation_enabled', 'rotation_lambda_arn', 'rotation_after_days', 'rotation_schedule', 'rotation_duration',
    'last_rotated_date', 'next_rotation_date'], (v: SecretRotation) => Object.values(rotationColumns(v))],
  ['resourcePolicy', ['resource_policy'], (v: string | null) => [v]],
  ['tags', ['tags'], (v: SecretTag[]) => [encodeTags(v)]],
];

function find(c: Connection, scope: Scope, name: string): { id: number; arn: string; revision: number } | undefined {
  return c.sql(SQL.find).get({ account: scope.accountId, region: scope.region, name }) as { id: number; arn: string; revision: number } | undefined;
}

function insertVersion(c: Connection, secretId: number, version: SecretVersionRecord): void {
  c.sql(SQL.insertVersion).run(secretId, version.versionId, version.createdDate.getTime(), time(version.lastAccessedDate),
    version.kmsKeyArn, version.kind, version.sealed);
}

function insertStages(c: Connection, secretId: number, versionId: string, stages: string[]): void {
  const insert = c.sql(SQL.insertStage);
  for (const stage of new Set(stages)) insert.run(secretId, stage, versionId);
}

export function create(c: Connection, scope: Scope, secret: NewSecret, firstVersion: SecretVersionRecord | undefined): 'created' | 'exists' {
  if (find(c, scope, secret.name)) return 'exists';
  const inserted = c.sql(SQL.insertSecret).run({
    account: scope.accountId, region: scope.region, name: secret.name, arn: secret.arn, description: secret.description,
    kmsKeyId: secret.kmsKeyId, createdDate: secret.createdDate.getTime(), lastChangedDate: secret.lastChangedDate.getTime(),
    ...rotationColumns(secret.rotation), resourcePolicy: secret.resourcePolicy, tags: encodeTags(secret.tags),
  });
  if (firstVersion) {
    const id = Number(inserted.lastInsertRowid);
    insertVersion(c, id, firstVersion);
    insertStages(c, id, firstVersion.versionId, firstVersion.stages);
  }
  return 'created';
}

function applyPatch(c: Connection, id: number, patch: SecretPatch): void {
  const set = ['revision = revision + 1'];
  const values: unknown[] = [];
  for (const [field, columns, encode] of PATCH_FIELDS) {
    const value = patch[field];
    if (value === undefined) continue;
    set.push(...columns.map((column) => `${column} = ?`));
    values.push(...encode(value as never));
  }
  c.sql(`UPDATE secrets SET ${set.join(', ')} WHERE id = ?`).run(...values, id);
}

export function change(c: Connection, scope: Scope, name: string, expected: SecretExpectation, change: SecretChange): SecretChangeOutcome {
  const secret = find(c, scope, name);
  // Another ARN under the name: the secret the caller decided on is gone, whatever the revision.
  if (!secret || secret.arn !== expected.arn) return 'not-found';
  if (secret.revision !== expected.revision) return 'conflict';
  const added = change.addVersion;
  if (added && c.sql(SQL.versionExists).get(secret.id, added.versionId) !== undefined) return 'version-exists';
  applyPatch(c, secret.id, change.patch ?? {});
  // Stages leave first, so a stage moving between two versions is never on both at once.
  for (const versionId of change.removeVersions ?? []) c.sql(SQL.deleteVersion).run(secret.id, versionId);
  for (const listed of change.stages ?? []) c.sql(SQL.clearStages).run(secret.id, listed.versionId);
  if (added) {
    insertVersion(c, secret.id, added);
    insertStages(c, secret.id, added.versionId, added.stages);
  }
  for (const listed of change.stages ?? []) insertStages(c, secret.id, listed.versionId, listed.stages);
  for (const { versionId, sealed, kmsKeyArn, kind } of change.reseal ?? []) c.sql(SQL.reseal).run(sealed, kmsKeyArn, kind ?? null, secret.id, versionId);
  return 'written';
}

export function remove(c: Connection, scope: Scope, name: string, expected: { arn: string; revision?: number }): boolean {
  const s = [scope.accountId, scope.region, name, expected.arn] as const;
  const deleted = expected.revision === undefined ? c.sql(SQL.delete).run(...s) : c.sql(SQL.deleteAt).run(...s, expected.revision);
  return deleted.changes > 0;
}

export function touch(c: Connection, scope: Scope, name: string, versionId: string, day: Date): void {
  const params = { account: scope.accountId, region: scope.region, name, versionId, day: day.getTime() };
  c.sql(SQL.touchSecret).run(params);
  c.sql(SQL.touchVersion).run(params);
}
