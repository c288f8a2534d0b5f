// The write steps for customer managed policies and their versions on PostgreSQL, each inside a
// transaction holding the IAM write lock (iam-generation.ts). Versions are stored as integers (v3
// is 3) so "the next version" and "the default" are plain comparisons; a policy's default is a
// column of the policy, so exactly one version is the default by construction.

import type { CreateOutcome, DeleteOutcome, IamTag } from '../iam-types.js';
import type { CreateVersionOutcome, ManagedPolicyRecord, PolicyVersionRecord } from '../policies.js';
import type { Queryable } from './database.js';
import { optionalUtf8 } from './free-text.js';
import { bumpGeneration } from './iam-generation.js';
import { nameKey, parseVersionId, versionIdOf } from '../iam-rows.js';
import { fitsText } from './storable.js';

export interface PolicyRef {
  id: number;
  name: string;
  arn: string;
  default_version: number;
}

const FIND = 'SELECT id, name, arn, default_version FROM iam_policies WHERE account_id = $1 AND arn_key = $2';

/** Policy ARNs are looked up without regard to case, like the names inside them. */
export function findPolicy(q: Queryable, accountId: string, arn: string): Promise<PolicyRef | undefined> {
  // An ARN PostgreSQL cannot hold names no policy (storable.ts).
  if (!fitsText(arn)) return Promise.resolve(undefined);
  return q.row<PolicyRef>(FIND, [accountId, nameKey(arn)]);
}

const UPSERT_TAGS = `INSERT INTO iam_policy_tags (policy_id, tag_key, tag_value)
  SELECT $1::bigint, t.key, t.value FROM unnest($2::text[], $3::text[]) AS t (key, value)
  ON CONFLICT (policy_id, tag_key) DO UPDATE SET tag_value = excluded.tag_value`;

/** Policy tag keys compare exactly (only users and roles fold them); later duplicates win. */
export async function putPolicyTags(q: Queryable, policyId: number, tags: IamTag[]): Promise<void> {
  // One row per key: a statement may not upsert the same row twice.
  const byKey = new Map(tags.map((t) => [t.key, t.value]));
  if (byKey.size === 0) return;
  await q.run(UPSERT_TAGS, [policyId, [...byKey.keys()], [...byKey.values()]]);
}

const INSERT_VERSION = 'INSERT INTO iam_policy_versions (policy_id, version, document, create_date) VALUES ($1, $2, $3, $4)';

// ON CONFLICT (either unique index: name or ARN) backs the check made under the lock.
const INSERT_POLICY = `INSERT INTO iam_policies (account_id, name_key, name, arn_key, arn, policy_id, path, description,
    create_date, update_date, default_version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
  ON CONFLICT DO NOTHING RETURNING id`;

export async function createPolicy(q: Queryable, policy: Omit<ManagedPolicyRecord, 'attachmentCount'>, first: PolicyVersionRecord): Promise<CreateOutcome> {
  const version = parseVersionId(first.versionId);
  // The first version is the default by definition; a record saying otherwise is a caller bug.
  if (version === undefined || policy.defaultVersionId !== first.versionId) {
    throw new Error(`policy ${policy.arn}: first version ${first.versionId} must be a version id and the default (${policy.defaultVersionId})`);
  }
  const inserted = await q.row<{ id: number }>(INSERT_POLICY, [
    policy.accountId, nameKey(policy.name), policy.name, nameKey(policy.arn), policy.arn, policy.id, policy.path,
    optionalUtf8(policy.description), policy.createDate.getTime(), policy.updateDate.getTime(), version,
  ]);
  if (!inserted) return 'exists';
  await q.run(INSERT_VERSION, [inserted.id, version, first.document, first.createDate.getTime()]);
  await putPolicyTags(q, inserted.id, policy.tags);
  await bumpGeneration(q);
  return 'created';
}

export async function deletePolicy(q: Queryable, accountId: string, arn: string): Promise<DeleteOutcome> {
  const policy = await findPolicy(q, accountId, arn);
  if (!policy) return 'not-found';
  const attached = await q.row('SELECT 1 FROM iam_attachments WHERE account_id = $1 AND policy_arn = $2 LIMIT 1', [accountId, policy.arn]);
  if (attached !== undefined) return 'conflict';
  const others = await q.row('SELECT 1 FROM iam_policy_versions WHERE policy_id = $1 AND version <> $2 LIMIT 1', [policy.id, policy.default_version]);
  if (others !== undefined) return 'conflict';
  // The default version and the tags go with it through ON DELETE CASCADE.
  await q.run('DELETE FROM iam_policies WHERE id = $1', [policy.id]);
  await bumpGeneration(q);
  return 'deleted';
}

const VERSION_STATS = 'SELECT count(*) AS count, max(version) AS newest FROM iam_policy_versions WHERE policy_id = $1';
// AWS's UpdateDate is when the newest version was created, default or not.
const STAMP_VERSION = `UPDATE iam_policies SET update_date = $2, default_version = CASE WHEN $3::boolean THEN $4 ELSE default_version END
  WHERE id = $1`;

export async function createPolicyVersion(
  q: Queryable,
  accountId: string,
  arn: string,
  version: { document: string; setAsDefault: boolean; createDate: Date },
  maxVersions: number,
): Promise<CreateVersionOutcome> {
  const policy = await findPolicy(q, accountId, arn);
  if (!policy) return { outcome: 'not-found' };
  const stats = await q.row<{ count: number; newest: number | null }>(VERSION_STATS, [policy.id]);
  if ((stats?.count ?? 0) >= maxVersions) return { outcome: 'limit-exceeded' };
  const next = (stats?.newest ?? 0) + 1;
  await q.run(INSERT_VERSION, [policy.id, next, version.document, version.createDate.getTime()]);
  await q.run(STAMP_VERSION, [policy.id, version.createDate.getTime(), version.setAsDefault, next]);
  await bumpGeneration(q);
  return { outcome: 'created', versionId: versionIdOf(next) };
}

async function hasVersion(q: Queryable, policyId: number, version: number): Promise<boolean> {
  return (await q.row('SELECT 1 FROM iam_policy_versions WHERE policy_id = $1 AND version = $2', [policyId, version])) !== undefined;
}

export async function deletePolicyVersion(q: Queryable, accountId: string, arn: string, versionId: string): Promise<DeleteOutcome> {
  const version = parseVersionId(versionId);
  if (version === undefined) return 'not-found';
  const policy = await findPolicy(q, accountId, arn);
  if (!policy || !(await hasVersion(q, policy.id, version))) return 'not-found';
  if (version === policy.default_version) return 'conflict';
  await q.run('DELETE FROM iam_policy_versions WHERE policy_id = $1 AND version = $2', [policy.id, version]);
  await bumpGeneration(q);
  return 'deleted';
}

export async function setDefaultPolicyVersion(q: Queryable, accountId: string, arn: string, versionId: string, now: Date): Promise<'updated' | 'not-found'> {
  const version = parseVersionId(versionId);
  if (version === undefined) return 'not-found';
  const policy = await findPolicy(q, accountId, arn);
  if (!policy || !(await hasVersion(q, policy.id, version))) return 'not-found';
  await q.run('UPDATE iam_policies SET default_version = $2, update_date = $3 WHERE id = $1', [policy.id, version, now.getTime()]);
  await bumpGeneration(q);
  return 'updated';
}
