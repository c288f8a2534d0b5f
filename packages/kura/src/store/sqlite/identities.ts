// IdentityRepository on SQLite: IAM users, groups, roles, managed and inline policies, tags and STS
// sessions. Reads are single statements run between write batches; writes go through group commit,
// where every check-then-act step (uniqueness, limits, delete conflicts) is decided.

import type {
  AttachOutcome,
  AttachedPolicyRef,
  CreateOutcome,
  DeleteOutcome,
  GroupRecord,
  IamTag,
  IdentityRepository,
  InlinePolicyRecord,
  ListPage,
  ListQuery,
  ManagedPolicyRecord,
  PolicyVersionRecord,
  PrincipalKind,
  RoleRecord,
  SessionRecord,
  UserRecord,
} from '../identities.js';
import type { Backend, Connection } from './connection.js';
import { cachedRead, createRecordCache } from './epoch-cache.js';
import * as grants from './grant-writes.js';
import { IDENTITY_READ_SQL as SQL, nameKey, parseVersionId, principalParams, toGroup, toPolicy, toRole, toSession, toUser, toVersion } from './identity-sql.js';
import type { PolicyRow, PrincipalRow, SessionRow, VersionRow } from './identity-sql.js';
import * as policies from './policy-writes.js';
import * as principals from './principal-writes.js';

type Row = { name_key: string };

/** Runs a listing query that reads one row past the page, so `next` appears only when there is more. */
function page<R extends Row, T>(c: Connection, sql: string, params: Record<string, unknown>, query: ListQuery, map: (row: R) => T): ListPage<T> {
  if (!Number.isInteger(query.limit) || query.limit < 1) throw new RangeError(`list limit must be a positive integer, not ${query.limit}`);
  const after = query.after === undefined ? '' : nameKey(query.after);
  const rows = c.sql(sql).all({ ...params, after, prefix: query.pathPrefix ?? '', limit: query.limit + 1 }) as R[];
  const shown = rows.slice(0, query.limit);
  const last = shown[shown.length - 1];
  return rows.length > query.limit && last ? { items: shown.map(map), next: last.name_key } : { items: shown.map(map) };
}

