// An STS session's row, as both backends store and select it (sqlite/sessions.ts,
// postgres/sessions.ts), and its one mapping to the port's record. How a column arrives from each
// backend is rows.ts's concern.

import type { SessionRecord } from './sessions.js';
import { flag, listed, type Flag, type Listed } from './rows.js';

/** The columns of sts_sessions in the order both backends' statements name them. */
export const SESSION_COLUMNS = `access_key_id, account_id, secret_ciphertext, session_token_hash, kind, principal_arn,
  principal_id, role_arn, role_name, session_name, source_principal_arn, session_policy, session_policy_arns, source_identity,
  tags, chained, issued_at, expiration`;

export interface SessionRow {
  access_key_id: string;
  account_id: string;
  secret_ciphertext: Buffer;
  session_token_hash: string;
  kind: string;
  principal_arn: string;
  principal_id: string;
  role_arn: string | null;
  role_name: string | null;
  session_name: string | null;
  source_principal_arn: string;
  session_policy: string | null;
  session_policy_arns: Listed<string>;
  source_identity: string | null;
  /** [key, value] pairs in the order they were given (JSON text and jsonb both keep an array's order). */
  tags: Listed<[string, string]>;
  chained: Flag;
  issued_at: number;
  expiration: number;
}

export function toSession(row: SessionRow): SessionRecord {
  return {
    accessKeyId: row.access_key_id,
    accountId: row.account_id,
    secretCiphertext: row.secret_ciphertext,
    sessionTokenHash: row.session_token_hash,
    kind: row.kind as SessionRecord['kind'],
    principalArn: row.principal_arn,
    principalId: row.principal_id,
    roleArn: row.role_arn,
    roleName: row.role_name,
    sessionName: row.session_name,
    sourcePrincipalArn: row.source_principal_arn,
    sessionPolicy: row.session_policy,
    sessionPolicyArns: listed(row.session_policy_arns),
    sourceIdentity: row.source_identity,
    // Session tags keep the order they were passed in: STS reports them as given.
    tags: listed(row.tags).map(([key, value]) => ({ key, value })),
    chained: flag(row.chained),
    issuedAt: new Date(row.issued_at),
    expiration: new Date(row.expiration),
  };
}
