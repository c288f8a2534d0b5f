// The normalized shape the evaluator consumes. Everything a matcher needs is decided here, once,
// at write time: arrays instead of "string or array", lower-cased action patterns, typed principal
// lists, one entry per condition key. The evaluator never sees raw JSON.

/** identity: user/group/role permissions and managed policies; resource: KMS key policies;
 * trust: role trust (assume-role) policies; session: STS session policies. */
export type PolicyKind = 'identity' | 'resource' | 'trust' | 'session';

export type PolicyVersion = '2012-10-17' | '2008-10-17';

export type Effect = 'Allow' | 'Deny';

/** Action/NotAction or Resource/NotResource. `negated` means the Not… form ("all except"). */
export interface PatternList {
  readonly negated: boolean;
  /** Never empty. Actions are lower-cased (IAM compares them case-insensitively); resources are
   * kept as written (resource ARNs compare case-sensitively). `*` and `?` are wildcards. */
  readonly patterns: readonly string[];
}

/** Principal or NotPrincipal, normalized. */
export interface PrincipalSet {
  readonly negated: boolean;
  /** `"*"` or `{"AWS": "*"}`: anyone (AWS treats the two as equivalent). */
  readonly wildcard: boolean;
  /** Account ids rewritten to `arn:<partition>:iam::<id>:root`; other ARNs as written. */
  readonly aws: readonly string[];
  /** Lower-cased service principals, e.g. `ecs-tasks.amazonaws.com`. */
  readonly service: readonly string[];
  /** SAML/OIDC provider ARNs as written, or lower-cased web identity provider host names. */
  readonly federated: readonly string[];
  /** Lower-cased 64-hex canonical user ids. */
  readonly canonicalUser: readonly string[];
}

export const CONDITION_OPERATORS = [
  'StringEquals',
  'StringNotEquals',
  'StringEqualsIgnoreCase',
  'StringNotEqualsIgnoreCase',
  'StringLike',
  'StringNotLike',
  'NumericEquals',
  'NumericNotEquals',
  'NumericLessThan',
  'NumericLessThanEquals',
  'NumericGreaterThan',
  'NumericGreaterThanEquals',
  'DateEquals',
  'DateNotEquals',
  'DateLessThan',
  'DateLessThanEquals',
  'DateGreaterThan',
  'DateGreaterThanEquals',
  'Bool',
  'BinaryEquals',
  'IpAddress',
  'NotIpAddress',
  'ArnEquals',
  'ArnLike',
  'ArnNotEquals',
  'ArnNotLike',
  'Null',
] as const;

export type ConditionOperator = (typeof CONDITION_OPERATORS)[number];

export type ConditionSet = 'ForAllValues' | 'ForAnyValue';

/** One key of one operator block: `"ForAnyValue:StringLikeIfExists": {"aws:TagKeys": ["a*"]}`
 * becomes `{operator: 'StringLike', ifExists: true, set: 'ForAnyValue', key: 'aws:TagKeys', values: ['a*']}`. */
export interface ConditionEntry {
  readonly operator: ConditionOperator;
  readonly ifExists: boolean;
  readonly set: ConditionSet | undefined;
  /** As written. Condition key names compare case-insensitively: the evaluator must fold case. */
  readonly key: string;
  /** JSON numbers and booleans become their text (`10`, `true`). May be empty (AWS accepts `[]`). */
  readonly values: readonly string[];
}

export interface ParsedStatement {
  readonly sid: string | undefined;
  readonly effect: Effect;
  readonly actions: PatternList;
  /** Undefined only for resource and trust policies that omit Resource/NotResource (the statement
   * then applies to the resource the policy is attached to). Identity and session policies always
   * have it: a statement without it is refused, never read as "every resource". */
  readonly resources: PatternList | undefined;
  /** Present exactly for resource and trust policies. */
  readonly principals: PrincipalSet | undefined;
  /** All entries must hold (AND). Empty when the statement has no Condition. */
  readonly conditions: readonly ConditionEntry[];
}

export interface ParsedPolicy {
  readonly kind: PolicyKind;
  /** `2008-10-17` when the document has no Version (as AWS assumes). */
  readonly version: PolicyVersion;
  readonly id: string | undefined;
  /** Policy variables (`${aws:username}`…) are substituted only under Version 2012-10-17; with an
   * older or missing Version they are literal text. */
  readonly variablesActive: boolean;
  /** Never empty. */
  readonly statements: readonly ParsedStatement[];
}
