// MetaRepository on PostgreSQL, where several replicas call it at once: the key check is recorded
// with INSERT … ON CONFLICT DO NOTHING and then read, so every replica compares with the one value
// that won; a job is claimed by a conditional upsert, which exactly one replica's row lock passes.

import { KEY_CHECK, type KeyCheckOutcome, type MetaRepository } from '../meta.js';
import type { Database } from './database.js';

export const META_SCHEMA = `
CREATE TABLE kura_meta (
  key   text PRIMARY KEY,
  value bytea NOT NULL
);
CREATE TABLE kura_jobs (
  name     text PRIMARY KEY,
  last_run bigint NOT NULL
);
`;

export class PgMetaRepository implements MetaRepository {
  constructor(private readonly db: Database) {}

  async checkMasterKey(check: Buffer): Promise<KeyCheckOutcome> {
    const inserted = await this.db.run('INSERT INTO kura_meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING', [KEY_CHECK, check]);
    if (inserted === 1) return 'recorded';
    const row = await this.db.row<{ value: Buffer }>('SELECT value FROM kura_meta WHERE key = $1', [KEY_CHECK]);
    return row !== undefined && Buffer.compare(row.value, check) === 0 ? 'matches' : 'differs';
  }

  async claimJob(name: string, now: Date, everyMs: number): Promise<boolean> {
    const claimed = await this.db.run(
      'INSERT INTO kura_jobs (name, last_run) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET last_run = EXCLUDED.last_run WHERE kura_jobs.last_run <= $3',
      [name, now.getTime(), now.getTime() - everyMs],
    );
    return claimed === 1;
  }
}
