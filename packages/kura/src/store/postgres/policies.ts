// PolicyRepository on PostgreSQL: customer managed policies and their versions and tags,
// attachments, inline policies, and the IAM generation. Reads are single statements on committed
// data (nothing is kept between calls: other replicas write too); each write is one transaction
// holding the IAM write lock (iam-generation.ts), where every check-then-act step (uniqueness,
// limits, delete conflicts) is decided.

import type { CreateOutcome, DeleteOutcome, IamTag, ListPage, ListQuery, PrincipalKind } from '../iam-types.js';
import type {
  AttachOutcome,
  AttachedPolicyRef,
  CreateVersionOutcome,
  InlinePolicyRecord,
  ManagedPolicyRecord,
  PolicyRepository,
  PolicyVersionRecord,
} from '../policies.js';
import type { Database } from './database.js';
import { iamWrite, readGeneration } from './iam-generation.js';
import * as grants from './iam-grant-writes.js';
import * as policies from './iam-policy-writes.js';
import { nameKey, parseVersionId, toAttachedPolicies, toInlinePolicies, toInlinePolicy, toPolicy, toPolicyVersion, toPolicyVersions } from '../iam-rows.js';
import type { AttachedRow, InlinePolicyRow, PolicyRow, PolicyVersionRow } from '../iam-rows.js';
import { IAM_READ_SQL as SQL, page, principalValues } from './iam-sql.js';
import * as tags from './iam-tag-writes.js';
import { fitsText } from './storable.js';

export class PgPolicyRepository implements PolicyRepository {
  constructor(private readonly db: Database) {}

  createPolicy(policy: Omit<ManagedPolicyRecord, 'attachmentCount'>, firstVersion: PolicyVersionRecord): Promise<CreateOutcome> {
    return iamWrite(this.db, (q) => policies.createPolicy(q, policy, firstVersion));
  }

  // An ARN PostgreSQL cannot hold names no policy (storable.ts): not found.
  async getPolicy(accountId: string, arn: string): Promise<ManagedPolicyRecord | undefined> {
    if (!fitsText(arn)) return undefined;
    const row = await this.db.row<PolicyRow>(SQL.policy, [accountId, nameKey(arn)]);
    return row && toPolicy(row);
  }

  deletePolicy(accountId: string, arn: string): Promise<DeleteOutcome> {
    return iamWrite(this.db, (q) => policies.deletePolicy(q, accountId, arn));
  }

  listPolicies(accountId: string, query: ListQuery & { onlyAttached?: boolean }): Promise<ListPage<ManagedPolicyRecord>> {
    return page(this.db, SQL.listPolicies, [accountId, query.onlyAttached === true], query, toPolicy);
  }

  createPolicyVersion(
    accountId: string,
    arn: string,
    version: { document: string; setAsDefault: boolean; createDate: Date },
    maxVersions: number,
  ): Promise<CreateVersionOutcome> {
    return iamWrite(this.db, (q) => policies.createPolicyVersion(q, accountId, arn, version, maxVersions));
  }

  async getPolicyVersion(accountId: string, arn: string, versionId: string): Promise<PolicyVersionRecord | undefined> {
    const version = parseVersionId(versionId);
    if (version === undefined || !fitsText(arn)) return undefined;
    const row = await this.db.row<PolicyVersionRow>(SQL.policyVersion, [accountId, nameKey(arn), version]);
    return row && toPolicyVersion(row);
  }

  async listPolicyVersions(accountId: string, arn: string): Promise<PolicyVersionRecord[] | undefined> {
    if (!fitsText(arn)) return undefined;
    return toPolicyVersions(await this.db.rows<PolicyVersionRow>(SQL.policyVersions, [accountId, nameKey(arn)]));
  }

  deletePolicyVersion(accountId: string, arn: string, versionId: string): Promise<DeleteOutcome> {
    return iamWrite(this.db, (q) => policies.deletePolicyVersion(q, accountId, arn, versionId));
  }

  setDefaultPolicyVersion(accountId: string, arn: string, versionId: string, now: Date): Promise<'updated' | 'not-found'> {
    return iamWrite(this.db, (q) => policies.setDefaultPolicyVersion(q, accountId, arn, versionId, now));
  }

  tagPolicy(accountId: string, arn: string, newTags: IamTag[], maxTags: number): Promise<'ok' | 'not-found' | 'too-many'> {
    return iamWrite(this.db, (q) => tags.tag(q, accountId, 'policy', arn, newTags, maxTags));
  }

  untagPolicy(accountId: string, arn: string, keys: string[]): Promise<'ok' | 'not-found'> {
    return iamWrite(this.db, (q) => tags.untag(q, accountId, 'policy', arn, keys));
  }

  attachPolicy(accountId: string, kind: PrincipalKind, name: string, policyArn: string, maxAttached: number): Promise<AttachOutcome> {
    return iamWrite(this.db, (q) => grants.attachPolicy(q, accountId, kind, name, policyArn, maxAttached));
  }

  detachPolicy(accountId: string, kind: PrincipalKind, name: string, policyArn: string): Promise<'detached' | 'principal-not-found' | 'not-attached'> {
    return iamWrite(this.db, (q) => grants.detachPolicy(q, accountId, kind, name, policyArn));
  }

  async attachedPolicies(accountId: string, kind: PrincipalKind, name: string): Promise<AttachedPolicyRef[] | undefined> {
    return toAttachedPolicies(await this.db.rows<AttachedRow>(SQL.attached, principalValues(accountId, kind, name)));
  }

  putInlinePolicy(accountId: string, kind: PrincipalKind, name: string, policy: InlinePolicyRecord): Promise<'put' | 'principal-not-found'> {
    return iamWrite(this.db, (q) => grants.putInlinePolicy(q, accountId, kind, name, policy));
  }

  async getInlinePolicy(accountId: string, kind: PrincipalKind, name: string, policyName: string): Promise<InlinePolicyRecord | undefined> {
    const row = await this.db.row<{ name: string; document: string }>(SQL.inlinePolicy, [...principalValues(accountId, kind, name), nameKey(policyName)]);
    return row && toInlinePolicy(row);
  }

  deleteInlinePolicy(accountId: string, kind: PrincipalKind, name: string, policyName: string): Promise<'deleted' | 'not-found'> {
    return iamWrite(this.db, (q) => grants.deleteInlinePolicy(q, accountId, kind, name, policyName));
  }

  async inlinePolicies(accountId: string, kind: PrincipalKind, name: string): Promise<InlinePolicyRecord[] | undefined> {
    return toInlinePolicies(await this.db.rows<InlinePolicyRow>(SQL.inlinePolicies, principalValues(accountId, kind, name)));
  }

  /** Read on every call: another replica's write must show at once (see iam-generation.ts). */
  generation(): Promise<number> {
    return readGeneration(this.db);
  }
}
