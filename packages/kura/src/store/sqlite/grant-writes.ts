// The write steps that grant: managed policy attachments and inline policies. The limit is checked
// inside the savepoint, so concurrent attaches can never together pass a limit that each alone
// respects.

import type { PrincipalKind } from '../iam-types.js';
import type { AttachOutcome, InlinePolicyRecord } from '../policies.js';
import type { Connection } from './connection.js';
import { isAwsManagedArn, nameKey } from '../iam-rows.js';
import { findPolicy } from './policy-writes.js';
import { bumpGeneration, findPrincipal } from './principal-writes.js';

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
