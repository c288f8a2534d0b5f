// SessionRepository on PostgreSQL: STS sessions by access key id. Every request signed with STS
// credentials looks its session up, and reads it from the database each time (other replicas
// issue and sweep sessions too). Sessions do not move the IAM generation: a session's own
// policies live in its record, fixed for life.

import type { SessionRecord, SessionRepository } from '../sessions.js';
import { SESSION_COLUMNS, toSession, type SessionRow } from '../session-rows.js';
import type { Database } from './database.js';

const COLUMNS = SESSION_COLUMNS;

// One statement: saving a session under an id already there replaces it whole, whichever replica
// wrote it first.
const SAVE = `INSERT INTO sts_sessions (${COLUMNS})
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13::text[], $14, $15::jsonb, $16, $17, $18)
  ON CONFLICT (access_key_id) DO UPDATE SET account_id = excluded.account_id, secret_ciphertext = excluded.secret_ciphertext,
    session_token_hash = excluded.session_token_hash, kind = excluded.kind, principal_arn = excluded.principal_arn,
    principal_id = excluded.principal_id, role_arn = excluded.role_arn, role_name = excluded.role_name,
    session_name = excluded.session_name, source_principal_arn = excluded.source_principal_arn,
    session_policy = excluded.session_policy, session_policy_arns = excluded.session_policy_arns,
    source_identity = excluded.source_identity, tags = excluded.tags, chained = excluded.chained,
    issued_at = excluded.issued_at, expiration = excluded.expiration`;
const FIND = `SELECT ${COLUMNS} FROM sts_sessions WHERE access_key_id = $1`;
const DELETE_EXPIRED = 'DELETE FROM sts_sessions WHERE expiration < $1';

export class PgSessionRepository implements SessionRepository {
  constructor(private readonly db: Database) {}

  async save(s: SessionRecord): Promise<void> {
    await this.db.run(SAVE, [
      s.accessKeyId, s.accountId, s.secretCiphertext, s.sessionTokenHash, s.kind, s.principalArn, s.principalId, s.roleArn,
      s.roleName, s.sessionName, s.sourcePrincipalArn, s.sessionPolicy, s.sessionPolicyArns, s.sourceIdentity,
      JSON.stringify(s.tags.map((t) => [t.key, t.value])), s.chained, s.issuedAt.getTime(), s.expiration.getTime(),
    ]);
  }

  async find(accessKeyId: string): Promise<SessionRecord | undefined> {
    const row = await this.db.row<SessionRow>(FIND, [accessKeyId]);
    return row && toSession(row);
  }

  deleteExpired(now: Date): Promise<number> {
    return this.db.run(DELETE_EXPIRED, [now.getTime()]);
  }
}
