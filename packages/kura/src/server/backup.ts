// Backups: the data store only. The master key is deliberately left out, so a leaked backup alone
// decrypts nothing. SQLite is copied page by page (SQLite's backup API); PostgreSQL is copied record
// by record into a new SQLite database file (the transfer port, store/transfer-copy.ts): one
// snapshot of the database, safe while replicas serve, verified by count and checksum, and a file
// that `kura migrate-store --from FILE --to …` restores into either backend (or that a server
// serves directly, as <data>/kura.db).

import { closeSync, existsSync, openSync, rmSync } from 'node:fs';
import path from 'node:path';
import { backupSqliteFile } from '../store/sqlite/backup.js';
import { openSqliteStore } from '../store/sqlite/index.js';
import { copyStore } from '../store/transfer-copy.js';
import type { StoreSummary } from '../store/transfer-digest.js';
import { openSourceStore } from './store-location.js';

export async function backupDataDir(dataDir: string, out: string): Promise<{ pages: number }> {
  const db = path.join(dataDir, 'kura.db');
  if (!existsSync(db)) throw new Error(`no Kura data in ${dataDir}`);
  return backupSqliteFile(db, out);
}

/** Copies the PostgreSQL store at `url` into a new SQLite file `out` (mode 0600); `now` drops expired STS sessions. */
export async function backupPostgresStore(url: string, out: string, now = new Date()): Promise<StoreSummary> {
  // Claimed before anything is read: a file that exists is never overwritten, even by a race.
  try {
    closeSync(openSync(out, 'wx', 0o600));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new Error(`${out} exists already; choose a new file`, { cause: error });
    throw error;
  }
  let done = false;
  try {
    const source = await openSourceStore({ backend: 'postgres', url });
    try {
      // No process lock: the file is new and nobody else knows of it yet.
      const target = openSqliteStore({ path: out });
      try {
        const { copied } = await copyStore(source.transfer, target.transfer, { now, replace: false });
        done = true;
        return copied;
      } finally {
        await target.close();
      }
    } finally {
      await source.close();
    }
  } finally {
    if (!done) for (const file of [out, `${out}-wal`, `${out}-shm`]) rmSync(file, { force: true });
  }
}
