// The identity-side policies of a caller: what the gateway evaluates every request
// against. Users: their inline and attached policies, the inline and attached policies of their
// groups, and their permissions boundary. Role sessions: the role's inline and attached policies,
// its boundary, and the session policies (Policy / PolicyArns of AssumeRole) that narrow them.
// GetSessionToken sessions act with their user's policies.
//
// Credentials stand for an entity, not a name: an access key and a GetSessionToken session carry
// their user's unique id (AIDA…), a role session its role's (AROA…, before the ':' of its
// principal id). The entity found under the name must have that id; when it is gone, or was
// deleted and created again (a new id), the set says so (`principalGone`) and the evaluator allows
// nothing, as AWS does: its policies and sessions refer to unique ids
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-unique-ids).
//
// Built sets are cached per subject (its unique id and the name it is looked up by) and dropped
// as soon as the store's generation changes (every IAM write changes it), so a request costs one
// generation read when nothing changed. Parsed documents are shared between subjects. Everything
// fails closed: a missing user or role allows nothing, a missing boundary policy denies
// everything, a stored document that no longer parses aborts the request rather than being
// skipped (skipping a Deny would widen access).

import { parsePolicy, type ParsedPolicy, type PolicyKind } from '../policy/index.js';
import type { PolicySet, PolicySource, SourcedPolicy } from '../policy/evaluation-types.js';
import type { PrincipalKind } from '../store/iam-types.js';
import type { SessionRecord } from '../store/sessions.js';
import type { Store } from '../store/store.js';

/** The ports a policy set is built from. */
type IamStore = Pick<Store, 'principals' | 'policies'>;
import { nameOfArn } from './arns.js';
import { awsManagedPolicy } from './aws-managed-policies.js';

export type IdentityPolicies = Omit<PolicySet, 'resource'>;

/** Whose policies: an IAM user, group or role, found by name and checked against its unique id; or an STS session. */
export type PolicySubject =
  | { kind: 'user'; accountId: string; userName: string; userId: string }
  | { kind: 'group'; accountId: string; groupName: string; groupId: string }
  | { kind: 'role'; accountId: string; roleName: string; roleId: string }
  | { kind: 'session'; session: SessionRecord };

/** What policiesFor needs of an authenticated identity (credentials.ts's Identity is one). */
export interface IdentityLike {
  principal: { accountId: string };
  subject: { kind: 'user'; userName: string; userId: string } | { kind: 'session'; session: SessionRecord };
}

export class StoredPolicyError extends Error {
  constructor(source: PolicySource, reason: string) {
    super(`stored ${source.type} policy ${source.id} no longer parses: ${reason}`);
    this.name = 'StoredPolicyError';
  }
}

/** Boundary for a boundary policy that no longer exists: denies everything (fail closed). */
const DENY_ALL: ParsedPolicy = {
  kind: 'identity',
  version: '2012-10-17',
  id: undefined,
  variablesActive: true,
  statements: [{ sid: undefined, effect: 'Deny', actions: { negated: false, patterns: ['*'] }, resources: { negated: false, patterns: ['*'] }, principals: undefined, conditions: [] }],
};

const MAX_PARSED = 10_000;
const parsed = new Map<string, ParsedPolicy>();

function parseStored(text: string, kind: PolicyKind, source: PolicySource): SourcedPolicy {
  const key = `${kind}\u0000${text}`;
  let policy = parsed.get(key);
  if (!policy) {
    try {
      policy = parsePolicy(text, kind);
    } catch (error) {
      throw new StoredPolicyError(source, error instanceof Error ? error.message : String(error));
    }
    if (parsed.size >= MAX_PARSED) parsed.clear();
    parsed.set(key, policy);
  }
  return { policy, source };
}

/** The default version's document of a managed policy, or undefined when the policy is gone. */
async function managedDocument(iam: IamStore, accountId: string, arn: string): Promise<string | undefined> {
  const aws = awsManagedPolicy(arn);
  if (aws) return aws.version.document;
  const policy = await iam.policies.getPolicy(accountId, arn);
  if (!policy) return undefined;
  return (await iam.policies.getPolicyVersion(accountId, arn, policy.defaultVersionId))?.document;
}

