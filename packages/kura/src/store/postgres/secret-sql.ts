// The Secrets Manager read statements on PostgreSQL. Each read is one statement, so it sees one
// committed snapshot: a secret and the version a stage names can never come from two writes. Each
// starts from an index of secrets (by name, by ARN, a list order's, a scheduler's partial index)
// and reaches a version by its key, as SQLite's do (sqlite/secret-sql.ts).

import { secretListSql } from '../secret-list.js';
import type { SecretListQuery } from '../secrets.js';

export const SECRET_COLUMNS = `s.name, s.arn, s.description, s.kms_key_id, s.created_date, s.last_changed_date,
  s.last_accessed_date, s.deleted_date, s.deletion_date, s.rotation_enabled, s.rotation_lambda_arn, s.rotation_after_days,
  s.rotation_schedule, s.rotation_duration, s.last_rotated_date, s.next_rotation_date, s.resource_policy, s.tags, s.revision`;

// bytea[]: the mapper decodes and sorts them (secret-rows.ts).
const VERSION_COLUMNS = `v.version_id, v.created_date AS version_created_date, v.last_accessed_date AS version_last_accessed_date,
  v.kms_key_arn, v.kind, v.sealed,
  ARRAY(SELECT st.stage FROM secret_version_stages st WHERE st.secret_id = v.secret_id AND st.version_id = v.version_id) AS stages`;

const SCOPED = 's.account_id = $1 AND s.region = $2';
const DUE = 'SELECT account_id, region, name FROM secrets';

/** Parameters: $1 account, $2 region, then the statement's own. */
export const SECRET_READ_SQL = {
  /** $3 name */
  secret: `SELECT ${SECRET_COLUMNS} FROM secrets s WHERE ${SCOPED} AND s.name = $3`,
  /** $3 ARN, unique across scopes: the scope only confirms it is this caller's. */
  byArn: `SELECT ${SECRET_COLUMNS} FROM secrets s WHERE s.arn = $3 AND ${SCOPED}`,
  /** $3 name */
  versions: `SELECT ${VERSION_COLUMNS} FROM secrets s JOIN secret_versions v ON v.secret_id = s.id
    WHERE ${SCOPED} AND s.name = $3 ORDER BY v.created_date, v.version_id`,
  /** $3 name, $4 version id (bytea) */
  readById: `SELECT ${SECRET_COLUMNS}, ${VERSION_COLUMNS} FROM secrets s
    LEFT JOIN secret_versions v ON v.secret_id = s.id AND v.version_id = $4
    WHERE ${SCOPED} AND s.name = $3`,
  /** $3 name, $4 stage (bytea): the stage row names the version, so only that version row is read. */
  readByStage: `SELECT ${SECRET_COLUMNS}, ${VERSION_COLUMNS} FROM secrets s
    LEFT JOIN secret_version_stages sv ON sv.secret_id = s.id AND sv.stage = $4
    LEFT JOIN secret_versions v ON v.secret_id = s.id AND v.version_id = sv.version_id
    WHERE ${SCOPED} AND s.name = $3`,
  /** $3 name, $4 version id, $5 stage: the version by id, if the stage is on it. */
  readByIdAndStage: `SELECT ${SECRET_COLUMNS}, ${VERSION_COLUMNS} FROM secrets s
    LEFT JOIN secret_version_stages sv ON sv.secret_id = s.id AND sv.stage = $5 AND sv.version_id = $4
    LEFT JOIN secret_versions v ON v.secret_id = s.id AND v.version_id = sv.version_id
    WHERE ${SCOPED} AND s.name = $3`,
  /**
   * $3 ARNs (text[]): their stage rows, each with its version's creation date (the mapper orders by
   * it). The secrets are found by their unique ARN first and the scope checked on what was found:
   * asked in one WHERE, a database without statistics yet walks the scope's secrets instead
   * (plans.test.ts). Then stage rows by the secret's key, a version by its own.
   */
  labelledVersions: `WITH s AS MATERIALIZED (SELECT id, arn, account_id, region FROM secrets WHERE arn = ANY ($3::text[]))
    SELECT s.arn, st.version_id, st.stage, v.created_date AS version_created_date
    FROM s JOIN secret_version_stages st ON st.secret_id = s.id
    JOIN secret_versions v ON v.secret_id = st.secret_id AND v.version_id = st.version_id
    WHERE s.account_id = $1 AND s.region = $2`,
  /** $3 name: the secret alone (the NULL keeps the row's shape). */
  readNone: `SELECT ${SECRET_COLUMNS}, NULL AS version_id FROM secrets s WHERE ${SCOPED} AND s.name = $3`,
  /** $1 now, $2 limit */
  dueForDeletion: `${DUE} WHERE deletion_date <= $1 ORDER BY deletion_date, account_id, region, name LIMIT $2`,
  /** $1 now, $2 limit */
  dueForRotation: `${DUE} WHERE rotation_enabled AND deleted_date IS NULL AND next_rotation_date <= $1
    ORDER BY next_rotation_date, account_id, region, name LIMIT $2`,
} as const;

/**
 * A list page's statement: $1 account, $2 region, $3 include deleted, $4 limit, then the cursor if
 * resumed: $5 its name when sorted by name, else $5 its key and $6 its name. A prepared statement
 * takes exactly the parameters it names, so listValues gives no more.
 */
export function listSql(query: SecretListQuery): string {
  const byName = query.sortBy === 'name';
  return secretListSql(SECRET_COLUMNS, query, {
    account: '$1', region: '$2', includeDeleted: '$3::boolean', limit: '$4', key: '$5::bigint', name: byName ? '$5::text' : '$6::text',
  });
}

export function listValues(query: SecretListQuery, scope: readonly [string, string], cursor: { key: number; name: string } | undefined): unknown[] {
  const values: unknown[] = [...scope, query.includePlannedDeletion, query.limit];
  if (cursor === undefined) return values;
  return query.sortBy === 'name' ? [...values, cursor.name] : [...values, cursor.key, cursor.name];
}
