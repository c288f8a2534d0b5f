// The Secrets Manager read queries on SQLite. Each is one statement that starts from an index of
// secrets (by name, by ARN, by a list order, or a scheduler's partial index) and reaches a version
// by its key: CROSS JOIN and the LEFT JOIN order pin secrets as the outer loop, so each costs
// O(log n + rows returned); secret-query-plan.test.ts checks this with EXPLAIN QUERY PLAN.

import { secretListSql } from '../secret-list.js';
import type { SecretListQuery } from '../secrets.js';

export const SECRET_COLUMNS = `s.name, s.arn, s.description, s.kms_key_id, s.created_date, s.last_changed_date,
  s.last_accessed_date, s.deleted_date, s.deletion_date, s.rotation_enabled, s.rotation_lambda_arn, s.rotation_after_days,
  s.rotation_schedule, s.rotation_duration, s.last_rotated_date, s.next_rotation_date, s.resource_policy, s.tags, s.revision`;

// The version's stages come from the index by version, in byte order already; the mapper sorts anyway
// (json_group_array promises no order).
const VERSION_COLUMNS = `v.version_id, v.created_date AS version_created_date, v.last_accessed_date AS version_last_accessed_date,
  v.kms_key_arn, v.kind, v.sealed,
  (SELECT json_group_array(st.stage) FROM secret_version_stages st
    WHERE st.secret_id = v.secret_id AND st.version_id = v.version_id) AS stages`;

const SCOPED = 's.account_id = @account AND s.region = @region';

/** Due secrets of every scope, soonest first, off the scheduler's partial index. */
const DUE_COLUMNS = 'SELECT account_id, region, name FROM secrets';

export const SECRET_READ_SQL = {
  secret: `SELECT ${SECRET_COLUMNS} FROM secrets s WHERE ${SCOPED} AND s.name = @name`,
  /** The ARN is unique across scopes: the scope only confirms it is this caller's. */
  byArn: `SELECT ${SECRET_COLUMNS} FROM secrets s WHERE s.arn = @arn AND ${SCOPED}`,
  versions: `SELECT ${VERSION_COLUMNS} FROM secrets s CROSS JOIN secret_versions v ON v.secret_id = s.id
    WHERE ${SCOPED} AND s.name = @name ORDER BY v.created_date, v.version_id`,
  readById: `SELECT ${SECRET_COLUMNS}, ${VERSION_COLUMNS} FROM secrets s
    LEFT JOIN secret_versions v ON v.secret_id = s.id AND v.version_id = @versionId
    WHERE ${SCOPED} AND s.name = @name`,
  // The stage row names the version, so only that one version row is visited.
  readByStage: `SELECT ${SECRET_COLUMNS}, ${VERSION_COLUMNS} FROM secrets s
    LEFT JOIN secret_version_stages sv ON sv.secret_id = s.id AND sv.stage = @stage
    LEFT JOIN secret_versions v ON v.secret_id = s.id AND v.version_id = sv.version_id
    WHERE ${SCOPED} AND s.name = @name`,
  /** Both given: the version by id, if the stage is on it. */
  readByIdAndStage: `SELECT ${SECRET_COLUMNS}, ${VERSION_COLUMNS} FROM secrets s
    LEFT JOIN secret_version_stages sv ON sv.secret_id = s.id AND sv.stage = @stage AND sv.version_id = @versionId
    LEFT JOIN secret_versions v ON v.secret_id = s.id AND v.version_id = sv.version_id
    WHERE ${SCOPED} AND s.name = @name`,
  /** Neither given: the secret alone, with no version (the NULLs keep the row's shape). */
  readNone: `SELECT ${SECRET_COLUMNS}, NULL AS version_id FROM secrets s WHERE ${SCOPED} AND s.name = @name`,
  /** Whether a touch would change anything: a date older than `day` on the secret, or on the version if it exists. */
  staleAccess: `SELECT s.id FROM secrets s LEFT JOIN secret_versions v ON v.secret_id = s.id AND v.version_id = @versionId
    WHERE ${SCOPED} AND s.name = @name AND (coalesce(s.last_accessed_date, -1) < @day
      OR (v.version_id IS NOT NULL AND coalesce(v.last_accessed_date, -1) < @day))`,
  dueForDeletion: `${DUE_COLUMNS} WHERE deletion_date <= @now ORDER BY deletion_date, account_id, region, name LIMIT @limit`,
  dueForRotation: `${DUE_COLUMNS} WHERE rotation_enabled = 1 AND deleted_date IS NULL AND next_rotation_date <= @now
    ORDER BY next_rotation_date, account_id, region, name LIMIT @limit`,
} as const;

/**
 * The stage rows of the secrets whose ARNs @arns (a JSON array) lists, in the scope, each with its
 * version's creation date (the mapper orders by it). CROSS JOIN pins the order: the ARNs given, each
 * secret by its unique ARN (not a walk of the scope's secrets, which an ARN IN (…) planned as), its
 * stage rows by the secret's key, each version by its own; no sort (secret-query-plan.test.ts).
 */
export const LABELLED_VERSIONS_SQL = `SELECT s.arn, st.version_id, st.stage, v.created_date AS version_created_date
  FROM json_each(@arns) j CROSS JOIN secrets s ON s.arn = j.value
  CROSS JOIN secret_version_stages st ON st.secret_id = s.id
  CROSS JOIN secret_versions v ON v.secret_id = st.secret_id AND v.version_id = st.version_id
  WHERE ${SCOPED}`;

/** A list page's statement; the connection caches it by text (16 texts: 4 orders, 2 directions, resumed or not). */
export function listSql(query: SecretListQuery): string {
  return secretListSql(SECRET_COLUMNS, query, {
    account: '@account', region: '@region', includeDeleted: '@includeDeleted', limit: '@limit', key: '@key', name: '@name',
  });
}
