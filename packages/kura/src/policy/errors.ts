// Why a dedicated error: the same parser serves IAM (MalformedPolicyDocument, LimitExceeded), STS
// (MalformedPolicyDocument) and KMS (MalformedPolicyDocumentException); each service maps a
// PolicyError onto its own wire error, so this folder stays free of wire concerns.
//
// Reasons carry AWS's own wording where it could be found in public reports of real responses
// (marked "seen"); the rest follow AWS's style and are marked "guessed". Clients do not parse
// these texts, but people paste them into search engines, so matching AWS helps them.

/** `malformed` → MalformedPolicyDocument(Exception); `too-large` → IAM LimitExceeded. */
export type PolicyErrorCode = 'malformed' | 'too-large';

export class PolicyError extends Error {
  readonly reason: string;
  readonly code: PolicyErrorCode;
  /** For `too-large`: the measured length and the limit, so a caller can word its own message. */
  readonly length: number | undefined;
  readonly limit: number | undefined;

  constructor(reason: string, code: PolicyErrorCode = 'malformed', sizes?: { length: number; limit: number }) {
    super(reason);
    this.name = 'PolicyError';
    this.reason = reason;
    this.code = code;
    this.length = sizes?.length;
    this.limit = sizes?.limit;
  }
}

export const reasons = {
  /** seen: IAM CreatePolicy/PutRolePolicy for bad JSON, unknown elements, wrong types. */
  syntax: 'Syntax errors in policy.',
  /** seen: IAM CreateRole when the trust policy is not JSON. */
  invalidJson: 'This policy contains invalid Json',
  /** seen (recorded by moto against AWS): CreatePolicy without Version 2012-10-17. */
  versionTooOld: 'Policy document must be version 2012-10-17 or greater.',
  /** seen: wrong-case Effect, bad Date condition values, truncated ARNs. */
  legacyParsing: 'The policy failed legacy parsing',
  /** seen */
  sidNotUnique: 'Statement IDs (SID) in a single policy must be unique.',
  /** seen (IAM console wording of the same rule) */
  sidNotAlphanumeric:
    'Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*',
  /** seen */
  noActions: 'Policy statement must contain actions.',
  /** seen */
  noResources: 'Policy statement must contain resources.',
  /** seen: IAM identity policy (CreatePolicy, PutGroupPolicy) with Principal. */
  principalNotAllowed: 'Policy document should not specify a principal.',
  /** seen for Resource (CreateRole, UpdateAssumeRolePolicy) and Principal; guessed for NotPrincipal. */
  prohibitedField: (field: string) => `Has prohibited field ${field}`,
  /** seen for S3 bucket policies; guessed for IAM trust policies and KMS key policies. */
  missingField: (field: string) => `Missing required field ${field}`,
  /** seen */
  actionWithoutVendor: 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.',
  /** seen */
  actionColons: 'Actions/Condition can contain only one colon.',
  /** seen */
  vendorInvalid: (vendor: string) => `Vendor ${vendor} is not valid`,
  /** seen (quoted in a public bug report) */
  vendorWildcard: 'Action vendors (e.g., aws, ec2, etc.) must not contain wildcards',
  /** seen */
  resourceNotArn: (resource: string) => `Resource ${resource} must be in ARN format or "*".`,
  /** seen */
  resourceVendor: 'Resource vendor must be fully qualified and cannot contain regexes.',
  /** seen */
  partitionInvalid: (partition: string, shown: string) => `Partition "${partition}" is not valid for resource "${shown}".`,
  /** seen */
  iamResourceRegion: (resource: string) => `IAM resource ${resource} cannot contain region information.`,
  /** seen */
  s3ResourceRegion: (resource: string) => `Resource ${resource} can not contain region information.`,
  /** seen */
  iamResourcePath: (prefixes: string) => `IAM resource path must either be "*" or start with ${prefixes}.`,
  /** seen: IAM trust policies, e.g. `Invalid principal in policy: "SERVICE":"amazonaws.com"`. */
  invalidPrincipal: (type: string, value: string) => `Invalid principal in policy: "${type}":"${value}"`,
  /** guessed: a bare string Principal other than "*" in an IAM trust policy. */
  invalidPrincipalString: (value: string) => `Invalid principal in policy: "${value}"`,
  /** seen (IAM CreateRole with an empty principal list, verbatim including the Java class name). */
  noPrincipals:
    'Invalid principal in policy: com.amazon.balsa.error.InvalidPolicyException: The passed in policy has a statement with no principals!',
  /** seen: KMS CreateKey/PutKeyPolicy for any principal it cannot accept. */
  kmsInvalidPrincipals: 'Policy contains a statement with one or more invalid principals.',
  /** guessed: AWS documents NotPrincipal with Allow as unsupported; Kura refuses it (fail closed). */
  notPrincipalWithAllow: 'NotPrincipal is supported only with "Effect": "Deny".',
  /** seen (IAM managed policies, LimitExceeded) */
  tooLarge: (limit: number) => `Cannot exceed quota for PolicySize: ${limit}`,
} as const;
