// The IAM tables' read queries (their rows are mapped by ../iam-rows.ts, shared with PostgreSQL).
// Each read is one statement (tags and attachment counts ride along as subqueries), so it sees one
// snapshot even while another process commits. Named listings walk a (account, …, name_key) index
// in order; identity-query-plan.test.ts checks the plans.

import type { ListPage, ListQuery, PrincipalKind } from '../iam-types.js';
import { listBounds, nameKey, toPage } from '../iam-rows.js';
import { SESSION_COLUMNS } from '../session-rows.js';
import type { Connection } from './connection.js';

const PRINCIPAL_COLUMNS = `p.id, p.account_id, p.name_key, p.name, p.unique_id, p.path, p.arn, p.create_date,
  p.permissions_boundary, p.assume_role_policy, p.description, p.max_session_duration,
  (SELECT json_group_array(json_array(t.tag_key, t.tag_value)) FROM iam_principal_tags t WHERE t.principal_id = p.id) AS tags`;

const POLICY_COLUMNS = `p.id, p.account_id, p.name_key, p.name, p.policy_id, p.path, p.arn, p.description, p.create_date,
  p.update_date, p.default_version,
  (SELECT count(*) FROM iam_attachments a WHERE a.account_id = p.account_id AND a.policy_arn = p.arn) AS attachment_count,
  (SELECT json_group_array(json_array(t.tag_key, t.tag_value)) FROM iam_policy_tags t WHERE t.policy_id = p.id) AS tags`;

const PRINCIPAL = 'p.account_id = @account AND p.kind = @kind AND p.name_key = @nameKey';
/** An empty prefix matches every path; substr keeps the comparison exact (LIKE would fold case). */
const UNDER_PREFIX = 'substr(p.path, 1, length(@prefix)) = @prefix';
const VERSION_COLUMNS = 'v.version, v.document, v.create_date, v.version = p.default_version AS is_default';

export const IDENTITY_READ_SQL = {
  principal: `SELECT ${PRINCIPAL_COLUMNS} FROM iam_principals p WHERE ${PRINCIPAL}`,
  /** `@after` is an exclusive lower bound: '' sorts before every name. Reads one row past the page. */
  listPrincipals: `SELECT ${PRINCIPAL_COLUMNS} FROM iam_principals p
    WHERE p.account_id = @account AND p.kind = @kind AND p.name_key > @after AND ${UNDER_PREFIX}
    ORDER BY p.name_key LIMIT @limit`,
  groupsForUser: `SELECT ${PRINCIPAL_COLUMNS} FROM iam_principals u
    CROSS JOIN iam_group_members m ON m.user_id = u.id CROSS JOIN iam_principals p ON p.id = m.group_id
    WHERE u.account_id = @account AND u.kind = 'user' AND u.name_key = @nameKey ORDER BY p.name_key`,
  usersInGroup: `SELECT ${PRINCIPAL_COLUMNS} FROM iam_principals g
    CROSS JOIN iam_group_members m ON m.group_id = g.id CROSS JOIN iam_principals p ON p.id = m.user_id
    WHERE g.account_id = @account AND g.kind = 'group' AND g.name_key = @nameKey ORDER BY p.name_key`,
  policy: `SELECT ${POLICY_COLUMNS} FROM iam_policies p WHERE p.account_id = @account AND p.arn_key = @arnKey`,
  listPolicies: `SELECT ${POLICY_COLUMNS} FROM iam_policies p
    WHERE p.account_id = @account AND p.name_key > @after AND ${UNDER_PREFIX}
      AND (@onlyAttached = 0 OR EXISTS (SELECT 1 FROM iam_attachments a WHERE a.account_id = p.account_id AND a.policy_arn = p.arn))
    ORDER BY p.name_key LIMIT @limit`,
  policyVersion: `SELECT ${VERSION_COLUMNS} FROM iam_policies p CROSS JOIN iam_policy_versions v ON v.policy_id = p.id
    WHERE p.account_id = @account AND p.arn_key = @arnKey AND v.version = @version`,
  /** One row of NULLs when the policy exists without versions (never, in practice); none without the policy. */
  policyVersions: `SELECT ${VERSION_COLUMNS} FROM iam_policies p LEFT JOIN iam_policy_versions v ON v.policy_id = p.id
    WHERE p.account_id = @account AND p.arn_key = @arnKey ORDER BY v.version`,
  /**
   * One row with a NULL ARN when the principal exists with nothing attached; none without it. In
   * name order ignoring case, like every IAM listing (policy names are ASCII, which lower() folds).
   */
  attached: `SELECT a.policy_name, a.policy_arn FROM iam_principals p LEFT JOIN iam_attachments a ON a.principal_id = p.id
    WHERE ${PRINCIPAL} ORDER BY lower(a.policy_name), a.policy_arn`,
  inlinePolicy: `SELECT i.name, i.document FROM iam_principals p CROSS JOIN iam_inline_policies i ON i.principal_id = p.id
    WHERE ${PRINCIPAL} AND i.name_key = @policyKey`,
  /** Same shape as `attached`: a NULL name marks a principal without inline policies. */
  inlinePolicies: `SELECT i.name, i.document FROM iam_principals p LEFT JOIN iam_inline_policies i ON i.principal_id = p.id
    WHERE ${PRINCIPAL} ORDER BY i.name_key`,
  session: `SELECT ${SESSION_COLUMNS} FROM sts_sessions WHERE access_key_id = ?`,
  generation: 'SELECT value FROM iam_generation WHERE id = 1',
} as const;

/** Runs a listing query that reads one row past the page, so `next` appears only when there is more. */
export function page<R extends { name_key: string }, T>(c: Connection, sql: string, params: Record<string, unknown>, query: ListQuery, map: (row: R) => T): ListPage<T> {
  const { after, limit } = listBounds(query);
  return toPage(c.sql(sql).all({ ...params, after, prefix: query.pathPrefix ?? '', limit }) as R[], query, map);
}

export function principalParams(accountId: string, kind: PrincipalKind, name: string): Record<string, unknown> {
  return { account: accountId, kind, nameKey: nameKey(name) };
}
