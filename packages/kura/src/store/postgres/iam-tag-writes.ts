// The write steps for tags of users, roles and customer managed policies on PostgreSQL. Each runs
// in a transaction holding the IAM write lock (iam-generation.ts), so the tag limit is counted
// with no other IAM writer in between: concurrent tags, through any replica, can never together
// pass a limit that each alone respects.

import type { IamTag } from '../iam-types.js';
import type { Queryable } from './database.js';
import { bumpGeneration } from './iam-generation.js';
import { findPolicy, putPolicyTags } from './iam-policy-writes.js';
import { findPrincipal, putPrincipalTags } from './iam-principal-writes.js';
import { nameKey } from '../iam-rows.js';

type TaggedKind = 'user' | 'role' | 'policy';

/** The row to tag and how its keys compare: folded for users and roles, exact for policies. */
async function taggable(q: Queryable, accountId: string, kind: TaggedKind, name: string): Promise<{ id: number; fold: (key: string) => string } | undefined> {
  if (kind === 'policy') {
    const policy = await findPolicy(q, accountId, name);
    return policy && { id: policy.id, fold: (key) => key };
  }
  const principal = await findPrincipal(q, accountId, kind, name);
  return principal && { id: principal.id, fold: nameKey };
}

const KEYS = {
  policy: 'SELECT tag_key AS key FROM iam_policy_tags WHERE policy_id = $1',
  principal: 'SELECT key_fold AS key FROM iam_principal_tags WHERE principal_id = $1',
} as const;

const UNTAG = {
  policy: 'DELETE FROM iam_policy_tags WHERE policy_id = $1 AND tag_key = ANY($2::text[])',
  principal: 'DELETE FROM iam_principal_tags WHERE principal_id = $1 AND key_fold = ANY($2::text[])',
} as const;

const table = (kind: TaggedKind) => (kind === 'policy' ? 'policy' : 'principal');

export async function tag(q: Queryable, accountId: string, kind: TaggedKind, name: string, tags: IamTag[], maxTags: number): Promise<'ok' | 'not-found' | 'too-many'> {
  const target = await taggable(q, accountId, kind, name);
  if (!target) return 'not-found';
  // Overwrites do not count: only keys new to the resource push it towards the limit.
  const current = await q.rows<{ key: string }>(KEYS[table(kind)], [target.id]);
  const keys = new Set([...current.map((r) => r.key), ...tags.map((t) => target.fold(t.key))]);
  if (keys.size > maxTags) return 'too-many';
  if (kind === 'policy') await putPolicyTags(q, target.id, tags);
  else await putPrincipalTags(q, target.id, tags);
  if (tags.length > 0) await bumpGeneration(q);
  return 'ok';
}

export async function untag(q: Queryable, accountId: string, kind: TaggedKind, name: string, keys: string[]): Promise<'ok' | 'not-found'> {
  const target = await taggable(q, accountId, kind, name);
  if (!target) return 'not-found';
  const removed = keys.length === 0 ? 0 : await q.run(UNTAG[table(kind)], [target.id, keys.map(target.fold)]);
  if (removed > 0) await bumpGeneration(q);
  return 'ok';
}
