// STS sessions port: the temporary credentials STS issued, looked up by access key id on every
// request signed with them. Each method is one atomic step, like the other ports. Sessions do not
// move the IAM generation: a session's own policies live in its record, fixed for life.

import type { IamTag } from './iam-types.js';

/** Temporary credentials issued by STS. The secret is wrapped by the keyring; the token is hashed. */
export interface SessionRecord {
  accessKeyId: string;
  accountId: string;
  secretCiphertext: Buffer;
  /** SHA-256 of the session token (hex): the token itself is never stored. */
  sessionTokenHash: string;
  kind: 'assumed-role' | 'session-token';
  /** The principal the credentials act as: arn:aws:sts::A:assumed-role/R/S, or the user ARN for GetSessionToken. */
  principalArn: string;
  /** AROA…:session for role sessions; the user's id for GetSessionToken. */
  principalId: string;
  /** Role sessions: the role's ARN and name. */
  roleArn: string | null;
  roleName: string | null;
  sessionName: string | null;
  /** Who asked for the credentials (for audit and role chaining). */
  sourcePrincipalArn: string;
  /** Session policy JSON and policy ARNs that narrow the session (AssumeRole Policy / PolicyArns). */
  sessionPolicy: string | null;
  sessionPolicyArns: string[];
  sourceIdentity: string | null;
  tags: IamTag[];
  /** True when the chain that made these credentials passed through a role session (1 h cap). */
  chained: boolean;
  issuedAt: Date;
  expiration: Date;
}

export interface SessionRepository {
  /** Inserts or replaces the session with this access key id. */
  save(session: SessionRecord): Promise<void>;
  find(accessKeyId: string): Promise<SessionRecord | undefined>;
  /** Removes sessions that expired before `now`; returns how many. */
  deleteExpired(now: Date): Promise<number>;
}
