// MetaRepository on SQLite. One process writes a SQLite database, but the contract is the same as
// PostgreSQL's: compare-or-record and claim are single statements in one write each.

import { KEY_CHECK, type KeyCheckOutcome, type MetaRepository } from '../meta.js';
import type { Backend } from './connection.js';

export class SqliteMetaRepository implements MetaRepository {
  constructor(private readonly backend: Backend) {}

  checkMasterKey(check: Buffer): Promise<KeyCheckOutcome> {
    return this.backend.write((c) => {
      const recorded = c.column('SELECT value FROM kura_meta WHERE key = ?').get(KEY_CHECK) as Buffer | undefined;
      if (recorded === undefined) {
        c.sql('INSERT INTO kura_meta (key, value) VALUES (?, ?)').run(KEY_CHECK, check);
        return 'recorded';
      }
      return Buffer.compare(recorded, check) === 0 ? 'matches' : 'differs';
    });
  }

  claimJob(name: string, now: Date, everyMs: number): Promise<boolean> {
    return this.backend.write((c) => {
      const claimed = c
        .sql('INSERT INTO kura_jobs (name, last_run) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET last_run = excluded.last_run WHERE kura_jobs.last_run <= ?')
        .run(name, now.getTime(), now.getTime() - everyMs);
      return claimed.changes === 1;
    });
  }
}
