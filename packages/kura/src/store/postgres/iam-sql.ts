// The IAM tables' read queries on PostgreSQL (their rows are mapped by ../iam-rows.ts, shared with
// SQLite). Each read is one statement (tags and attachment counts ride along as subqueries), so it
// sees one snapshot even while another replica commits. Named listings walk an (account, …,
// name_key) index in byte order (the key columns are COLLATE "C", as SQLite's BINARY). A managed
// policy's description is bytea (free-text.ts).

import type { ListPage, ListQuery, PrincipalKind } from '../iam-types.js';
import { listBounds, nameKey, toPage } from '../iam-rows.js';
import type { Queryable } from './database.js';

// Tags in byte order of their keys, as the SQLite store sorts them.
const PRINCIPAL_COLUMNS = `p.id, p.account_id, p.name_key, p.name, p.unique_id, p.path, p.arn, p.create_date,
  p.permissions_boundary, p.assume_role_policy, p.description, p.max_session_duration,
  (SELECT coalesce(json_agg(json_build_array(t.tag_key, t.tag_value) ORDER BY t.tag_key), '[]'::json)
    FROM iam_principal_tags t WHERE t.principal_id = p.id) AS tags`;

const POLICY_COLUMNS = `p.id, p.account_id, p.name_key, p.name, p.policy_id, p.path, p.arn, p.description, p.create_date,
  p.update_date, p.default_version,
  (SELECT count(*) FROM iam_attachments a WHERE a.account_id = p.account_id AND a.policy_arn = p.arn) AS attachment_count,
  (SELECT coalesce(json_agg(json_build_array(t.tag_key, t.tag_value) ORDER BY t.tag_key), '[]'::json)
    FROM iam_policy_tags t WHERE t.policy_id = p.id) AS tags`;

/** $1 account, $2 kind, $3 name key. */
const PRINCIPAL = 'p.account_id = $1 AND p.kind = $2 AND p.name_key = $3';
/** An empty prefix matches every path; starts_with compares exactly (LIKE would read % and _). */
const UNDER_PREFIX = 'starts_with(p.path, $4)';
const VERSION_COLUMNS = 'v.version, v.document, v.create_date, v.version = p.default_version AS is_default';

export const IAM_READ_SQL = {
  /** $1 account, $2 kind, $3 name key. */
  principal: `SELECT ${PRINCIPAL_COLUMNS} FROM iam_principals p WHERE ${PRINCIPAL}`,
  /** $1 account, $2 kind, then page(): $3 the exclusive lower bound ('' sorts first), $4 path prefix, $5 limit. */
  listPrincipals: `SELECT ${PRINCIPAL_COLUMNS} FROM iam_principals p
    WHERE p.account_id = $1 AND p.kind = $2 AND p.name_key > $3 AND ${UNDER_PREFIX}
    ORDER BY p.name_key LIMIT $5`,
  /** $1 account, $2 the user's name key. */
  groupsForUser: `SELECT ${PRINCIPAL_COLUMNS} FROM iam_principals u
    JOIN iam_group_members m ON m.user_id = u.id JOIN iam_principals p ON p.id = m.group_id
    WHERE u.account_id = $1 AND u.kind = 'user' AND u.name_key = $2 ORDER BY p.name_key`,
  /** $1 account, $2 the group's name key. */
  usersInGroup: `SELECT ${PRINCIPAL_COLUMNS} FROM iam_principals g
    JOIN iam_group_members m ON m.group_id = g.id JOIN iam_principals p ON p.id = m.user_id
    WHERE g.account_id = $1 AND g.kind = 'group' AND g.name_key = $2 ORDER BY p.name_key`,
  /** $1 account, $2 ARN key. */
  policy: `SELECT ${POLICY_COLUMNS} FROM iam_policies p WHERE p.account_id = $1 AND p.arn_key = $2`,
  /** $1 account, $2 only attached ones, then page(): $3 after, $4 path prefix, $5 limit. */
  listPolicies: `SELECT ${POLICY_COLUMNS} FROM iam_policies p
    WHERE p.account_id = $1 AND p.name_key > $3 AND ${UNDER_PREFIX}
      AND (NOT $2::boolean OR EXISTS (SELECT 1 FROM iam_attachments a WHERE a.account_id = p.account_id AND a.policy_arn = p.arn))
    ORDER BY p.name_key LIMIT $5`,
  /** $1 account, $2 ARN key, $3 version number. */
  policyVersion: `SELECT ${VERSION_COLUMNS} FROM iam_policies p JOIN iam_policy_versions v ON v.policy_id = p.id
    WHERE p.account_id = $1 AND p.arn_key = $2 AND v.version = $3`,
  /** $1 account, $2 ARN key. One row of NULLs when the policy exists without versions (never, in practice); none without the policy. */
  policyVersions: `SELECT ${VERSION_COLUMNS} FROM iam_policies p LEFT JOIN iam_policy_versions v ON v.policy_id = p.id
    WHERE p.account_id = $1 AND p.arn_key = $2 ORDER BY v.version`,
  /**
   * One row with a NULL ARN when the principal exists with nothing attached; none without it. In
   * name order ignoring case, like every IAM listing: lower() under "C" folds ASCII only, as
   * SQLite's does (policy names are ASCII).
   */
  attached: `SELECT a.policy_name, a.policy_arn FROM iam_principals p LEFT JOIN iam_attachments a ON a.principal_id = p.id
    WHERE ${PRINCIPAL} ORDER BY lower(a.policy_name COLLATE "C"), a.policy_arn`,
  /** $1 account, $2 kind, $3 name key, $4 policy name key. */
  inlinePolicy: `SELECT i.name, i.document FROM iam_principals p JOIN iam_inline_policies i ON i.principal_id = p.id
    WHERE ${PRINCIPAL} AND i.name_key = $4`,
  /** Same shape as `attached`: a NULL name marks a principal without inline policies. */
  inlinePolicies: `SELECT i.name, i.document FROM iam_principals p LEFT JOIN iam_inline_policies i ON i.principal_id = p.id
    WHERE ${PRINCIPAL} ORDER BY i.name_key`,
} as const;

/**
 * Runs a listing query that reads one row past the page, so `next` appears only when there is
 * more. `leading` are the query's first two values; the cursor, prefix and limit follow them.
 */
export async function page<R extends { name_key: string }, T>(
  db: Queryable,
  sql: string,
  leading: readonly [unknown, unknown],
  query: ListQuery,
  map: (row: R) => T,
): Promise<ListPage<T>> {
  const { after, limit } = listBounds(query);
  return toPage(await db.rows<R>(sql, [...leading, after, query.pathPrefix ?? '', limit]), query, map);
}

export function principalValues(accountId: string, kind: PrincipalKind, name: string): [string, PrincipalKind, string] {
  return [accountId, kind, nameKey(name)];
}
