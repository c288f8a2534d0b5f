// The IAM write steps for users, groups, roles and group membership. Each runs inside the savepoint
// the write queue gives it, so it reads, decides and writes with no other writer in between;
// outcomes that change nothing ('exists', 'conflict', 'not-found') are decided before any write.
// Every step that changes IAM state bumps the generation in the same savepoint.

import type { CreateOutcome, DeleteOutcome, IamTag, PrincipalKind } from '../iam-types.js';
import type { GroupRecord, RoleRecord, UserRecord } from '../principals.js';
import type { Connection } from './connection.js';
import { nameKey } from '../iam-rows.js';

export interface PrincipalRef {
  id: number;
  name_key: string;
  arn: string;
}

export function bumpGeneration(c: Connection): void {
  c.sql('UPDATE iam_generation SET value = value + 1 WHERE id = 1').run();
}

export function findPrincipal(c: Connection, accountId: string, kind: PrincipalKind, name: string): PrincipalRef | undefined {
  return c.sql('SELECT id, name_key, arn FROM iam_principals WHERE account_id = ? AND kind = ? AND name_key = ?')
    .get(accountId, kind, nameKey(name)) as PrincipalRef | undefined;
}

/** Users and roles fold tag keys (AWS keeps one of Department and department); later duplicates win. */
export function putPrincipalTags(c: Connection, principalId: number, tags: IamTag[]): void {
  const upsert = c.sql(`INSERT INTO iam_principal_tags (principal_id, key_fold, tag_key, tag_value) VALUES (?, ?, ?, ?)
    ON CONFLICT (principal_id, key_fold) DO UPDATE SET tag_key = excluded.tag_key, tag_value = excluded.tag_value`);
  for (const [fold, tag] of new Map(tags.map((t) => [nameKey(t.key), t]))) upsert.run(principalId, fold, tag.key, tag.value);
}

interface NewPrincipal {
  kind: PrincipalKind;
  record: UserRecord | GroupRecord | RoleRecord;
  boundary?: string | null;
  role?: { trust: string; description: string | null; maxSessionDuration: number };
  tags?: IamTag[];
}

function create(c: Connection, p: NewPrincipal): CreateOutcome {
  const r = p.record;
  if (findPrincipal(c, r.accountId, p.kind, r.name)) return 'exists';
  const inserted = c.sql(`INSERT INTO iam_principals (account_id, kind, name_key, name, unique_id, path, arn, create_date,
      permissions_boundary, assume_role_policy, description, max_session_duration)
      VALUES (@account, @kind, @nameKey, @name, @uniqueId, @path, @arn, @createDate, @boundary, @trust, @description, @maxSession)`)
    .run({
      account: r.accountId, kind: p.kind, nameKey: nameKey(r.name), name: r.name, uniqueId: r.id, path: r.path, arn: r.arn,
      createDate: r.createDate.getTime(), boundary: p.boundary ?? null, trust: p.role?.trust ?? null,
      description: p.role?.description ?? null, maxSession: p.role?.maxSessionDuration ?? null,
    });
  putPrincipalTags(c, Number(inserted.lastInsertRowid), p.tags ?? []);
  bumpGeneration(c);
  return 'created';
}

export function createUser(c: Connection, user: UserRecord): CreateOutcome {
  return create(c, { kind: 'user', record: user, boundary: user.permissionsBoundary, tags: user.tags });
}

export function createGroup(c: Connection, group: GroupRecord): CreateOutcome {
  return create(c, { kind: 'group', record: group });
}

export function createRole(c: Connection, role: RoleRecord): CreateOutcome {
  const extra = { trust: role.assumeRolePolicyDocument, description: role.description, maxSessionDuration: role.maxSessionDuration };
  return create(c, { kind: 'role', record: role, boundary: role.permissionsBoundary, role: extra, tags: role.tags });
}

export function updateUser(
  c: Connection,
  accountId: string,
  name: string,
  change: { newName?: string; newPath?: string; newArn?: string },
): 'updated' | 'not-found' | 'exists' {
  const user = findPrincipal(c, accountId, 'user', name);
  if (!user) return 'not-found';
  const newKey = change.newName === undefined ? undefined : nameKey(change.newName);
  // A change of case only ("bob" → "Bob") renames the user to itself, which is allowed.
  if (newKey !== undefined && newKey !== user.name_key && findPrincipal(c, accountId, 'user', newKey)) return 'exists';
  c.sql(`UPDATE iam_principals SET name = coalesce(@name, name), name_key = coalesce(@nameKey, name_key),
      path = coalesce(@path, path), arn = coalesce(@arn, arn) WHERE id = @id`)
    .run({ id: user.id, name: change.newName ?? null, nameKey: newKey ?? null, path: change.newPath ?? null, arn: change.newArn ?? null });
  // Memberships, policies and tags hang off the row id and stay; access keys name the user by ARN,
  // so they move with it (AWS keeps a renamed user's keys working).
  if (change.newArn !== undefined && change.newArn !== user.arn) {
    c.sql('UPDATE access_keys SET principal_arn = ? WHERE principal_arn = ?').run(change.newArn, user.arn);
  }
  bumpGeneration(c);
  return 'updated';
}

