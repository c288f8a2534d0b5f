// The write steps for tags of users, roles and customer managed policies. The limit is checked
// inside the savepoint, so concurrent tags can never together pass a limit that each alone respects.

import type { IamTag } from '../iam-types.js';
import type { Connection } from './connection.js';
import { nameKey } from '../iam-rows.js';
import { findPolicy, putPolicyTags } from './policy-writes.js';
import { bumpGeneration, findPrincipal, putPrincipalTags } from './principal-writes.js';

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
