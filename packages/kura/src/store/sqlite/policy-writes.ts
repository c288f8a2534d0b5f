// The write steps for customer managed policies and their versions. Versions are stored as
// integers (v3 is 3) so "the next version" and "the default" are plain comparisons; a policy's
// default is a column of the policy, so exactly one version is the default by construction.

import type { CreateOutcome, DeleteOutcome, IamTag } from '../iam-types.js';
import type { CreateVersionOutcome, ManagedPolicyRecord, PolicyVersionRecord } from '../policies.js';
import type { Connection } from './connection.js';
import { nameKey, parseVersionId, versionIdOf } from '../iam-rows.js';
import { bumpGeneration } from './principal-writes.js';

export interface PolicyRef {
  id: number;
  name: string;
  arn: string;
  default_version: number;
}

/** Policy ARNs are looked up without regard to case, like the names inside them. */
export function findPolicy(c: Connection, accountId: string, arn: string): PolicyRef | undefined {
  return c.sql('SELECT id, name, arn, default_version FROM iam_policies WHERE account_id = ? AND arn_key = ?')
    .get(accountId, nameKey(arn)) as PolicyRef | undefined;
}

/** Policy tag keys compare exactly (only users and roles fold them); later duplicates win. */
export function putPolicyTags(c: Connection, policyId: number, tags: IamTag[]): void {
  const upsert = c.sql(`INSERT INTO iam_policy_tags (policy_id, tag_key, tag_value) VALUES (?, ?, ?)
    ON CONFLICT (policy_id, tag_key) DO UPDATE SET tag_value = excluded.tag_value`);
  for (const [key, value] of new Map(tags.map((t) => [t.key, t.value]))) upsert.run(policyId, key, value);
}

function insertVersion(c: Connection, policyId: number, version: number, document: string, createDate: Date): void {
  c.sql('INSERT INTO iam_policy_versions (policy_id, version, document, create_date) VALUES (?, ?, ?, ?)')
    .run(policyId, version, document, createDate.getTime());
}

export function createPolicy(c: Connection, policy: Omit<ManagedPolicyRecord, 'attachmentCount'>, first: PolicyVersionRecord): CreateOutcome {
  const version = parseVersionId(first.versionId);
  // The first version is the default by definition; a record saying otherwise is a caller bug.
  if (version === undefined || policy.defaultVersionId !== first.versionId) {
    throw new Error(`policy ${policy.arn}: first version ${first.versionId} must be a version id and the default (${policy.defaultVersionId})`);
  }
  const taken = c.sql('SELECT 1 FROM iam_policies WHERE account_id = ? AND (name_key = ? OR arn_key = ?)')
    .get(policy.accountId, nameKey(policy.name), nameKey(policy.arn));
  if (taken !== undefined) return 'exists';
  const inserted = c.sql(`INSERT INTO iam_policies (account_id, name_key, name, arn_key, arn, policy_id, path, description,
      create_date, update_date, default_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
    .run(policy.accountId, nameKey(policy.name), policy.name, nameKey(policy.arn), policy.arn, policy.id, policy.path,
      policy.description, policy.createDate.getTime(), policy.updateDate.getTime(), version);
  const id = Number(inserted.lastInsertRowid);
  insertVersion(c, id, version, first.document, first.createDate);
  putPolicyTags(c, id, policy.tags);
  bumpGeneration(c);
  return 'created';
}

export function deletePolicy(c: Connection, accountId: string, arn: string): DeleteOutcome {
  const policy = findPolicy(c, accountId, arn);
  if (!policy) return 'not-found';
  const attached = c.sql('SELECT 1 FROM iam_attachments WHERE account_id = ? AND policy_arn = ? LIMIT 1').get(accountId, policy.arn);
  if (attached !== undefined) return 'conflict';
  const others = c.sql('SELECT 1 FROM iam_policy_versions WHERE policy_id = ? AND version <> ? LIMIT 1').get(policy.id, policy.default_version);
  if (others !== undefined) return 'conflict';
  // The default version and the tags go with it through ON DELETE CASCADE.
  c.sql('DELETE FROM iam_policies WHERE id = ?').run(policy.id);
  bumpGeneration(c);
  return 'deleted';
}

export function createPolicyVersion(
  c: Connection,
  accountId: string,
  arn: string,
  version: { document: string; setAsDefault: boolean; createDate: Date },
  maxVersions: number,
): CreateVersionOutcome {
  const policy = findPolicy(c, accountId, arn);
  if (!policy) return { outcome: 'not-found' };
  const { count, newest } = c.sql('SELECT count(*) AS count, max(version) AS newest FROM iam_policy_versions WHERE policy_id = ?')
    .get(policy.id) as { count: number; newest: number | null };
  if (count >= maxVersions) return { outcome: 'limit-exceeded' };
  const next = (newest ?? 0) + 1;
  insertVersion(c, policy.id, next, version.document, version.createDate);
  // AWS's UpdateDate is when the newest version was created, default or not.
  c.sql('UPDATE iam_policies SET update_date = ?, default_version = CASE WHEN ? THEN ? ELSE default_version END WHERE id = ?')
    .run(version.createDate.getTime(), version.setAsDefault ? 1 : 0, next, policy.id);
  bumpGeneration(c);
  return { outcome: 'created', versionId: versionIdOf(next) };
}

function hasVersion(c: Connection, policyId: number, version: number): boolean {
  return c.sql('SELECT 1 FROM iam_policy_versions WHERE policy_id = ? AND version = ?').get(policyId, version) !== undefined;
}

export function deletePolicyVersion(c: Connection, accountId: string, arn: string, versionId: string): DeleteOutcome {
  const policy = findPolicy(c, accountId, arn);
  const version = parseVersionId(versionId);
  if (!policy || version === undefined || !hasVersion(c, policy.id, version)) return 'not-found';
  if (version === policy.default_version) return 'conflict';
  c.sql('DELETE FROM iam_policy_versions WHERE policy_id = ? AND version = ?').run(policy.id, version);
  bumpGeneration(c);
  return 'deleted';
}

export function setDefaultPolicyVersion(c: Connection, accountId: string, arn: string, versionId: string, now: Date): 'updated' | 'not-found' {
  const policy = findPolicy(c, accountId, arn);
  const version = parseVersionId(versionId);
  if (!policy || version === undefined || !hasVersion(c, policy.id, version)) return 'not-found';
  c.sql('UPDATE iam_policies SET default_version = ?, update_date = ? WHERE id = ?').run(version, now.getTime(), policy.id);
  bumpGeneration(c);
  return 'updated';
}