export function updateRole(
  c: Connection,
  accountId: string,
  name: string,
  change: { description?: string | null; maxSessionDuration?: number; assumeRolePolicyDocument?: string },
): 'updated' | 'not-found' {
  const role = findPrincipal(c, accountId, 'role', name);
  if (!role) return 'not-found';
  // description may be set back to null, so "absent" is told apart by a flag, not by NULL.
  c.sql(`UPDATE iam_principals SET description = CASE WHEN @setDescription THEN @description ELSE description END,
      max_session_duration = coalesce(@maxSession, max_session_duration), assume_role_policy = coalesce(@trust, assume_role_policy)
      WHERE id = @id`)
    .run({
      id: role.id, setDescription: change.description === undefined ? 0 : 1, description: change.description ?? null,
      maxSession: change.maxSessionDuration ?? null, trust: change.assumeRolePolicyDocument ?? null,
    });
  bumpGeneration(c);
  return 'updated';
}

export function setPermissionsBoundary(c: Connection, accountId: string, kind: 'user' | 'role', name: string, policyArn: string | null): 'updated' | 'not-found' {
  const principal = findPrincipal(c, accountId, kind, name);
  if (!principal) return 'not-found';
  c.sql('UPDATE iam_principals SET permissions_boundary = ? WHERE id = ?').run(policyArn, principal.id);
  bumpGeneration(c);
  return 'updated';
}

const HAS = {
  accessKeys: 'SELECT 1 FROM access_keys WHERE principal_arn = ? LIMIT 1',
  groups: 'SELECT 1 FROM iam_group_members WHERE user_id = ? LIMIT 1',
  members: 'SELECT 1 FROM iam_group_members WHERE group_id = ? LIMIT 1',
  attached: 'SELECT 1 FROM iam_attachments WHERE principal_id = ? LIMIT 1',
  inline: 'SELECT 1 FROM iam_inline_policies WHERE principal_id = ? LIMIT 1',
} as const;

/** What must be gone before a principal of each kind may be deleted, as AWS requires. */
const BLOCKERS: Record<PrincipalKind, ReadonlyArray<keyof typeof HAS>> = {
  user: ['accessKeys', 'groups', 'attached', 'inline'],
  group: ['members', 'attached', 'inline'],
  role: ['attached', 'inline'],
};

export function deletePrincipal(c: Connection, accountId: string, kind: PrincipalKind, name: string): DeleteOutcome {
  const principal = findPrincipal(c, accountId, kind, name);
  if (!principal) return 'not-found';
  for (const blocker of BLOCKERS[kind]) {
    const arg = blocker === 'accessKeys' ? principal.arn : principal.id;
    if (c.sql(HAS[blocker]).get(arg) !== undefined) return 'conflict';
  }
  // Tags go with the row through ON DELETE CASCADE.
  c.sql('DELETE FROM iam_principals WHERE id = ?').run(principal.id);
  bumpGeneration(c);
  return 'deleted';
}

export function addUserToGroup(c: Connection, accountId: string, groupName: string, userName: string): 'added' | 'group-not-found' | 'user-not-found' {
  const group = findPrincipal(c, accountId, 'group', groupName);
  if (!group) return 'group-not-found';
  const user = findPrincipal(c, accountId, 'user', userName);
  if (!user) return 'user-not-found';
  // Adding a member twice is a no-op, as in AWS; only a real change moves the generation.
  const added = c.sql('INSERT INTO iam_group_members (group_id, user_id) VALUES (?, ?) ON CONFLICT DO NOTHING').run(group.id, user.id);
  if (added.changes > 0) bumpGeneration(c);
  return 'added';
}

export function removeUserFromGroup(
  c: Connection,
  accountId: string,
  groupName: string,
  userName: string,
): 'removed' | 'group-not-found' | 'user-not-found' {
  const group = findPrincipal(c, accountId, 'group', groupName);
  if (!group) return 'group-not-found';
  const user = findPrincipal(c, accountId, 'user', userName);
  if (!user) return 'user-not-found';
  const removed = c.sql('DELETE FROM iam_group_members WHERE group_id = ? AND user_id = ?').run(group.id, user.id);
  if (removed.changes > 0) bumpGeneration(c);
  return 'removed';
}
