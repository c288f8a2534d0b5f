// The write steps that grant, on PostgreSQL: managed policy attachments and inline policies. Each
// runs in a transaction holding the IAM write lock (iam-generation.ts), so the attachment limit is
// counted with no other IAM writer in between: concurrent attaches, through any replica, can never
// together pass a limit that each alone respects.

import type { PrincipalKind } from '../iam-types.js';
import type { AttachOutcome, InlinePolicyRecord } from '../policies.js';
import type { Queryable } from './database.js';
import { bumpGeneration } from './iam-generation.js';
import { findPolicy } from './iam-policy-writes.js';
import { findPrincipal } from './iam-principal-writes.js';
import { isAwsManagedArn, nameKey } from '../iam-rows.js';
import { fitsText } from './storable.js';

/** The stored ARN and name of a policy that may be attached: AWS managed, or a policy of this account. */
async function attachable(q: Queryable, accountId: string, arn: string): Promise<{ arn: string; name: string } | undefined> {
  if (isAwsManagedArn(arn)) return { arn, name: arn.slice(arn.lastIndexOf('/') + 1) };
  const policy = await findPolicy(q, accountId, arn);
  return policy && { arn: policy.arn, name: policy.name };
}

const ATTACHED = 'SELECT 1 FROM iam_attachments WHERE principal_id = $1 AND policy_arn = $2';
const COUNT = 'SELECT count(*) AS count FROM iam_attachments WHERE principal_id = $1';
const ATTACH = 'INSERT INTO iam_attachments (principal_id, account_id, policy_arn, policy_name) VALUES ($1, $2, $3, $4)';

export async function attachPolicy(q: Queryable, accountId: string, kind: PrincipalKind, name: string, policyArn: string, maxAttached: number): Promise<AttachOutcome> {
  const principal = await findPrincipal(q, accountId, kind, name);
  if (!principal) return 'principal-not-found';
  const policy = await attachable(q, accountId, policyArn);
  if (!policy) return 'policy-not-found';
  // Attaching again is a no-op, as in AWS, and so never counts against the limit.
  if ((await q.row(ATTACHED, [principal.id, policy.arn])) !== undefined) return 'attached';
  const count = (await q.row<{ count: number }>(COUNT, [principal.id]))?.count ?? 0;
  if (count >= maxAttached) return 'limit-exceeded';
  await q.run(ATTACH, [principal.id, accountId, policy.arn, policy.name]);
  await bumpGeneration(q);
  return 'attached';
}

export async function detachPolicy(
  q: Queryable,
  accountId: string,
  kind: PrincipalKind,
  name: string,
  policyArn: string,
): Promise<'detached' | 'principal-not-found' | 'not-attached'> {
  const principal = await findPrincipal(q, accountId, kind, name);
  if (!principal) return 'principal-not-found';
  // An ARN PostgreSQL cannot hold is attached to no one (storable.ts).
  if (!fitsText(policyArn)) return 'not-attached';
  const arn = (await attachable(q, accountId, policyArn))?.arn ?? policyArn;
  const removed = await q.run('DELETE FROM iam_attachments WHERE principal_id = $1 AND policy_arn = $2', [principal.id, arn]);
  if (removed === 0) return 'not-attached';
  await bumpGeneration(q);
  return 'detached';
}

// A replacement keeps the name as first written: policy names, like all IAM names, ignore case.
const PUT_INLINE = `INSERT INTO iam_inline_policies (principal_id, name_key, name, document) VALUES ($1, $2, $3, $4)
  ON CONFLICT (principal_id, name_key) DO UPDATE SET document = excluded.document`;

export async function putInlinePolicy(q: Queryable, accountId: string, kind: PrincipalKind, name: string, policy: InlinePolicyRecord): Promise<'put' | 'principal-not-found'> {
  const principal = await findPrincipal(q, accountId, kind, name);
  if (!principal) return 'principal-not-found';
  await q.run(PUT_INLINE, [principal.id, nameKey(policy.policyName), policy.policyName, policy.document]);
  await bumpGeneration(q);
  return 'put';
}

export async function deleteInlinePolicy(q: Queryable, accountId: string, kind: PrincipalKind, name: string, policyName: string): Promise<'deleted' | 'not-found'> {
  const principal = await findPrincipal(q, accountId, kind, name);
  if (!principal) return 'not-found';
  const removed = await q.run('DELETE FROM iam_inline_policies WHERE principal_id = $1 AND name_key = $2', [principal.id, nameKey(policyName)]);
  if (removed === 0) return 'not-found';
  await bumpGeneration(q);
  return 'deleted';
}
