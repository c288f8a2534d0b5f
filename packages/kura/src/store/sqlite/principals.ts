// PrincipalRepository on SQLite: IAM users, groups and their members, roles, and the tags of users
// and roles. Reads are single statements run between write batches; writes go through group commit
// (principal-writes.ts), where every check-then-act step (uniqueness, delete conflicts) is decided.

import type { CreateOutcome, DeleteOutcome, IamTag, ListPage, ListQuery, PrincipalKind } from '../iam-types.js';
import type { GroupRecord, PrincipalRepository, RoleRecord, UserRecord } from '../principals.js';
import type { Backend } from './connection.js';
import type { IamGeneration } from './iam-generation.js';
import { nameKey, toGroup, toRole, toUser } from '../iam-rows.js';
import type { PrincipalRow } from '../iam-rows.js';
import { IDENTITY_READ_SQL as SQL, page, principalParams } from './identity-sql.js';
import * as principals from './principal-writes.js';
import * as tags from './tag-writes.js';

export class SqlitePrincipalRepository implements PrincipalRepository {
  constructor(
    private readonly backend: Backend,
    /** Every write goes through it, so the generation kept between IAM writes is forgotten. */
    private readonly iam: IamGeneration,
  ) {}

  private principal<T>(accountId: string, kind: PrincipalKind, name: string, map: (row: PrincipalRow) => T): Promise<T | undefined> {
    return this.backend.read((c) => {
      const row = c.sql(SQL.principal).get(principalParams(accountId, kind, name)) as PrincipalRow | undefined;
      return row && map(row);
    });
  }

  private list<T>(accountId: string, kind: PrincipalKind, query: ListQuery, map: (row: PrincipalRow) => T): Promise<ListPage<T>> {
    return this.backend.read((c) => page(c, SQL.listPrincipals, { account: accountId, kind }, query, map));
  }

  createUser(user: UserRecord): Promise<CreateOutcome> {
    return this.iam.write((c) => principals.createUser(c, user));
  }

  getUser(accountId: string, name: string): Promise<UserRecord | undefined> {
    return this.principal(accountId, 'user', name, toUser);
  }

  updateUser(accountId: string, name: string, change: { newName?: string; newPath?: string; newArn?: string }): Promise<'updated' | 'not-found' | 'exists'> {
    return this.iam.write((c) => principals.updateUser(c, accountId, name, change));
  }

  deleteUser(accountId: string, name: string): Promise<DeleteOutcome> {
    return this.iam.write((c) => principals.deletePrincipal(c, accountId, 'user', name));
  }

  listUsers(accountId: string, query: ListQuery): Promise<ListPage<UserRecord>> {
    return this.list(accountId, 'user', query, toUser);
  }

  createGroup(group: GroupRecord): Promise<CreateOutcome> {
    return this.iam.write((c) => principals.createGroup(c, group));
  }

  getGroup(accountId: string, name: string): Promise<GroupRecord | undefined> {
    return this.principal(accountId, 'group', name, toGroup);
  }

  deleteGroup(accountId: string, name: string): Promise<DeleteOutcome> {
    return this.iam.write((c) => principals.deletePrincipal(c, accountId, 'group', name));
  }

  listGroups(accountId: string, query: ListQuery): Promise<ListPage<GroupRecord>> {
    return this.list(accountId, 'group', query, toGroup);
  }

  addUserToGroup(accountId: string, groupName: string, userName: string): Promise<'added' | 'group-not-found' | 'user-not-found'> {
    return this.iam.write((c) => principals.addUserToGroup(c, accountId, groupName, userName));
  }

  removeUserFromGroup(accountId: string, groupName: string, userName: string): Promise<'removed' | 'group-not-found' | 'user-not-found'> {
    return this.iam.write((c) => principals.removeUserFromGroup(c, accountId, groupName, userName));
  }

  groupsForUser(accountId: string, userName: string): Promise<GroupRecord[]> {
    return this.backend.read((c) => (c.sql(SQL.groupsForUser).all({ account: accountId, nameKey: nameKey(userName) }) as PrincipalRow[]).map(toGroup));
  }

  usersInGroup(accountId: string, groupName: string): Promise<UserRecord[]> {
    return this.backend.read((c) => (c.sql(SQL.usersInGroup).all({ account: accountId, nameKey: nameKey(groupName) }) as PrincipalRow[]).map(toUser));
  }

  createRole(role: RoleRecord): Promise<CreateOutcome> {
    return this.iam.write((c) => principals.createRole(c, role));
  }

  getRole(accountId: string, name: string): Promise<RoleRecord | undefined> {
    return this.principal(accountId, 'role', name, toRole);
  }

  updateRole(
    accountId: string,
    name: string,
    change: { description?: string | null; maxSessionDuration?: number; assumeRolePolicyDocument?: string },
  ): Promise<'updated' | 'not-found'> {
    return this.iam.write((c) => principals.updateRole(c, accountId, name, change));
  }

  setPermissionsBoundary(accountId: string, kind: 'user' | 'role', name: string, policyArn: string | null): Promise<'updated' | 'not-found'> {
    return this.iam.write((c) => principals.setPermissionsBoundary(c, accountId, kind, name, policyArn));
  }

  deleteRole(accountId: string, name: string): Promise<DeleteOutcome> {
    return this.iam.write((c) => principals.deletePrincipal(c, accountId, 'role', name));
  }

  listRoles(accountId: string, query: ListQuery): Promise<ListPage<RoleRecord>> {
    return this.list(accountId, 'role', query, toRole);
  }

  tag(accountId: string, kind: 'user' | 'role', name: string, newTags: IamTag[], maxTags: number): Promise<'ok' | 'not-found' | 'too-many'> {
    return this.iam.write((c) => tags.tag(c, accountId, kind, name, newTags, maxTags));
  }

  untag(accountId: string, kind: 'user' | 'role', name: string, keys: string[]): Promise<'ok' | 'not-found'> {
    return this.iam.write((c) => tags.untag(c, accountId, kind, name, keys));
  }
}
