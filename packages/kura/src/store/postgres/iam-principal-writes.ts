// The IAM write steps for users, groups, roles and group membership on PostgreSQL. Each runs in a
// transaction that holds the IAM write lock (iam-generation.ts), so it reads, decides and writes
// with no other IAM writer in between on any replica; outcomes that change nothing ('exists',
// 'conflict', 'not-found') are decided before any write. Every step that changes IAM state bumps
// the generation in the same transaction.

import type { CreateOutcome, DeleteOutcome, IamTag, PrincipalKind } from '../iam-types.js';
import type { GroupRecord, RoleRecord, UserRecord } from '../principals.js';
import type { Queryable } from './database.js';
import { bumpGeneration } from './iam-generation.js';
import { nameKey } from '../iam-rows.js';

export interface PrincipalRef {
  id: number;
  name_key: string;
  arn: string;
}

const FIND = 'SELECT id, name_key, arn FROM iam_principals WHERE account_id = $1 AND kind = $2 AND name_key = $3';

export function findPrincipal(q: Queryable, accountId: string, kind: PrincipalKind, name: string): Promise<PrincipalRef | undefined> {
  return q.row<PrincipalRef>(FIND, [accountId, kind, nameKey(name)]);
}

const UPSERT_TAGS = `INSERT INTO iam_principal_tags (principal_id, key_fold, tag_key, tag_value)
  SELECT $1::bigint, t.fold, t.key, t.value FROM unnest($2::text[], $3::text[], $4::text[]) AS t (fold, key, value)
  ON CONFLICT (principal_id, key_fold) DO UPDATE SET tag_key = excluded.tag_key, tag_value = excluded.tag_value`;

/** Users and roles fold tag keys (AWS keeps one of Department and department); later duplicates win. */
export async function putPrincipalTags(q: Queryable, principalId: number, tags: IamTag[]): Promise<void> {
  // One row per folded key: a statement may not upsert the same row twice.
  const byFold = new Map(tags.map((t) => [nameKey(t.key), t]));
  if (byFold.size === 0) return;
  const folds = [...byFold.keys()];
  const values = [...byFold.values()];
  await q.run(UPSERT_TAGS, [principalId, folds, values.map((t) => t.key), values.map((t) => t.value)]);
}

interface NewPrincipal {
  kind: PrincipalKind;
  record: UserRecord | GroupRecord | RoleRecord;
  boundary?: string | null;
  role?: { trust: string; description: string | null; maxSessionDuration: number };
  tags?: IamTag[];
}

// ON CONFLICT backs the check made under the lock: a duplicate can never be inserted either way.
const INSERT = `INSERT INTO iam_principals (account_id, kind, name_key, name, unique_id, path, arn, create_date,
    permissions_boundary, assume_role_policy, description, max_session_duration)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
  ON CONFLICT (account_id, kind, name_key) DO NOTHING RETURNING id`;

async function create(q: Queryable, p: NewPrincipal): Promise<CreateOutcome> {
  const r = p.record;
  const inserted = await q.row<{ id: number }>(INSERT, [
    r.accountId, p.kind, nameKey(r.name), r.name, r.id, r.path, r.arn, r.createDate.getTime(), p.boundary ?? null,
    p.role?.trust ?? null, p.role?.description ?? null, p.role?.maxSessionDuration ?? null,
  ]);
  if (!inserted) return 'exists';
  await putPrincipalTags(q, inserted.id, p.tags ?? []);
  await bumpGeneration(q);
  return 'created';
}

export function createUser(q: Queryable, user: UserRecord): Promise<CreateOutcome> {
  return create(q, { kind: 'user', record: user, boundary: user.permissionsBoundary, tags: user.tags });
}

export function createGroup(q: Queryable, group: GroupRecord): Promise<CreateOutcome> {
  return create(q, { kind: 'group', record: group });
}

export function createRole(q: Queryable, role: RoleRecord): Promise<CreateOutcome> {
  const extra = { trust: role.assumeRolePolicyDocument, description: role.description, maxSessionDuration: role.maxSessionDuration };
  return create(q, { kind: 'role', record: role, boundary: role.permissionsBoundary, role: extra, tags: role.tags });
}

const RENAME = `UPDATE iam_principals SET name = coalesce($2, name), name_key = coalesce($3, name_key),
  path = coalesce($4, path), arn = coalesce($5, arn) WHERE id = $1`;
const MOVE_ACCESS_KEYS = 'UPDATE access_keys SET principal_arn = $1 WHERE principal_arn = $2';

