// The Secrets Manager writes on PostgreSQL, which several replicas may run on one secret at once.
// A change is one transaction that first moves the secret's revision on, conditionally (UPDATE …
// WHERE arn and revision = expected): of writers that decided on the same revision, the first locks the
// row and the others, re-reading it after the lock is released (READ COMMITTED), find another
// revision and change nothing. Only then come the version and stage rows, under that lock. A
// create cannot lock a row that does not exist yet: there the unique name decides (INSERT … ON
// CONFLICT DO NOTHING). Whatever fails after the first statement rolls the whole change back.

import { encodeTags } from '../secret-rows.js';
import type { NewSecret, SecretChange, SecretChangeOutcome, SecretExpectation, SecretPatch, SecretRotation, SecretVersionRecord } from '../secrets.js';
import type { Scope } from '../scope.js';
import type { Database, Queryable } from './database.js';
import { optionalUtf8, utf8 } from './free-text.js';

const SQL = {
  insertSecret: `INSERT INTO secrets (account_id, region, name, arn, description, kms_key_id, created_date, last_changed_date,
    rotation_enabled, rotation_lambda_arn, rotation_after_days, rotation_schedule, rotation_duration, last_rotated_date,
    next_rotation_date, resource_policy, tags, revision)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, 1)
    ON CONFLICT (account_id, region, name) DO NOTHING RETURNING id`,
  // Only the version's own key may conflict: that is the port's 'version-exists', anything else an error.
  insertVersion: `INSERT INTO secret_versions (secret_id, version_id, created_date, last_accessed_date, kms_key_arn, kind, sealed)
    VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (secret_id, version_id) DO NOTHING RETURNING 1 AS added`,
  // A stage already on another version (one the change did not clear) violates the key and throws.
  insertStages: `INSERT INTO secret_version_stages (secret_id, stage, version_id)
    SELECT $1, st.stage, st.version_id FROM unnest($2::bytea[], $3::bytea[]) AS st (stage, version_id)`,
  /**
   * Every patchable field in one constant statement, each set only when its flag is true, so one
   * prepared text serves every patch. The revision always moves on, and only from the expected one.
   */
  patch: `UPDATE secrets SET
    description = CASE WHEN $5::boolean THEN $6::bytea ELSE description END,
    kms_key_id = CASE WHEN $7::boolean THEN $8::bytea ELSE kms_key_id END,
    last_changed_date = CASE WHEN $9::boolean THEN $10::bigint ELSE last_changed_date END,
    deleted_date = CASE WHEN $11::boolean THEN $12::bigint ELSE deleted_date END,
    deletion_date = CASE WHEN $13::boolean THEN $14::bigint ELSE deletion_date END,
    rotation_enabled = CASE WHEN $15::boolean THEN $16::boolean ELSE rotation_enabled END,
    rotation_lambda_arn = CASE WHEN $15::boolean THEN $17::bytea ELSE rotation_lambda_arn END,
    rotation_after_days = CASE WHEN $15::boolean THEN $18::integer ELSE rotation_after_days END,
    rotation_schedule = CASE WHEN $15::boolean THEN $19::text ELSE rotation_schedule END,
    rotation_duration = CASE WHEN $15::boolean THEN $20::text ELSE rotation_duration END,
    last_rotated_date = CASE WHEN $15::boolean THEN $21::bigint ELSE last_rotated_date END,
    next_rotation_date = CASE WHEN $15::boolean THEN $22::bigint ELSE next_rotation_date END,
    resource_policy = CASE WHEN $23::boolean THEN $24::text ELSE resource_policy END,
    tags = CASE WHEN $25::boolean THEN $26::text ELSE tags END,
    revision = revision + 1
    WHERE account_id = $1 AND region = $2 AND name = $3 AND arn = $27 AND revision = $4 RETURNING id`,
  /** The secret the change expected, at another revision: a 'conflict' (else 'not-found'). */
  exists: 'SELECT 1 FROM secrets WHERE account_id = $1 AND region = $2 AND name = $3 AND arn = $4',
  removeVersions: 'DELETE FROM secret_versions WHERE secret_id = $1 AND version_id = ANY ($2::bytea[])',
  clearStages: 'DELETE FROM secret_version_stages WHERE secret_id = $1 AND version_id = ANY ($2::bytea[])',
  reseal: `UPDATE secret_versions v SET sealed = r.sealed, kms_key_arn = r.kms_key_arn, kind = coalesce(r.kind, v.kind)
    FROM unnest($2::bytea[], $3::bytea[], $4::text[], $5::text[]) AS r (version_id, sealed, kms_key_arn, kind)
    WHERE v.secret_id = $1 AND v.version_id = r.version_id`,
} as const;

const time = (date: Date | null): number | null => date?.getTime() ?? null;

