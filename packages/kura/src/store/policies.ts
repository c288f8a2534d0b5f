// IAM policies port: customer managed policies (with versions and tags), their attachments to
// users, groups and roles, and inline policies. AWS managed policies (`arn:aws:iam::aws:policy/…`)
// have no record here; they can be attached. Each method is one atomic step, like the other ports.

import type { CreateOutcome, DeleteOutcome, IamTag, ListPage, ListQuery, PrincipalKind } from './iam-types.js';

export interface ManagedPolicyRecord {
  accountId: string;
  name: string;
  id: string;
  path: string;
  arn: string;
  description: string | null;
  createDate: Date;
  updateDate: Date;
  defaultVersionId: string;
  /** How many users, groups and roles have it attached (derived by the store). */
  attachmentCount: number;
  tags: IamTag[];
}

export interface PolicyVersionRecord {
  /** v1, v2, … */
  versionId: string;
  document: string;
  isDefaultVersion: boolean;
  createDate: Date;
}

export interface InlinePolicyRecord {
  policyName: string;
  document: string;
}

export interface AttachedPolicyRef {
  policyName: string;
  policyArn: string;
}

export type AttachOutcome = 'attached' | 'principal-not-found' | 'policy-not-found' | 'limit-exceeded';

export type CreateVersionOutcome = { outcome: 'created'; versionId: string } | { outcome: 'not-found' } | { outcome: 'limit-exceeded' };

export interface PolicyRepository {
  createPolicy(policy: Omit<ManagedPolicyRecord, 'attachmentCount'>, firstVersion: PolicyVersionRecord): Promise<CreateOutcome>;
  getPolicy(accountId: string, arn: string): Promise<ManagedPolicyRecord | undefined>;
  /** 'conflict' while attached anywhere or while it has versions other than the default. */
  deletePolicy(accountId: string, arn: string): Promise<DeleteOutcome>;
  listPolicies(accountId: string, query: ListQuery & { onlyAttached?: boolean }): Promise<ListPage<ManagedPolicyRecord>>;
  /** Adds the next version (v<max+1>); 'limit-exceeded' when it already has `maxVersions`. */
  createPolicyVersion(
    accountId: string,
    arn: string,
    version: { document: string; setAsDefault: boolean; createDate: Date },
    maxVersions: number,
  ): Promise<CreateVersionOutcome>;
  getPolicyVersion(accountId: string, arn: string, versionId: string): Promise<PolicyVersionRecord | undefined>;
  listPolicyVersions(accountId: string, arn: string): Promise<PolicyVersionRecord[] | undefined>;
  /** 'conflict' for the default version. */
  deletePolicyVersion(accountId: string, arn: string, versionId: string): Promise<DeleteOutcome>;
  setDefaultPolicyVersion(accountId: string, arn: string, versionId: string, now: Date): Promise<'updated' | 'not-found'>;
  /** Tags of a customer managed policy, by ARN; keys compare exactly. */
  tagPolicy(accountId: string, arn: string, tags: IamTag[], maxTags: number): Promise<'ok' | 'not-found' | 'too-many'>;
  untagPolicy(accountId: string, arn: string, keys: string[]): Promise<'ok' | 'not-found'>;

  /**
   * Attaches a managed policy. `policyArn` may name a customer policy of this account (which must
   * exist) or an AWS managed policy (`arn:aws:iam::aws:policy/…`), whose existence the caller checks.
   */
  attachPolicy(accountId: string, kind: PrincipalKind, name: string, policyArn: string, maxAttached: number): Promise<AttachOutcome>;
  detachPolicy(accountId: string, kind: PrincipalKind, name: string, policyArn: string): Promise<'detached' | 'principal-not-found' | 'not-attached'>;
  attachedPolicies(accountId: string, kind: PrincipalKind, name: string): Promise<AttachedPolicyRef[] | undefined>;

  /** Creates or replaces an inline policy. */
  putInlinePolicy(accountId: string, kind: PrincipalKind, name: string, policy: InlinePolicyRecord): Promise<'put' | 'principal-not-found'>;
  getInlinePolicy(accountId: string, kind: PrincipalKind, name: string, policyName: string): Promise<InlinePolicyRecord | undefined>;
  deleteInlinePolicy(accountId: string, kind: PrincipalKind, name: string, policyName: string): Promise<'deleted' | 'not-found'>;
  /** Every inline policy of the principal, sorted by name; undefined when the principal does not exist. */
  inlinePolicies(accountId: string, kind: PrincipalKind, name: string): Promise<InlinePolicyRecord[] | undefined>;

  /**
   * A number that changes on every IAM write, of this port and of PrincipalRepository alike, so
   * callers can cache what they derive from IAM state (the policies that apply to a principal) and
   * know when to drop it. Shared by replicas of one store; sessions do not move it.
   */
  generation(): Promise<number>;
}
