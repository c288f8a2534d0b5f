// PrincipalRepository on PostgreSQL: IAM users, groups and their members, roles, and the tags of
// users and roles. Reads are single statements on committed data (nothing is kept between
// calls: other replicas write too); each write is one transaction holding the IAM write lock
// (iam-generation.ts), where every check-then-act step (uniqueness, delete conflicts) is decided.

import type { CreateOutcome, DeleteOutcome, IamTag, ListPage, ListQuery, PrincipalKind } from '../iam-types.js';
import type { GroupRecord, PrincipalRepository, RoleRecord, UserRecord } from '../principals.js';
import type { Database } from './database.js';
import { iamWrite } from './iam-generation.js';
import * as principals from './iam-principal-writes.js';
import { nameKey, toGroup, toRole, toUser } from '../iam-rows.js';
import type { PrincipalRow } from '../iam-rows.js';
import { IAM_READ_SQL as SQL, page, principalValues } from './iam-sql.js';
import * as tags from './iam-tag-writes.js';

export class PgPrincipalRepository implements PrincipalRepository {
  constructor(private readonly db: Database) {}

  private async principal<T>(accountId: string, kind: PrincipalKind, name: string, map: (row: PrincipalRow) => T): Promise<T | undefined> {
    const row = await this.db.row<PrincipalRow>(SQL.principal, principalValues(accountId, kind, name));
    return row && map(row);
  }

  private list<T>(accountId: string, kind: PrincipalKind, query: ListQuery, map: (row: PrincipalRow) => T): Promise<ListPage<T>> {
    return page(this.db, SQL.listPrincipals, [accountId, kind], query, map);
  }

  createUser(user: UserRecord): Promise<CreateOutcome> {
    return iamWrite(this.db, (q) => principals.createUser(q, user));
  }

  getUser(accountId: string, name: string): Promise<UserRecord | undefined> {
    return this.principal(accountId, 'user', name, toUser);
  }

  updateUser(accountId: string, name: string, change: { newName?: string; newPath?: string; newArn?: string }): Promise<'updated' | 'not-found' | 'exists'> {
    return iamWrite(this.db, (q) => principals.updateUser(q, accountId, name, change));
  }

  deleteUser(accountId: string, name: string): Promise<DeleteOutcome> {
    return iamWrite(this.db, (q) => principals.deletePrincipal(q, accountId, 'user', name));
  }

  listUsers(accountId: string, query: ListQuery): Promise<ListPage<UserRecord>> {
    return this.list(accountId, 'user', query, toUser);
  }

  createGroup(group: GroupRecord): Promise<CreateOutcome> {
    return iamWrite(this.db, (q) => principals.createGroup(q, group));
  }

  getGroup(accountId: string, name: string): Promise<GroupRecord | undefined> {
    return this.principal(accountId, 'group', name, toGroup);
  }

  deleteGroup(accountId: string, name: string): Promise<DeleteOutcome> {
    return iamWrite(this.db, (q) => principals.deletePrincipal(q, accountId, 'group', name));
  }

  listGroups(accountId: string, query: ListQuery): Promise<ListPage<GroupRecord>> {
    return this.list(accountId, 'group', query, toGroup);
  }

  addUserToGroup(accountId: string, groupName: string, userName: string): Promise<'added' | 'group-not-found' | 'user-not-found'> {
    return iamWrite(this.db, (q) => principals.addUserToGroup(q, accountId, groupName, userName));
  }

  removeUserFromGroup(accountId: string, groupName: string, userName: string): Promise<'removed' | 'group-not-found' | 'user-not-found'> {
    return iamWrite(this.db, (q) => principals.removeUserFromGroup(q, accountId, groupName, userName));
  }

  async groupsForUser(accountId: string, userName: string): Promise<GroupRecord[]> {
    return (await this.db.rows<PrincipalRow>(SQL.groupsForUser, [accountId, nameKey(userName)])).map(toGroup);
  }

  async usersInGroup(accountId: string, groupName: string): Promise<UserRecord[]> {
    return (await this.db.rows<PrincipalRow>(SQL.usersInGroup, [accountId, nameKey(groupName)])).map(toUser);
  }

  createRole(role: RoleRecord): Promise<CreateOutcome> {
    return iamWrite(this.db, (q) => principals.createRole(q, role));
  }

  getRole(accountId: string, name: string): Promise<RoleRecord | undefined> {
    return this.principal(accountId, 'role', name, toRole);
  }

  updateRole(
    accountId: string,
    name: string,
    change: { description?: string | null; maxSessionDuration?: number; assumeRolePolicyDocument?: string },
  ): Promise<'updated' | 'not-found'> {
    return iamWrite(this.db, (q) => principals.updateRole(q, accountId, name, change));
  }

  setPermissionsBoundary(accountId: string, kind: 'user' | 'role', name: string, policyArn: string | null): Promise<'updated' | 'not-found'> {
    return iamWrite(this.db, (q) => principals.setPermissionsBoundary(q, accountId, kind, name, policyArn));
  }

  deleteRole(accountId: string, name: string): Promise<DeleteOutcome> {
    return iamWrite(this.db, (q) => principals.deletePrincipal(q, accountId, 'role', name));
  }

  listRoles(accountId: string, query: ListQuery): Promise<ListPage<RoleRecord>> {
    return this.list(accountId, 'role', query, toRole);
  }

  tag(accountId: string, kind: 'user' | 'role', name: string, newTags: IamTag[], maxTags: number): Promise<'ok' | 'not-found' | 'too-many'> {
    return iamWrite(this.db, (q) => tags.tag(q, accountId, kind, name, newTags, maxTags));
  }

  untag(accountId: string, kind: 'user' | 'role', name: string, keys: string[]): Promise<'ok' | 'not-found'> {
    return iamWrite(this.db, (q) => tags.untag(q, accountId, kind, name, keys));
  }
}
