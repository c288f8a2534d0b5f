// The authenticated caller, as the identity layer resolves it from the credentials a request was
// signed with, and as every operation, policy evaluation and audit record sees it.

export interface Principal {
  /** e.g. arn:aws:iam::123456789012:user/admin or arn:aws:sts::123456789012:assumed-role/r/s */
  arn: string;
  accountId: string;
  /** The unique id AWS reports as UserId (AIDA… for users, AROA…:session for roles). */
  userId: string;
  accessKeyId: string;
  /** How the caller authenticated: an IAM user's key (the default), or STS temporary credentials. */
  kind?: 'user' | 'assumed-role' | 'session-token';
  /** Role sessions: the role behind the session. */
  roleArn?: string;
  roleName?: string;
  sessionName?: string;
  /** Temporary credentials: when they were issued, and whether a role session is in their chain. */
  issuedAt?: Date;
  chained?: boolean;
}
