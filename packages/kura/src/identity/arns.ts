// ARNs of IAM entities. Users, groups, roles and customer policies carry their path in
// the ARN; a role session's ARN drops the role's path. Parsing is strict: IAM ARNs have no region,
// a 12-digit account (or `aws` for AWS managed policies) and a known resource type.

export const PARTITION = 'aws';

export type ArnKind = 'user' | 'group' | 'role' | 'policy';

export const entityArn = (accountId: string, kind: ArnKind, path: string, name: string) => `arn:${PARTITION}:iam::${accountId}:${kind}${path}${name}`;

export const sessionArn = (accountId: string, roleName: string, sessionName: string) =>
  `arn:${PARTITION}:sts::${accountId}:assumed-role/${roleName}/${sessionName}`;

export const rootArn = (accountId: string) => `arn:${PARTITION}:iam::${accountId}:root`;

export interface ParsedIamArn {
  /** A 12-digit account id, or `aws` for AWS managed policies. */
  accountId: string;
  kind: ArnKind;
  path: string;
  name: string;
}

const IAM_ARN = /^arn:aws:iam::(\d{12}|aws):(user|group|role|policy)(\/(?:[\u0021-\u007E]*\/)?)([\w+=,.@-]+)$/;

/** A well-formed IAM entity ARN, or undefined. */
export function parseIamArn(arn: string): ParsedIamArn | undefined {
  const m = IAM_ARN.exec(arn);
  if (!m) return undefined;
  const [, accountId, kind, path, name] = m as unknown as [string, string, ArnKind, string, string];
  // Only policies live in the `aws` account.
  if (accountId === 'aws' && kind !== 'policy') return undefined;
  return { accountId, kind, path, name };
}

/** Six colon-separated parts with a non-empty partition and service: the shape AWS parses as "an ARN". */
export function looksLikeArn(text: string): boolean {
  return /^arn:[^:]+:[^:]+:[^:]*:[^:]*:.+$/.test(text);
}

/** The name at the end of an entity ARN (paths come before it). */
export const nameOfArn = (arn: string) => arn.slice(arn.lastIndexOf('/') + 1);

/** Does `path` start with `prefix`? IAM path prefixes compare case-sensitively. */
export const underPath = (path: string, prefix: string | undefined) => prefix === undefined || path.startsWith(prefix);