async function entityPolicies(
  iam: IamStore,
  accountId: string,
  kind: PrincipalKind,
  name: string,
  types: { inline: PolicySource['type']; managed: PolicySource['type'] },
): Promise<SourcedPolicy[]> {
  const out: SourcedPolicy[] = [];
  for (const p of (await iam.policies.inlinePolicies(accountId, kind, name)) ?? []) {
    out.push(parseStored(p.document, 'identity', { type: types.inline, id: p.policyName }));
  }
  for (const a of (await iam.policies.attachedPolicies(accountId, kind, name)) ?? []) {
    const document = await managedDocument(iam, accountId, a.policyArn);
    if (document !== undefined) out.push(parseStored(document, 'identity', { type: types.managed, id: a.policyArn }));
  }
  return out;
}

async function boundaryOf(iam: IamStore, accountId: string, arn: string | null): Promise<SourcedPolicy | undefined> {
  if (arn === null) return undefined;
  const source: PolicySource = { type: 'boundary', id: arn };
  const document = await managedDocument(iam, accountId, arn);
  return document === undefined ? { policy: DENY_ALL, source } : parseStored(document, 'identity', source);
}

/** The entity the credentials were issued for no longer exists: nothing is allowed (see PolicySet). */
const gone = (): IdentityPolicies => ({ identity: [], principalGone: true });

async function forUser(iam: IamStore, accountId: string, userName: string, userId: string): Promise<IdentityPolicies> {
  const user = await iam.principals.getUser(accountId, userName);
  if (!user || user.id !== userId) return gone();
  const identity = await entityPolicies(iam, accountId, 'user', user.name, { inline: 'inline', managed: 'managed' });
  for (const group of await iam.principals.groupsForUser(accountId, user.name)) {
    identity.push(...(await entityPolicies(iam, accountId, 'group', group.name, { inline: 'group-inline', managed: 'group-managed' })));
  }
  const boundary = await boundaryOf(iam, accountId, user.permissionsBoundary);
  return boundary ? { identity, boundary } : { identity };
}

async function forRole(iam: IamStore, accountId: string, roleName: string, roleId: string): Promise<IdentityPolicies> {
  const role = await iam.principals.getRole(accountId, roleName);
  if (!role || role.id !== roleId) return gone();
  const identity = await entityPolicies(iam, accountId, 'role', role.name, { inline: 'inline', managed: 'managed' });
  const boundary = await boundaryOf(iam, accountId, role.permissionsBoundary);
  return boundary ? { identity, boundary } : { identity };
}

async function forGroup(iam: IamStore, accountId: string, groupName: string, groupId: string): Promise<IdentityPolicies> {
  const group = await iam.principals.getGroup(accountId, groupName);
  if (!group || group.id !== groupId) return gone();
  return { identity: await entityPolicies(iam, accountId, 'group', group.name, { inline: 'group-inline', managed: 'group-managed' }) };
}

/** The role's unique id in a role session's principal id (`AROA…:session-name`); undefined if malformed. */
function roleIdOf(session: SessionRecord): string | undefined {
  const colon = session.principalId.indexOf(':');
  return colon > 0 ? session.principalId.slice(0, colon) : undefined;
}

