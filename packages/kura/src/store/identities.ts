// IAM storage port: users, groups, roles, customer managed policies (with versions), attachments,
// inline policies, tags, and STS sessions. IAM state is global per account (not per region).
// Names are unique case-insensitively, as in AWS: every lookup by name ignores case, and records keep
// the spelling they were created with. Each method is one atomic step, like the other ports.

export type PrincipalKind = 'user' | 'group' | 'role';

export interface IamTag {
  key: string;
  value: string;
}

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

export interface ManagedPolicyRecord {
  accountId: string;
  name: string;
  id: string;
  path: string;
  arn: string;
  description: string | null;
  createDate: Date;
  updateDate: Date;
  defaultVersionId: string;
  /** How many users, groups and roles have it attached (derived by the store). */
  attachmentCount: number;
  tags: IamTag[];
}

export interface PolicyVersionRecord {
  /** v1, v2, … */
  versionId: string;
  document: string;
  isDefaultVersion: boolean;
  createDate: Date;
}

export interface InlinePolicyRecord {
  policyName: string;
  document: string;
}

export interface AttachedPolicyRef {
  policyName: string;
  policyArn: string;
}

/** Temporary credentials issued by STS. The secret is wrapped by the keyring; the token is hashed. */
export interface SessionRecord {
  accessKeyId: string;
  accountId: string;
  secretCiphertext: Buffer;
  /** SHA-256 of the session token (hex): the token itself is never stored. */
  sessionTokenHash: string;
  kind: 'assumed-role' | 'session-token';
  /** The principal the credentials act as: arn:aws:sts::A:assumed-role/R/S, or the user ARN for GetSessionToken. */
  principalArn: string;
  /** AROA…:session for role sessions; the user's id for GetSessionToken. */
  principalId: string;
  /** Role sessions: the role's ARN and name. */
  roleArn: string | null;
  roleName: string | null;
  sessionName: string | null;
  /** Who asked for the credentials (for audit and role chaining). */
  sourcePrincipalArn: string;
  /** Session policy JSON and policy ARNs that narrow the session (AssumeRole Policy / PolicyArns). */
  sessionPolicy: string | null;
  sessionPolicyArns: string[];
  sourceIdentity: string | null;
  tags: IamTag[];
  /** True when the chain that made these credentials passed through a role session (1 h cap). */
  chained: boolean;
  issuedAt: Date;
  expiration: Date;
}

export type CreateOutcome = 'created' | 'exists';
export type DeleteOutcome = 'deleted' | 'not-found' | 'conflict';
export type AttachOutcome = 'attached' | 'principal-not-found' | 'policy-not-found' | 'limit-exceeded';

export interface ListPage<T> {
  items: T[];
  /** The cursor to continue after (exclusive) when there is more; undefined on the last page. */
  next?: string;
}

export interface ListQuery {
  pathPrefix?: string;
  /** Continue after this (lower-cased) name, exclusive. */
  after?: string;
  limit: number;
}

export interface IdentityRepository {
  createUser(user: UserRecord): Promise<CreateOutcome>;
  getUser(accountId: string, name: string): Promise<UserRecord | undefined>;
  /** Rename and/or move; 'exists' when the new name is taken. */
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
  /** 'conflict' while the role still has attached or inline policies. */
  deleteRole(accountId: string, name: string): Promise<DeleteOutcome>;
  listRoles(accountId: string, query: ListQuery): Promise<ListPage<RoleRecord>>;

  createPolicy(policy: Omit<ManagedPolicyRecord, 'attachmentCount'>, firstVersion: PolicyVersionRecord): Promise<CreateOutcome>;
  getPolicy(accountId: string, arn: string): Promise<ManagedPolicyRecord | undefined>;
  /** 'conflict' while attached anywhere or while it has versions other than the default. */
  deletePolicy(accountId: string, arn: string): Promise<DeleteOutcome>;
  listPolicies(accountId: string, query: ListQuery & { onlyAttached?: boolean }): Promise<ListPage<ManagedPolicyRecord>>;
  /** Adds the next version (v<max+1>); 'limit-exceeded' when it already has `maxVersions`. */
  createPolicyVersion(
    accountId: string,
    arn: string,
    version: { document: string; setAsDefault: boolean; createDate: Date },
    maxVersions: number,
  ): Promise<{ outcome: 'created'; versionId: string } | { outcome: 'not-found' } | { outcome: 'limit-exceeded' }>;
  getPolicyVersion(accountId: string, arn: string, versionId: string): Promise<PolicyVersionRecord | undefined>;
  listPolicyVersions(accountId: string, arn: string): Promise<PolicyVersionRecord[] | undefined>;
  /** 'conflict' for the default version. */
  deletePolicyVersion(accountId: string, arn: string, versionId: string): Promise<DeleteOutcome>;
  setDefaultPolicyVersion(accountId: string, arn: string, versionId: string, now: Date): Promise<'updated' | 'not-found'>;

  /**
   * Attaches a managed policy. `policyArn` may name a customer policy of this account (which must
   * exist) or an AWS managed policy (`arn:aws:iam::aws:policy/…`), whose existence the caller checks.
   */
  attachPolicy(accountId: string, kind: PrincipalKind, name: string, policyArn: string, maxAttached: number): Promise<AttachOutcome>;
  detachPolicy(accountId: string, kind: PrincipalKind, name: string, policyArn: string): Promise<'detached' | 'principal-not-found' | 'not-attached'>;
  attachedPolicies(accountId: string, kind: PrincipalKind, name: string): Promise<AttachedPolicyRef[] | undefined>;

  /** Creates or replaces an inline policy. */
  putInlinePolicy(accountId: string, kind: PrincipalKind, name: string, policy: InlinePolicyRecord): Promise<'put' | 'principal-not-found'>;
  getInlinePolicy(accountId: string, kind: PrincipalKind, name: string, policyName: string): Promise<InlinePolicyRecord | undefined>;
  deleteInlinePolicy(accountId: string, kind: PrincipalKind, name: string, policyName: string): Promise<'deleted' | 'not-found'>;
  /** Every inline policy of the principal, sorted by name; undefined when the principal does not exist. */
  inlinePolicies(accountId: string, kind: PrincipalKind, name: string): Promise<InlinePolicyRecord[] | undefined>;

  /** Tags of users, roles and customer managed policies (`name` is the policy ARN for policies). */
  tag(accountId: string, kind: 'user' | 'role' | 'policy', name: string, tags: IamTag[], maxTags: number): Promise<'ok' | 'not-found' | 'too-many'>;
  untag(accountId: string, kind: 'user' | 'role' | 'policy', name: string, keys: string[]): Promise<'ok' | 'not-found'>;

  saveSession(session: SessionRecord): Promise<void>;
  findSession(accessKeyId: string): Promise<SessionRecord | undefined>;
  /** Removes sessions that expired before `now`; returns how many. */
  deleteExpiredSessions(now: Date): Promise<number>;

  /**
   * A number that changes on every IAM write, so callers can cache what they derive from IAM state
   * (compiled policies of a principal) and know when to drop it. Shared by replicas of one store.
   */
  generation(): Promise<number>;
}
