// What the policy evaluator takes and returns. Callers gather the policies that apply to
// a request (identity/principal-policies.ts); the evaluator is a pure function of them.

import type { ParsedPolicy } from './types.js';

/**
 * The kinds of resource policy. KMS key policies and role trust policies must grant access
 * themselves; a secret's policy is an ordinary resource-based policy, an alternative to the
 * identity policies within the account (evaluate.ts).
 */
export type ResourcePolicyKind = 'kms-key' | 'role-trust' | 'secret';

/** Where a policy came from: named in denials, in the audit log and in SimulatePrincipalPolicy. */
export interface PolicySource {
  type: 'inline' | 'managed' | 'group-inline' | 'group-managed' | 'session' | 'boundary' | 'kms-key' | 'role-trust' | 'secret';
  /** The inline policy name, or the managed policy ARN, or the key / role ARN for resource policies. */
  id: string;
}

export interface SourcedPolicy {
  policy: ParsedPolicy;
  source: PolicySource;
}

/** Every policy that applies to one request. */
export interface PolicySet {
  /** Identity-based policies of the principal (for a role session: the role's). */
  identity: SourcedPolicy[];
  /** Session policies (AssumeRole Policy / PolicyArns); undefined when the session has none.
   * An empty array is read as "session policies were given and none is left": nothing is allowed
   * (fail closed), so pass undefined, not [], for a session created without them. */
  session?: SourcedPolicy[];
  /** The permissions boundary of the user or role, when it has one. */
  boundary?: SourcedPolicy;
  /** The resource's own policy: a KMS key policy, a role trust policy or a Secrets Manager secret's policy. */
  resource?: SourcedPolicy & { kind: ResourcePolicyKind };
  /**
   * The user or role the credentials were issued for is gone: deleted, or deleted and created
   * again under the same name (a new entity, with a new unique id). Nothing is allowed, not even
   * by a resource policy naming the caller's ARN: that ARN now names someone else.
   */
  principalGone?: true;
}

/** Who is asking, as policies see it. */
export interface RequestPrincipal {
  /** The caller's ARN: user ARN, or arn:aws:sts::A:assumed-role/R/S for a session. */
  arn: string;
  accountId: string;
  type: 'User' | 'AssumedRole' | 'Account' | 'Service';
  /** For role sessions: the role's ARN (`aws:PrincipalArn`, and what trust/key policies name). */
  roleArn?: string;
  /** For service principals such as ecs-tasks.amazonaws.com. */
  service?: string;
}

export interface EvaluationRequest {
  principal: RequestPrincipal;
  /** `service:Action` as AWS names it, e.g. `ssm:GetParameter`. */
  action: string;
  /** The resource ARN, or `*`. */
  resource: string;
  /**
   * Condition keys and values (names compare case-insensitively; the evaluator normalizes them).
   * Multi-valued keys (aws:TagKeys, kms:EncryptionContextKeys) are arrays.
   */
  context: Record<string, string | string[]>;
}

export type DecisionKind = 'Allow' | 'ImplicitDeny' | 'ExplicitDeny';

/** The policy type phrase AWS puts in denial messages. */
export type PolicyTypePhrase =
  | 'identity-based policy'
  | 'resource-based policy'
  | 'session policy'
  | 'permissions boundary'
  | 'role trust policy';

export interface Decision {
  decision: DecisionKind;
  /** For denials: which policy type is to blame (explicit deny in it, or no allow from it). */
  policyType?: PolicyTypePhrase;
  /** The statement that decided: the matching Deny, or (for Allow) the first matching Allow. */
  statement?: { source: PolicySource; sid?: string; index: number };
}