async function forSession(iam: IamStore, session: SessionRecord): Promise<IdentityPolicies> {
  const { accountId } = session;
  // GetSessionToken: the user's id is the session's principal id.
  if (session.kind === 'session-token') return forUser(iam, accountId, nameOfArn(session.principalArn), session.principalId);
  // A chained session is a session of the role it assumed last: that role's id is in its principal id.
  const roleId = roleIdOf(session);
  if (session.roleName === null || roleId === undefined) return gone();
  const base = await forRole(iam, accountId, session.roleName, roleId);
  if (base.principalGone || (session.sessionPolicy === null && session.sessionPolicyArns.length === 0)) return base;
  const sessionPolicies: SourcedPolicy[] = [];
  if (session.sessionPolicy !== null) sessionPolicies.push(parseStored(session.sessionPolicy, 'session', { type: 'session', id: 'Policy' }));
  for (const arn of session.sessionPolicyArns) {
    // A managed session policy that was deleted grants nothing: the intersection only narrows.
    const document = await managedDocument(iam, accountId, arn);
    if (document !== undefined) sessionPolicies.push(parseStored(document, 'identity', { type: 'session', id: arn }));
  }
  return { ...base, session: sessionPolicies };
}

function build(iam: IamStore, subject: PolicySubject): Promise<IdentityPolicies> {
  switch (subject.kind) {
    case 'user':
      return forUser(iam, subject.accountId, subject.userName, subject.userId);
    case 'role':
      return forRole(iam, subject.accountId, subject.roleName, subject.roleId);
    case 'group':
      return forGroup(iam, subject.accountId, subject.groupName, subject.groupId);
    case 'session':
      return forSession(iam, subject.session);
  }
}

// By unique id, so a set is never served to another entity that has taken the name; and by the
// name the lookup uses, since one id can be asked for under an old name (a GetSessionToken session
// of a renamed user finds nobody there) and under the current one.
function cacheKey(subject: PolicySubject): string {
  switch (subject.kind) {
    case 'user':
      return `u\u0000${subject.accountId}\u0000${subject.userId}\u0000${subject.userName.toLowerCase()}`;
    case 'group':
      return `g\u0000${subject.accountId}\u0000${subject.groupId}\u0000${subject.groupName.toLowerCase()}`;
    case 'role':
      return `r\u0000${subject.accountId}\u0000${subject.roleId}\u0000${subject.roleName.toLowerCase()}`;
    case 'session':
      return `s\u0000${subject.session.accessKeyId}`;
  }
}

/** Built policy sets of one store, valid for one generation. */
export interface PolicyCache {
  generation: number | undefined;
  entries: Map<string, Promise<IdentityPolicies>>;
  maxEntries: number;
}

export function createPolicyCache(maxEntries = 5000): PolicyCache {
  return { generation: undefined, entries: new Map(), maxEntries };
}

const defaultCaches = new WeakMap<IamStore['policies'], PolicyCache>();

export function toSubject(who: PolicySubject | IdentityLike): PolicySubject {
  if (!('subject' in who)) return who;
  return who.subject.kind === 'user'
    ? { kind: 'user', accountId: who.principal.accountId, userName: who.subject.userName, userId: who.subject.userId }
    : { kind: 'session', session: who.subject.session };
}

/** The policies that apply to `who`, parsed; cached until the next IAM write. */
export async function policiesFor(store: IamStore, who: PolicySubject | IdentityLike, options: { cache?: PolicyCache } = {}): Promise<IdentityPolicies> {
  let cache = options.cache ?? defaultCaches.get(store.policies);
  if (!cache) {
    cache = createPolicyCache();
    defaultCaches.set(store.policies, cache);
  }
  const generation = await store.policies.generation();
  if (cache.generation !== generation) {
    cache.entries.clear();
    cache.generation = generation;
  }
  const subject = toSubject(who);
  const key = cacheKey(subject);
  const hit = cache.entries.get(key);
  if (hit) return hit;
  const built = build(store, subject);
  if (cache.entries.size >= cache.maxEntries) cache.entries.clear();
  cache.entries.set(key, built);
  // A failed build is not cached: the next request tries again.
  built.catch(() => {
    if (cache.entries.get(key) === built) cache.entries.delete(key);
  });
  return built;
}

/** What the gateway's AccessDeps.policiesFor expects: one function of the authenticated identity. */
export function createPolicyResolver(store: IamStore, cache: PolicyCache = createPolicyCache()): (identity: IdentityLike) => Promise<IdentityPolicies> {
  return (identity) => policiesFor(store, identity, { cache });
}
