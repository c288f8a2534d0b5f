// The IAM tables' rows, as both backends' read statements select them (sqlite/identity-sql.ts,
// postgres/iam-sql.ts), their one mapping to the ports' records, and the keys both backends look
// IAM names, ARNs and versions up by. How a column arrives from each backend is rows.ts's concern.

import type { IamTag, ListPage, ListQuery } from './iam-types.js';
import type { AttachedPolicyRef, InlinePolicyRecord, ManagedPolicyRecord, PolicyVersionRecord } from './policies.js';
import type { GroupRecord, RoleRecord, UserRecord } from './principals.js';
import { compareBytes } from './parameter-paths.js';
import { flag, isJsonText, optionalText, type Flag, type Listed, type StoredText } from './rows.js';

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

/**
 * [key, value] pairs. SQLite: JSON text from json_group_array, in no promised order; PostgreSQL:
 * json_agg ordered by key (byte order) in the query, parsed by the driver.
 */
type TagPairs = Listed<[string, string]>;

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
  tags: TagPairs;
}

export interface PolicyRow {
  id: number;
  account_id: string;
  name_key: string;
  name: string;
  policy_id: string;
  path: string;
  arn: string;
  description: StoredText | null;
  create_date: number;
  update_date: number;
  default_version: number;
  attachment_count: number;
  tags: TagPairs;
}

/** NULLs for the row of a LEFT JOIN that found no version. */
export interface PolicyVersionRow {
  version: number | null;
  document: string | null;
  create_date: number | null;
  is_default: Flag | null;
}

/** A principal's attachments, LEFT JOINed: one row with a NULL ARN when nothing is attached. */
export interface AttachedRow {
  policy_name: string | null;
  policy_arn: string | null;
}

/** A principal's inline policies, LEFT JOINed: one row with a NULL name when it has none. */
export interface InlinePolicyRow {
  name: string | null;
  document: string | null;
}

/** A listing's cursor (exclusive; '' sorts before every name key) and how many rows to read: one past the page. */
export function listBounds(query: ListQuery): { after: string; limit: number } {
  if (!Number.isInteger(query.limit) || query.limit < 1) throw new RangeError(`list limit must be a positive integer, not ${query.limit}`);
  return { after: query.after === undefined ? '' : nameKey(query.after), limit: query.limit + 1 };
}

/** The rows of a listing that read one past the page: the page, and `next` only when there is more. */
export function toPage<R extends { name_key: string }, T>(rows: R[], query: ListQuery, map: (row: R) => T): ListPage<T> {
  const shown = rows.slice(0, query.limit);
  const last = shown[shown.length - 1];
  return rows.length > query.limit && last ? { items: shown.map(map), next: last.name_key } : { items: shown.map(map) };
}

/** Tags in byte order of their keys. */
function toTags(pairs: TagPairs): IamTag[] {
  if (!isJsonText(pairs)) return pairs.map(([key, value]) => ({ key, value }));
  const parsed = JSON.parse(pairs) as Array<[string, string]>;
  return parsed.map(([key, value]) => ({ key, value })).sort((a, b) => compareBytes(a.key, b.key));
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
    description: optionalText(row.description),
    createDate: new Date(row.create_date),
    updateDate: new Date(row.update_date),
    defaultVersionId: versionIdOf(row.default_version),
    attachmentCount: row.attachment_count,
    tags: toTags(row.tags),
  };
}

/** Undefined for the NULL row of a LEFT JOIN. */
export function toPolicyVersion(row: PolicyVersionRow): PolicyVersionRecord | undefined {
  if (row.version === null || row.document === null || row.create_date === null) return undefined;
  return { versionId: versionIdOf(row.version), document: row.document, isDefaultVersion: row.is_default !== null && flag(row.is_default), createDate: new Date(row.create_date) };
}

/** A policy's versions; undefined when no row came back (no such policy). */
export function toPolicyVersions(rows: PolicyVersionRow[]): PolicyVersionRecord[] | undefined {
  if (rows.length === 0) return undefined;
  return rows.flatMap((r) => toPolicyVersion(r) ?? []);
}

/** A principal's attached policies; undefined when no row came back (no such principal). */
export function toAttachedPolicies(rows: AttachedRow[]): AttachedPolicyRef[] | undefined {
  if (rows.length === 0) return undefined;
  return rows.flatMap((r) => (r.policy_arn === null ? [] : [{ policyName: r.policy_name ?? '', policyArn: r.policy_arn }]));
}

export function toInlinePolicy(row: { name: string; document: string }): InlinePolicyRecord {
  return { policyName: row.name, document: row.document };
}

/** A principal's inline policies; undefined when no row came back (no such principal). */
export function toInlinePolicies(rows: InlinePolicyRow[]): InlinePolicyRecord[] | undefined {
  if (rows.length === 0) return undefined;
  return rows.flatMap((r) => (r.name === null ? [] : [{ policyName: r.name, document: r.document ?? '' }]));
}
