// The IAM tables' rows, their mapping to port records, and the read queries. Each read is one
// statement (tags and attachment counts ride along as subqueries), so it sees one snapshot even
// while another process commits. Named listings walk a (account, …, name_key) index in order;
// identity-query-plan.test.ts checks the plans.

import type { IamTag, ListPage, ListQuery, PrincipalKind } from '../iam-types.js';
import type { ManagedPolicyRecord, PolicyVersionRecord } from '../policies.js';
import type { GroupRecord, RoleRecord, UserRecord } from '../principals.js';
import type { SessionRecord } from '../sessions.js';
import type { Connection } from './connection.js';
import { compareBytes } from '../parameter-paths.js';

/** The lookup key of an IAM name: AWS compares names without regard to case. */
export function nameKey(name: string): string {
  return name.toLowerCase();
}

/** `v3` → 3; anything that is not a version id → undefined (so it matches no version). */
export function parseVersionId(versionId: string): number | undefined {
  const match = /^v([1-9][0-9]{0,8})$/.exec(versionId);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

export function versionIdOf(version: number): string {
  return `v${version}`;
}

/** AWS managed policies live in the `aws` account of any partition and have no row here. */
export function isAwsManagedArn(arn: string): boolean {
  return /^arn:[^:]+:iam::aws:policy\//.test(arn);
}

export interface PrincipalRow {
  id: number;
  account_id: string;
  name_key: string;
  name: string;
  unique_id: string;
  path: string;
  arn: string;
  create_date: number;
  permissions_boundary: string | null;
  assume_role_policy: string | null;
  description: string | null;
  max_session_duration: number | null;
  /** JSON array of [key, value] pairs. */
  tags: string;
}

export interface PolicyRow {
  id: number;
  account_id: string;
  name_key: string;
  name: string;
  policy_id: string;
  path: string;
  arn: string;
  description: string | null;
  create_date: number;
  update_date: number;
  default_version: number;
  attachment_count: number;
  tags: string;
}

export interface VersionRow {
  version: number | null;
  document: string | null;
  create_date: number | null;
  is_default: number | null;
}

export interface SessionRow {
  access_key_id: string;
  account_id: string;
  secret_ciphertext: Buffer;
  session_token_hash: string;
  kind: string;
  principal_arn: string;
  principal_id: string;
  role_arn: string | null;
  role_name: string | null;
  session_name: string | null;
  source_principal_arn: string;
  session_policy: string | null;
  session_policy_arns: string;
  source_identity: string | null;
  tags: string;
  chained: number;
  issued_at: number;
  expiration: number;
}

const PRINCIPAL_COLUMNS = `p.id, p.account_id, p.name_key, p.name, p.unique_id, p.path, p.arn, p.create_date,
  p.permissions_boundary, p.assume_role_policy, p.description, p.max_session_duration,
  (SELECT json_group_array(json_array(t.tag_key, t.tag_value)) FROM iam_principal_tags t WHERE t.principal_id = p.id) AS tags`;

const POLICY_COLUMNS = `p.id, p.account_id, p.name_key, p.name, p.policy_id, p.path, p.arn, p.description, p.create_date,
  p.update_date, p.default_version,
  (SELECT count(*) FROM iam_attachments a WHERE a.account_id = p.account_id AND a.policy_arn = p.arn) AS attachment_count,
  (SELECT json_group_array(json_array(t.tag_key, t.tag_value)) FROM iam_policy_tags t WHERE t.policy_id = p.id) AS tags`;

export const SESSION_COLUMNS = `access_key_id, account_id, secret_ciphertext, session_token_hash, kind, principal_arn,
  principal_id, role_arn, role_name, session_name, source_principal_arn, session_policy, session_policy_arns, source_identity,
  tags, chained, issued_at, expiration`;

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
  if (!Number.isInteger(query.limit) || query.limit < 1) throw new RangeError(`list limit must be a positive integer, not ${query.limit}`);
  const after = query.after === undefined ? '' : nameKey(query.after);
  const rows = c.sql(sql).all({ ...params, after, prefix: query.pathPrefix ?? '', limit: query.limit + 1 }) as R[];
  const shown = rows.slice(0, query.limit);
  const last = shown[shown.length - 1];
  return rows.length > query.limit && last ? { items: shown.map(map), next: last.name_key } : { items: shown.map(map) };
}

export function principalParams(accountId: string, kind: PrincipalKind, name: string): Record<string, unknown> {
  return { account: accountId, kind, nameKey: nameKey(name) };
}

export function toTags(json: string): IamTag[] {
  const pairs = JSON.parse(json) as Array<[string, string]>;
  return pairs.map(([key, value]) => ({ key, value })).sort((a, b) => compareBytes(a.key, b.key));
}

function base(row: PrincipalRow) {
  return { accountId: row.account_id, name: row.name, id: row.unique_id, path: row.path, arn: row.arn, createDate: new Date(row.create_date) };
}

export function toUser(row: PrincipalRow): UserRecord {
  return { ...base(row), permissionsBoundary: row.permissions_boundary, tags: toTags(row.tags) };
}

export function toGroup(row: PrincipalRow): GroupRecord {
  return base(row);
}

export function toRole(row: PrincipalRow): RoleRecord {
  return {
    ...base(row),
    assumeRolePolicyDocument: row.assume_role_policy ?? '',
    description: row.description,
    maxSessionDuration: row.max_session_duration ?? 0,
    permissionsBoundary: row.permissions_boundary,
    tags: toTags(row.tags),
  };
}

export function toPolicy(row: PolicyRow): ManagedPolicyRecord {
  return {
    accountId: row.account_id,
    name: row.name,
    id: row.policy_id,
    path: row.path,
    arn: row.arn,
    description: row.description,
    createDate: new Date(row.create_date),
    updateDate: new Date(row.update_date),
    defaultVersionId: versionIdOf(row.default_version),
    attachmentCount: row.attachment_count,
    tags: toTags(row.tags),
  };
}

/** Undefined for the NULL row of a LEFT JOIN. */
export function toVersion(row: VersionRow): PolicyVersionRecord | undefined {
  if (row.version === null || row.document === null || row.create_date === null) return undefined;
  return { versionId: versionIdOf(row.version), document: row.document, isDefaultVersion: row.is_default === 1, createDate: new Date(row.create_date) };
}

export function toSession(row: SessionRow): SessionRecord {
  const tags = JSON.parse(row.tags) as Array<[string, string]>;
  return {
    accessKeyId: row.access_key_id,
    accountId: row.account_id,
    secretCiphertext: row.secret_ciphertext,
    sessionTokenHash: row.session_token_hash,
    kind: row.kind as SessionRecord['kind'],
    principalArn: row.principal_arn,
    principalId: row.principal_id,
    roleArn: row.role_arn,
    roleName: row.role_name,
    sessionName: row.session_name,
    sourcePrincipalArn: row.source_principal_arn,
    sessionPolicy: row.session_policy,
    sessionPolicyArns: JSON.parse(row.session_policy_arns) as string[],
    sourceIdentity: row.source_identity,
    // Session tags keep the order they were passed in: STS reports them as given.
    tags: tags.map(([key, value]) => ({ key, value })),
    chained: row.chained !== 0,
    issuedAt: new Date(row.issued_at),
    expiration: new Date(row.expiration),
  };
}
