// IAM principals port: users, groups (and who is in them), roles, and the tags of users and roles.
// Access keys have their own port (access-keys.ts); the policies that apply to a principal are the
// policies port's (policies.ts). Each method is one atomic step, like the other ports.
//
// Every write that changes anything moves the IAM generation (PolicyRepository.generation): which
// policies apply to a caller depends on its principal too (its groups, its boundary, whether it
// still exists under the name).

import type { CreateOutcome, DeleteOutcome, IamTag, ListPage, ListQuery } from './iam-types.js';

interface EntityBase {
  accountId: string;
  /** As created (lookups ignore case). */
  name: string;
  /** AIDA… / AGPA… / AROA… */
  id: string;
  path: string;
  arn: string;
  createDate: Date;
}

export interface UserRecord extends EntityBase {
  permissionsBoundary: string | null;
  tags: IamTag[];
}

export type GroupRecord = EntityBase;

export interface RoleRecord extends EntityBase {
  /** The trust policy, JSON as written. */
  assumeRolePolicyDocument: string;
  description: string | null;
  maxSessionDuration: number;
  permissionsBoundary: string | null;
  tags: IamTag[];
}

export interface PrincipalRepository {
  createUser(user: UserRecord): Promise<CreateOutcome>;
  getUser(accountId: string, name: string): Promise<UserRecord | undefined>;
  /** Rename and/or move; 'exists' when the new name is taken. The user's access keys move with a new ARN. */
  updateUser(accountId: string, name: string, change: { newName?: string; newPath?: string; newArn?: string }): Promise<'updated' | 'not-found' | 'exists'>;
  /** 'conflict' while the user still has access keys, group memberships, attached or inline policies. */
  deleteUser(accountId: string, name: string): Promise<DeleteOutcome>;
  listUsers(accountId: string, query: ListQuery): Promise<ListPage<UserRecord>>;

  createGroup(group: GroupRecord): Promise<CreateOutcome>;
  getGroup(accountId: string, name: string): Promise<GroupRecord | undefined>;
  /** 'conflict' while the group still has members, attached or inline policies. */
  deleteGroup(accountId: string, name: string): Promise<DeleteOutcome>;
  listGroups(accountId: string, query: ListQuery): Promise<ListPage<GroupRecord>>;
  addUserToGroup(accountId: string, groupName: string, userName: string): Promise<'added' | 'group-not-found' | 'user-not-found'>;
  removeUserFromGroup(accountId: string, groupName: string, userName: string): Promise<'removed' | 'group-not-found' | 'user-not-found'>;
  groupsForUser(accountId: string, userName: string): Promise<GroupRecord[]>;
  usersInGroup(accountId: string, groupName: string): Promise<UserRecord[]>;

  createRole(role: RoleRecord): Promise<CreateOutcome>;
  getRole(accountId: string, name: string): Promise<RoleRecord | undefined>;
  updateRole(
    accountId: string,
    name: string,
    change: { description?: string | null; maxSessionDuration?: number; assumeRolePolicyDocument?: string },
  ): Promise<'updated' | 'not-found'>;
  /** Sets the permissions boundary of a user or role (a managed policy ARN), or removes it (null). */
  setPermissionsBoundary(accountId: string, kind: 'user' | 'role', name: string, policyArn: string | null): Promise<'updated' | 'not-found'>;
  /** 'conflict' while the role still has attached or inline policies. */
  deleteRole(accountId: string, name: string): Promise<DeleteOutcome>;
  listRoles(accountId: string, query: ListQuery): Promise<ListPage<RoleRecord>>;

  /** Tags of users and roles; keys compare without regard to case (the latest spelling wins). */
  tag(accountId: string, kind: 'user' | 'role', name: string, tags: IamTag[], maxTags: number): Promise<'ok' | 'not-found' | 'too-many'>;
  untag(accountId: string, kind: 'user' | 'role', name: string, keys: string[]): Promise<'ok' | 'not-found'>;
}