export class SqliteIdentityRepository implements IdentityRepository {
  constructor(private readonly backend: Backend) {}

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
    return this.write((c) => principals.createUser(c, user));
  }

  getUser(accountId: string, name: string): Promise<UserRecord | undefined> {
    return this.principal(accountId, 'user', name, toUser);
  }

  updateUser(accountId: string, name: string, change: { newName?: string; newPath?: string; newArn?: string }): Promise<'updated' | 'not-found' | 'exists'> {
    return this.write((c) => principals.updateUser(c, accountId, name, change));
  }

  deleteUser(accountId: string, name: string): Promise<DeleteOutcome> {
    return this.write((c) => principals.deletePrincipal(c, accountId, 'user', name));
  }

  listUsers(accountId: string, query: ListQuery): Promise<ListPage<UserRecord>> {
    return this.list(accountId, 'user', query, toUser);
  }

  createGroup(group: GroupRecord): Promise<CreateOutcome> {
    return this.write((c) => principals.createGroup(c, group));
  }

  getGroup(accountId: string, name: string): Promise<GroupRecord | undefined> {
    return this.principal(accountId, 'group', name, toGroup);
  }

  deleteGroup(accountId: string, name: string): Promise<DeleteOutcome> {
    return this.write((c) => principals.deletePrincipal(c, accountId, 'group', name));
  }

  listGroups(accountId: string, query: ListQuery): Promise<ListPage<GroupRecord>> {
    return this.list(accountId, 'group', query, toGroup);
  }

  addUserToGroup(accountId: string, groupName: string, userName: string): Promise<'added' | 'group-not-found' | 'user-not-found'> {
    return this.write((c) => principals.addUserToGroup(c, accountId, groupName, userName));
  }

  removeUserFromGroup(accountId: string, groupName: string, userName: string): Promise<'removed' | 'group-not-found' | 'user-not-found'> {
    return this.write((c) => principals.removeUserFromGroup(c, accountId, groupName, userName));
  }

  groupsForUser(accountId: string, userName: string): Promise<GroupRecord[]> {
    return this.backend.read((c) => (c.sql(SQL.groupsForUser).all({ account: accountId, nameKey: nameKey(userName) }) as PrincipalRow[]).map(toGroup));
  }

  usersInGroup(accountId: string, groupName: string): Promise<UserRecord[]> {
    return this.backend.read((c) => (c.sql(SQL.usersInGroup).all({ account: accountId, nameKey: nameKey(groupName) }) as PrincipalRow[]).map(toUser));
  }

  createRole(role: RoleRecord): Promise<CreateOutcome> {
    return this.write((c) => principals.createRole(c, role));
  }

  getRole(accountId: string, name: string): Promise<RoleRecord | undefined> {
    return this.principal(accountId, 'role', name, toRole);
  }

  updateRole(
    accountId: string,
    name: string,
    change: { description?: string | null; maxSessionDuration?: number; assumeRolePolicyDocument?: string },
  ): Promise<'updated' | 'not-found'> {
    return this.write((c) => principals.updateRole(c, accountId, name, change));
  }

  deleteRole(accountId: string, name: string): Promise<DeleteOutcome> {
    return this.write((c) => principals.deletePrincipal(c, accountId, 'role', name));
  }

  listRoles(accountId: string, query: ListQuery): Promise<ListPage<RoleRecord>> {
    return this.list(accountId, 'role', query, toRole);
  }

  createPolicy(policy: Omit<ManagedPolicyRecord, 'attachmentCount'>, firstVersion: PolicyVersionRecord): Promise<CreateOutcome> {
    return this.write((c) => policies.createPolicy(c, policy, firstVersion));
  }

  getPolicy(accountId: string, arn: string): Promise<ManagedPolicyRecord | undefined> {
    return this.backend.read((c) => {
      const row = c.sql(SQL.policy).get({ account: accountId, arnKey: nameKey(arn) }) as PolicyRow | undefined;
      return row && toPolicy(row);
    });
  }

  deletePolicy(accountId: string, arn: string): Promise<DeleteOutcome> {
    return this.write((c) => policies.deletePolicy(c, accountId, arn));
  }

  listPolicies(accountId: string, query: ListQuery & { onlyAttached?: boolean }): Promise<ListPage<ManagedPolicyRecord>> {
    const params = { account: accountId, onlyAttached: query.onlyAttached ? 1 : 0 };
    return this.backend.read((c) => page(c, SQL.listPolicies, params, query, toPolicy));
  }

  createPolicyVersion(
    accountId: string,
    arn: string,
    version: { document: string; setAsDefault: boolean; createDate: Date },
    maxVersions: number,
  ): Promise<policies.CreateVersionOutcome> {
    return this.write((c) => policies.createPolicyVersion(c, accountId, arn, version, maxVersions));
  }

  getPolicyVersion(accountId: string, arn: string, versionId: string): Promise<PolicyVersionRecord | undefined> {
    const version = parseVersionId(versionId);
    if (version === undefined) return Promise.resolve(undefined);
    return this.backend.read((c) => {
      const row = c.sql(SQL.policyVersion).get({ account: accountId, arnKey: nameKey(arn), version }) as VersionRow | undefined;
      return row && toVersion(row);
    });
  }

  listPolicyVersions(accountId: string, arn: string): Promise<PolicyVersionRecord[] | undefined> {
    return this.backend.read((c) => {
      const rows = c.sql(SQL.policyVersions).all({ account: accountId, arnKey: nameKey(arn) }) as VersionRow[];
      if (rows.length === 0) return undefined;
      return rows.flatMap((r) => toVersion(r) ?? []);
    });
  }

  deletePolicyVersion(accountId: string, arn: string, versionId: string): Promise<DeleteOutcome> {
    return this.write((c) => policies.deletePolicyVersion(c, accountId, arn, versionId));
  }

  setDefaultPolicyVersion(accountId: string, arn: string, versionId: string, now: Date): Promise<'updated' | 'not-found'> {
    return this.write((c) => policies.setDefaultPolicyVersion(c, accountId, arn, versionId, now));
  }

  attachPolicy(accountId: string, kind: PrincipalKind, name: string, policyArn: string, maxAttached: number): Promise<AttachOutcome> {
    return this.write((c) => grants.attachPolicy(c, accountId, kind, name, policyArn, maxAttached));
  }

  detachPolicy(accountId: string, kind: PrincipalKind, name: string, policyArn: string): Promise<'detached' | 'principal-not-found' | 'not-attached'> {
    return this.write((c) => grants.detachPolicy(c, accountId, kind, name, policyArn));
  }

  attachedPolicies(accountId: string, kind: PrincipalKind, name: string): Promise<AttachedPolicyRef[] | undefined> {
    return this.backend.read((c) => {
      const rows = c.sql(SQL.attached).all(principalParams(accountId, kind, name)) as Array<{ policy_name: string | null; policy_arn: string | null }>;
      if (rows.length === 0) return undefined;
      return rows.flatMap((r) => (r.policy_arn === null ? [] : [{ policyName: r.policy_name ?? '', policyArn: r.policy_arn }]));
    });
  }

  putInlinePolicy(accountId: string, kind: PrincipalKind, name: string, policy: InlinePolicyRecord): Promise<'put' | 'principal-not-found'> {
    return this.write((c) => grants.putInlinePolicy(c, accountId, kind, name, policy));
  }

  getInlinePolicy(accountId: string, kind: PrincipalKind, name: string, policyName: string): Promise<InlinePolicyRecord | undefined> {
    return this.backend.read((c) => {
      const params = { ...principalParams(accountId, kind, name), policyKey: nameKey(policyName) };
      const row = c.sql(SQL.inlinePolicy).get(params) as { name: string; document: string } | undefined;
      return row && { policyName: row.name, document: row.document };
    });
  }

  deleteInlinePolicy(accountId: string, kind: PrincipalKind, name: string, policyName: string): Promise<'deleted' | 'not-found'> {
    return this.write((c) => grants.deleteInlinePolicy(c, accountId, kind, name, policyName));
  }

  inlinePolicies(accountId: string, kind: PrincipalKind, name: string): Promise<InlinePolicyRecord[] | undefined> {
    return this.backend.read((c) => {
      const rows = c.sql(SQL.inlinePolicies).all(principalParams(accountId, kind, name)) as Array<{ name: string | null; document: string | null }>;
      if (rows.length === 0) return undefined;
      return rows.flatMap((r) => (r.name === null ? [] : [{ policyName: r.name, document: r.document ?? '' }]));
    });
  }

  tag(accountId: string, kind: 'user' | 'role' | 'policy', name: string, tags: IamTag[], maxTags: number): Promise<'ok' | 'not-found' | 'too-many'> {
    return this.write((c) => grants.tag(c, accountId, kind, name, tags, maxTags));
  }

  untag(accountId: string, kind: 'user' | 'role' | 'policy', name: string, keys: string[]): Promise<'ok' | 'not-found'> {
    return this.write((c) => grants.untag(c, accountId, kind, name, keys));
  }

  saveSession(session: SessionRecord): Promise<void> {
    return this.write((c) => grants.saveSession(c, session));
  }

  findSession(accessKeyId: string): Promise<SessionRecord | undefined> {
    return cachedRead(this.backend, this.sessions, accessKeyId, (c) => {
      const row = c.sql(SQL.session).get(accessKeyId) as SessionRow | undefined;
      return row && toSession(row);
    });
  }

  deleteExpiredSessions(now: Date): Promise<number> {
    return this.write((c) => grants.deleteExpiredSessions(c, now));
  }

  // Kept between IAM writes when this process is the database's only writer: every change to the
  // generation is a write through this repository (or the store's reset, which calls forget()),
  // and each one forgets the value inside its batch, before the batch commits.
  private knownGeneration: number | undefined;
  // Every request signed with STS credentials looks its session up: kept for the write epoch.
  private readonly sessions = createRecordCache<SessionRecord>();

  /** Forgets what was read; the next generation() reads again. */
  forget(): void {
    this.knownGeneration = undefined;
  }

  private write<T>(op: (c: Connection) => T): Promise<T> {
    return this.backend.write((c) => {
      this.knownGeneration = undefined;
      return op(c);
    });
  }

  generation(): Promise<number> {
    const { backend } = this;
    if (this.knownGeneration !== undefined) return Promise.resolve(this.knownGeneration);
    return backend.read((c) => {
      const value = c.column(SQL.generation).get() as number;
      if (backend.soleWriter) this.knownGeneration = value;
      return value;
    });
  }
}