function rotationValues(r: SecretRotation): unknown[] {
  return [r.enabled, optionalUtf8(r.lambdaArn), r.automaticallyAfterDays, r.scheduleExpression, r.duration, time(r.lastRotatedDate), time(r.nextRotationDate)];
}

/** SQL.patch's values from $5 to $26: each field's flag, then its value(s); $27 is the expected ARN. */
function patchValues(patch: SecretPatch): unknown[] {
  const field = (set: boolean, ...values: unknown[]): unknown[] => [set, ...(set ? values : values.map(() => null))];
  const { rotation } = patch;
  return [
    ...field(patch.description !== undefined, optionalUtf8(patch.description ?? null)),
    ...field(patch.kmsKeyId !== undefined, optionalUtf8(patch.kmsKeyId ?? null)),
    ...field(patch.lastChangedDate !== undefined, time(patch.lastChangedDate ?? null)),
    ...field(patch.deletedDate !== undefined, time(patch.deletedDate ?? null)),
    ...field(patch.deletionDate !== undefined, time(patch.deletionDate ?? null)),
    ...(rotation === undefined ? [false, null, null, null, null, null, null, null] : [true, ...rotationValues(rotation)]),
    ...field(patch.resourcePolicy !== undefined, patch.resourcePolicy ?? null),
    ...field(patch.tags !== undefined, patch.tags === undefined ? null : encodeTags(patch.tags)),
  ];
}

/** Thrown inside a change's transaction to roll it back when the new version's id is taken. */
class VersionExists extends Error {
  constructor() {
    super('version exists');
  }
}

async function insertVersion(q: Queryable, secretId: number, version: SecretVersionRecord): Promise<boolean> {
  const added = await q.row(SQL.insertVersion, [
    secretId, utf8(version.versionId), version.createdDate.getTime(), time(version.lastAccessedDate), version.kmsKeyArn, version.kind, version.sealed,
  ]);
  return added !== undefined;
}

/** One statement for every stage row to add; a stage named twice for one version counts once. */
async function insertStages(q: Queryable, secretId: number, lists: ReadonlyArray<{ versionId: string; stages: string[] }>): Promise<void> {
  const rows = lists.flatMap(({ versionId, stages }) => [...new Set(stages)].map((stage) => [utf8(stage), utf8(versionId)] as const));
  if (rows.length === 0) return;
  await q.run(SQL.insertStages, [secretId, rows.map((r) => r[0]), rows.map((r) => r[1])]);
}

export async function create(db: Database, scope: Scope, secret: NewSecret, firstVersion: SecretVersionRecord | undefined): Promise<'created' | 'exists'> {
  return db.transaction(async (q) => {
    // A concurrent creator of the same name makes this insert wait for its commit, then do nothing.
    const created = await q.row<{ id: number }>(SQL.insertSecret, [
      scope.accountId, scope.region, secret.name, secret.arn, optionalUtf8(secret.description), optionalUtf8(secret.kmsKeyId),
      secret.createdDate.getTime(), secret.lastChangedDate.getTime(), ...rotationValues(secret.rotation), secret.resourcePolicy,
      encodeTags(secret.tags),
    ]);
    if (!created) return 'exists';
    if (firstVersion) {
      await insertVersion(q, created.id, firstVersion);
      await insertStages(q, created.id, [firstVersion]);
    }
    return 'created';
  });
}

export async function change(db: Database, scope: Scope, name: string, expected: SecretExpectation, change: SecretChange): Promise<SecretChangeOutcome> {
  const values = [scope.accountId, scope.region, name];
  try {
    return await db.transaction(async (q) => {
      const secret = await q.row<{ id: number }>(SQL.patch, [...values, expected.revision, ...patchValues(change.patch ?? {}), expected.arn]);
      if (!secret) return (await q.row(SQL.exists, [...values, expected.arn])) ? 'conflict' : 'not-found';
      const { addVersion, removeVersions = [], stages = [], reseal = [] } = change;
      // Taken as the secret stood before this change: the id is tried before anything is removed.
      if (addVersion && !(await insertVersion(q, secret.id, addVersion))) throw new VersionExists();
      if (removeVersions.length > 0) await q.run(SQL.removeVersions, [secret.id, removeVersions.map(utf8)]);
      // Stages leave first, so a stage moving between two versions is never on both at once.
      if (stages.length > 0) await q.run(SQL.clearStages, [secret.id, stages.map((s) => utf8(s.versionId))]);
      await insertStages(q, secret.id, addVersion ? [addVersion, ...stages] : stages);
      if (reseal.length > 0) {
        await q.run(SQL.reseal, [
          secret.id, reseal.map((r) => utf8(r.versionId)), reseal.map((r) => r.sealed), reseal.map((r) => r.kmsKeyArn), reseal.map((r) => r.kind ?? null),
        ]);
      }
      return 'written';
    });
  } catch (error) {
    if (error instanceof VersionExists) return 'version-exists';
    throw error;
  }
}
