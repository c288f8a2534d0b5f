// PolicyRepository on SQLite: customer managed policies and their versions and tags, attachments,
// inline policies, and the IAM generation. Reads are single statements run between write batches;
// writes go through group commit (policy-writes.ts, grant-writes.ts, tag-writes.ts), where every
// check-then-act step (uniqueness, limits, delete conflicts) is decided.

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
import type { Backend } from './connection.js';
import * as grants from './grant-writes.js';
import type { IamGeneration } from './iam-generation.js';
import { nameKey, parseVersionId, toAttachedPolicies, toInlinePolicies, toInlinePolicy, toPolicy, toPolicyVersion, toPolicyVersions } from '../iam-rows.js';
import type { AttachedRow, InlinePolicyRow, PolicyRow, PolicyVersionRow } from '../iam-rows.js';
import { IDENTITY_READ_SQL as SQL, page, principalParams } from './identity-sql.js';
import * as policies from './policy-writes.js';
import * as tags from './tag-writes.js';

export class SqlitePolicyRepository implements PolicyRepository {
  constructor(
    private readonly backend: Backend,
    /** Every write goes through it, so the generation kept between IAM writes is forgotten. */
    private readonly iam: IamGeneration,
  ) {}

  createPolicy(policy: Omit<ManagedPolicyRecord, 'attachmentCount'>, firstVersion: PolicyVersionRecord): Promise<CreateOutcome> {
    return this.iam.write((c) => policies.createPolicy(c, policy, firstVersion));
  }

  getPolicy(accountId: string, arn: string): Promise<ManagedPolicyRecord | undefined> {
    return this.backend.read((c) => {
      const row = c.sql(SQL.policy).get({ account: accountId, arnKey: nameKey(arn) }) as PolicyRow | undefined;
      return row && toPolicy(row);
    });
  }

  deletePolicy(accountId: string, arn: string): Promise<DeleteOutcome> {
    return this.iam.write((c) => policies.deletePolicy(c, accountId, arn));
  }

  listPolicies(accountId: string, query: ListQuery & { onlyAttached?: boolean }): Promise<ListPage<ManagedPolicyRecord>> {
    const params = { account: accountId, onlyAttached: query.onlyAttached ? 1 : 0 };
    return this.backend.read((c) => page(c, SQL.listPolicies, params, query, toPolicy));
  }

  createPolicyVersion(
    accountId: string,
    arn: string,
    version: { document: string; setAsDefault: boolean; createDate: Date },
    maxVersions: number,
  ): Promise<CreateVersionOutcome> {
    return this.iam.write((c) => policies.createPolicyVersion(c, accountId, arn, version, maxVersions));
  }

  getPolicyVersion(accountId: string, arn: string, versionId: string): Promise<PolicyVersionRecord | undefined> {
    const version = parseVersionId(versionId);
    if (version === undefined) return Promise.resolve(undefined);
    return this.backend.read((c) => {
      const row = c.sql(SQL.policyVersion).get({ account: accountId, arnKey: nameKey(arn), version }) as PolicyVersionRow | undefined;
      return row && toPolicyVersion(row);
    });
  }

  listPolicyVersions(accountId: string, arn: string): Promise<PolicyVersionRecord[] | undefined> {
    return this.backend.read((c) => toPolicyVersions(c.sql(SQL.policyVersions).all({ account: accountId, arnKey: nameKey(arn) }) as PolicyVersionRow[]));
  }

  deletePolicyVersion(accountId: string, arn: string, versionId: string): Promise<DeleteOutcome> {
    return this.iam.write((c) => policies.deletePolicyVersion(c, accountId, arn, versionId));
  }

  setDefaultPolicyVersion(accountId: string, arn: string, versionId: string, now: Date): Promise<'updated' | 'not-found'> {
    return this.iam.write((c) => policies.setDefaultPolicyVersion(c, accountId, arn, versionId, now));
  }

  tagPolicy(accountId: string, arn: string, newTags: IamTag[], maxTags: number): Promise<'ok' | 'not-found' | 'too-many'> {
    return this.iam.write((c) => tags.tag(c, accountId, 'policy', arn, newTags, maxTags));
  }

  untagPolicy(accountId: string, arn: string, keys: string[]): Promise<'ok' | 'not-found'> {
    return this.iam.write((c) => tags.untag(c, accountId, 'policy', arn, keys));
  }

  attachPolicy(accountId: string, kind: PrincipalKind, name: string, policyArn: string, maxAttached: number): Promise<AttachOutcome> {
    return this.iam.write((c) => grants.attachPolicy(c, accountId, kind, name, policyArn, maxAttached));
  }

  detachPolicy(accountId: string, kind: PrincipalKind, name: string, policyArn: string): Promise<'detached' | 'principal-not-found' | 'not-attached'> {
    return this.iam.write((c) => grants.detachPolicy(c, accountId, kind, name, policyArn));
  }

  attachedPolicies(accountId: string, kind: PrincipalKind, name: string): Promise<AttachedPolicyRef[] | undefined> {
    return this.backend.read((c) => toAttachedPolicies(c.sql(SQL.attached).all(principalParams(accountId, kind, name)) as AttachedRow[]));
  }

  putInlinePolicy(accountId: string, kind: PrincipalKind, name: string, policy: InlinePolicyRecord): Promise<'put' | 'principal-not-found'> {
    return this.iam.write((c) => grants.putInlinePolicy(c, accountId, kind, name, policy));
  }

  getInlinePolicy(accountId: string, kind: PrincipalKind, name: string, policyName: string): Promise<InlinePolicyRecord | undefined> {
    return this.backend.read((c) => {
      const params = { ...principalParams(accountId, kind, name), policyKey: nameKey(policyName) };
      const row = c.sql(SQL.inlinePolicy).get(params) as { name: string; document: string } | undefined;
      return row && toInlinePolicy(row);
    });
  }

  deleteInlinePolicy(accountId: string, kind: PrincipalKind, name: string, policyName: string): Promise<'deleted' | 'not-found'> {
    return this.iam.write((c) => grants.deleteInlinePolicy(c, accountId, kind, name, policyName));
  }

  inlinePolicies(accountId: string, kind: PrincipalKind, name: string): Promise<InlinePolicyRecord[] | undefined> {
    return this.backend.read((c) => toInlinePolicies(c.sql(SQL.inlinePolicies).all(principalParams(accountId, kind, name)) as InlinePolicyRow[]));
  }

  generation(): Promise<number> {
    return this.iam.read();
  }
}