export async function updateUser(
  q: Queryable,
  accountId: string,
  name: string,
  change: { newName?: string; newPath?: string; newArn?: string },
): Promise<'updated' | 'not-found' | 'exists'> {
  const user = await findPrincipal(q, accountId, 'user', name);
  if (!user) return 'not-found';
  const newKey = change.newName === undefined ? undefined : nameKey(change.newName);
  // A change of case only ("bob" → "Bob") renames the user to itself, which is allowed.
  if (newKey !== undefined && newKey !== user.name_key && (await findPrincipal(q, accountId, 'user', newKey))) return 'exists';
  await q.run(RENAME, [user.id, change.newName ?? null, newKey ?? null, change.newPath ?? null, change.newArn ?? null]);
  // Memberships, policies and tags hang off the row id and stay; access keys name the user by ARN,
  // so they move with it (AWS keeps a renamed user's keys working).
  if (change.newArn !== undefined && change.newArn !== user.arn) await q.run(MOVE_ACCESS_KEYS, [change.newArn, user.arn]);
  await bumpGeneration(q);
  return 'updated';
}

// description may be set back to null, so "absent" is told apart by a flag, not by NULL.
const UPDATE_ROLE = `UPDATE iam_principals SET description = CASE WHEN $2::boolean THEN $3 ELSE description END,
  max_session_duration = coalesce($4, max_session_duration), assume_role_policy = coalesce($5, assume_role_policy)
  WHERE id = $1`;

export async function updateRole(
  q: Queryable,
  accountId: string,
  name: string,
  change: { description?: string | null; maxSessionDuration?: number; assumeRolePolicyDocument?: string },
): Promise<'updated' | 'not-found'> {
  const role = await findPrincipal(q, accountId, 'role', name);
  if (!role) return 'not-found';
  await q.run(UPDATE_ROLE, [
    role.id, change.description !== undefined, change.description ?? null, change.maxSessionDuration ?? null, change.assumeRolePolicyDocument ?? null,
  ]);
  await bumpGeneration(q);
  return 'updated';
}

export async function setPermissionsBoundary(q: Queryable, accountId: string, kind: 'user' | 'role', name: string, policyArn: string | null): Promise<'updated' | 'not-found'> {
  const principal = await findPrincipal(q, accountId, kind, name);
  if (!principal) return 'not-found';
  await q.run('UPDATE iam_principals SET permissions_boundary = $1 WHERE id = $2', [policyArn, principal.id]);
  await bumpGeneration(q);
  return 'updated';
}

const HAS = {
  accessKeys: 'SELECT 1 FROM access_keys WHERE principal_arn = $1 LIMIT 1',
  groups: 'SELECT 1 FROM iam_group_members WHERE user_id = $1 LIMIT 1',
  members: 'SELECT 1 FROM iam_group_members WHERE group_id = $1 LIMIT 1',
  attached: 'SELECT 1 FROM iam_attachments WHERE principal_id = $1 LIMIT 1',
  inline: 'SELECT 1 FROM iam_inline_policies WHERE principal_id = $1 LIMIT 1',
} as const;

/** What must be gone before a principal of each kind may be deleted, as AWS requires. */
const BLOCKERS: Record<PrincipalKind, ReadonlyArray<keyof typeof HAS>> = {
  user: ['accessKeys', 'groups', 'attached', 'inline'],
  group: ['members', 'attached', 'inline'],
  role: ['attached', 'inline'],
};

export async function deletePrincipal(q: Queryable, accountId: string, kind: PrincipalKind, name: string): Promise<DeleteOutcome> {
  const principal = await findPrincipal(q, accountId, kind, name);
  if (!principal) return 'not-found';
  for (const blocker of BLOCKERS[kind]) {
    const value = blocker === 'accessKeys' ? principal.arn : principal.id;
    if ((await q.row(HAS[blocker], [value])) !== undefined) return 'conflict';
  }
  // Tags go with the row through ON DELETE CASCADE.
  await q.run('DELETE FROM iam_principals WHERE id = $1', [principal.id]);
  await bumpGeneration(q);
  return 'deleted';
}

export async function addUserToGroup(q: Queryable, accountId: string, groupName: string, userName: string): Promise<'added' | 'group-not-found' | 'user-not-found'> {
  const group = await findPrincipal(q, accountId, 'group', groupName);
  if (!group) return 'group-not-found';
  const user = await findPrincipal(q, accountId, 'user', userName);
  if (!user) return 'user-not-found';
  // Adding a member twice is a no-op, as in AWS; only a real change moves the generation.
  const added = await q.run('INSERT INTO iam_group_members (group_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [group.id, user.id]);
  if (added > 0) await bumpGeneration(q);
  return 'added';
}

export async function removeUserFromGroup(
  q: Queryable,
  accountId: string,
  groupName: string,
  userName: string,
): Promise<'removed' | 'group-not-found' | 'user-not-found'> {
  const group = await findPrincipal(q, accountId, 'group', groupName);
  if (!group) return 'group-not-found';
  const user = await findPrincipal(q, accountId, 'user', userName);
  if (!user) return 'user-not-found';
  const removed = await q.run('DELETE FROM iam_group_members WHERE group_id = $1 AND user_id = $2', [group.id, user.id]);
  if (removed > 0) await bumpGeneration(q);
  return 'removed';
}
