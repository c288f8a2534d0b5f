// SessionRepository on SQLite: STS sessions by access key id. Every request signed with STS
// credentials looks its session up, so what was read is kept for the write epoch (epoch-cache.ts).

import type { SessionRecord, SessionRepository } from '../sessions.js';
import type { Backend } from './connection.js';
import { cachedRead, createRecordCache } from './epoch-cache.js';
import type { IamGeneration } from './iam-generation.js';
import { IDENTITY_READ_SQL as SQL } from './identity-sql.js';
import { SESSION_COLUMNS, toSession, type SessionRow } from '../session-rows.js';

const SAVE = `INSERT OR REPLACE INTO sts_sessions (${SESSION_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

export class SqliteSessionRepository implements SessionRepository {
  private readonly found = createRecordCache<SessionRecord>();

  constructor(
    private readonly backend: Backend,
    /** Session writes do not move the IAM generation; they go through it all the same (iam-generation.ts). */
    private readonly iam: IamGeneration,
  ) {}

  save(s: SessionRecord): Promise<void> {
    return this.iam.write((c) => {
      c.sql(SAVE).run(s.accessKeyId, s.accountId, s.secretCiphertext, s.sessionTokenHash, s.kind, s.principalArn, s.principalId, s.roleArn,
        s.roleName, s.sessionName, s.sourcePrincipalArn, s.sessionPolicy, JSON.stringify(s.sessionPolicyArns), s.sourceIdentity,
        JSON.stringify(s.tags.map((t) => [t.key, t.value])), s.chained ? 1 : 0, s.issuedAt.getTime(), s.expiration.getTime());
    });
  }

  find(accessKeyId: string): Promise<SessionRecord | undefined> {
    return cachedRead(this.backend, this.found, accessKeyId, (c) => {
      const row = c.sql(SQL.session).get(accessKeyId) as SessionRow | undefined;
      return row && toSession(row);
    });
  }

  deleteExpired(now: Date): Promise<number> {
    return this.iam.write((c) => c.sql('DELETE FROM sts_sessions WHERE expiration < ?').run(now.getTime()).changes);
  }
}
