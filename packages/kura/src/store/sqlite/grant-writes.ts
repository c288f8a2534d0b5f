// The write steps that grant or describe: managed policy attachments, inline policies, tags, and
// STS sessions. Limits are checked inside the savepoint, so concurrent attaches or tags can never
// together pass a limit that each alone respects.
//
// Sessions do not move the IAM generation: what callers cache by generation is derived from IAM
// state (a principal's policies), and a session's own policies live in its record, fixed for life.

import type { AttachOutcome, IamTag, InlinePolicyRecord, PrincipalKind, SessionRecord } from '../identities.js';
import type { Connection } from './connection.js';
import { SESSION_COLUMNS, isAwsManagedArn, nameKey } from './identity-sql.js';
import { findPolicy, putPolicyTags } from './policy-writes.js';
import { bumpGeneration, findPrincipal, putPrincipalTags } from './principal-writes.js';

/** The stored ARN and name of a policy that may be attached: AWS managed, or a policy of this account. */
function attachable(c: Connection, accountId: string, arn: string): { arn: string; name: string } | undefined {
  if (isAwsManagedArn(arn)) return { arn, name: arn.slice(arn.lastIndexOf('/') + 1) };
  const policy = findPolicy(c, accountId, arn);
  return policy && { arn: policy.arn, name: policy.name };
}

export function attachPolicy(c: Connection, accountId: string, kind: PrincipalKind, name: string, policyArn: string, maxAttached: number): AttachOutcome {
  const principal = findPrincipal(c, accountId, kind, name);
  if (!principal) return 'principal-not-found';
  const policy = attachable(c, accountId, policyArn);
  if (!policy) return 'policy-not-found';
  // Attaching again is a no-op, as in AWS, and so never counts against the limit.
  if (c.sql('SELECT 1 FROM iam_attachments WHERE principal_id = ? AND policy_arn = ?').get(principal.id, policy.arn) !== undefined) return 'attached';
  const count = c.column('SELECT count(*) FROM iam_attachments WHERE principal_id = ?').get(principal.id) as number;
  if (count >= maxAttached) return 'limit-exceeded';
  c.sql('INSERT INTO iam_attachments (principal_id, account_id, policy_arn, policy_name) VALUES (?, ?, ?, ?)')
    .run(principal.id, accountId, policy.arn, policy.name);
  bumpGeneration(c);
  return 'attached';
}

export function detachPolicy(
  c: Connection,
  accountId: string,
  kind: PrincipalKind,
  name: string,
  policyArn: string,
): 'detached' | 'principal-not-found' | 'not-attached' {
  const principal = findPrincipal(c, accountId, kind, name);
  if (!principal) return 'principal-not-found';
  const arn = attachable(c, accountId, policyArn)?.arn ?? policyArn;
  const removed = c.sql('DELETE FROM iam_attachments WHERE principal_id = ? AND policy_arn = ?').run(principal.id, arn);
  if (removed.changes === 0) return 'not-attached';
  bumpGeneration(c);
  return 'detached';
}

export function putInlinePolicy(c: Connection, accountId: string, kind: PrincipalKind, name: string, policy: InlinePolicyRecord): 'put' | 'principal-not-found' {
  const principal = findPrincipal(c, accountId, kind, name);
  if (!principal) return 'principal-not-found';
  // A replacement keeps the name as first written: policy names, like all IAM names, ignore case.
  c.sql(`INSERT INTO iam_inline_policies (principal_id, name_key, name, document) VALUES (?, ?, ?, ?)
    ON CONFLICT (principal_id, name_key) DO UPDATE SET document = excluded.document`)
    .run(principal.id, nameKey(policy.policyName), policy.policyName, policy.document);
  bumpGeneration(c);
  return 'put';
}

export function deleteInlinePolicy(c: Connection, accountId: string, kind: PrincipalKind, name: string, policyName: string): 'deleted' | 'not-found' {
  const principal = findPrincipal(c, accountId, kind, name);
  if (!principal) return 'not-found';
  const removed = c.sql('DELETE FROM iam_inline_policies WHERE principal_id = ? AND name_key = ?').run(principal.id, nameKey(policyName));
  if (removed.changes === 0) return 'not-found';
  bumpGeneration(c);
  return 'deleted';
}

type TaggedKind = 'user' | 'role' | 'policy';

/** The row to tag and how its keys compare: folded for users and roles, exact for policies. */
function taggable(c: Connection, accountId: string, kind: TaggedKind, name: string): { id: number; fold: (key: string) => string } | undefined {
  if (kind === 'policy') {
    const policy = findPolicy(c, accountId, name);
    return policy && { id: policy.id, fold: (key) => key };
  }
  const principal = findPrincipal(c, accountId, kind, name);
  return principal && { id: principal.id, fold: nameKey };
}

function currentTagKeys(c: Connection, kind: TaggedKind, id: number): string[] {
  const sql = kind === 'policy' ? 'SELECT tag_key FROM iam_policy_tags WHERE policy_id = ?' : 'SELECT key_fold FROM iam_principal_tags WHERE principal_id = ?';
  return c.column(sql).all(id) as string[];
}

export function tag(c: Connection, accountId: string, kind: TaggedKind, name: string, tags: IamTag[], maxTags: number): 'ok' | 'not-found' | 'too-many' {
  const target = taggable(c, accountId, kind, name);
  if (!target) return 'not-found';
  // Overwrites do not count: only keys new to the resource push it towards the limit.
  const keys = new Set([...currentTagKeys(c, kind, target.id), ...tags.map((t) => target.fold(t.key))]);
  if (keys.size > maxTags) return 'too-many';
  if (kind === 'policy') putPolicyTags(c, target.id, tags);
  else putPrincipalTags(c, target.id, tags);
  if (tags.length > 0) bumpGeneration(c);
  return 'ok';
}

export function untag(c: Connection, accountId: string, kind: TaggedKind, name: string, keys: string[]): 'ok' | 'not-found' {
  const target = taggable(c, accountId, kind, name);
  if (!target) return 'not-found';
  const drop = kind === 'policy'
    ? c.sql('DELETE FROM iam_policy_tags WHERE policy_id = ? AND tag_key = ?')
    : c.sql('DELETE FROM iam_principal_tags WHERE principal_id = ? AND key_fold = ?');
  let removed = 0;
  for (const key of keys) removed += drop.run(target.id, target.fold(key)).changes;
  if (removed > 0) bumpGeneration(c);
  return 'ok';
}

/** Inserts or replaces the session with this access key id. */
export function saveSession(c: Connection, s: SessionRecord): void {
  c.sql(`INSERT OR REPLACE INTO sts_sessions (${SESSION_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
    .run(s.accessKeyId, s.accountId, s.secretCiphertext, s.sessionTokenHash, s.kind, s.principalArn, s.principalId, s.roleArn,
      s.roleName, s.sessionName, s.sourcePrincipalArn, s.sessionPolicy, JSON.stringify(s.sessionPolicyArns), s.sourceIdentity,
      JSON.stringify(s.tags.map((t) => [t.key, t.value])), s.chained ? 1 : 0, s.issuedAt.getTime(), s.expiration.getTime());
}

export function deleteExpiredSessions(c: Connection, now: Date): number {
  return c.sql('DELETE FROM sts_sessions WHERE expiration < ?').run(now.getTime()).changes;
}
