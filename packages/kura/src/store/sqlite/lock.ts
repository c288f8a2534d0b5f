// One Kura process at a time per database. The lock is a small SQLite file beside the database
// (`kura.db.lock`) held in an exclusive transaction for as long as the store is open. It is an OS
// file lock, so it goes away with the process however the process ends (kill -9 included): a
// crash never leaves a stale lock behind. Readers that only copy the database (`kura backup`) do
// not take it.
//
// Why it matters beyond "two servers would fight": a store that knows it is the only writer can
// keep what it last read of rarely-changing state (the IAM generation) until its own next write.

import { closeSync, openSync } from 'node:fs';
import Database from 'better-sqlite3';

export class DatabaseInUseError extends Error {
  constructor(readonly databasePath: string) {
    super(`${databasePath} is in use by another Kura process (its lock file ${databasePath}.lock is held); stop that process first`);
    this.name = 'DatabaseInUseError';
  }
}

export interface DatabaseLock {
  release(): void;
}

export function lockDatabase(databasePath: string): DatabaseLock {
  const lockPath = `${databasePath}.lock`;
  try {
    closeSync(openSync(lockPath, 'wx', 0o600));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const db = new Database(lockPath, { timeout: 0 });
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE');
  } catch (error) {
    db.close();
    if ((error as { code?: unknown }).code === 'SQLITE_BUSY') throw new DatabaseInUseError(databasePath);
    throw error;
  }
  let released = false;
  return {
    release() {
      if (released) return;
      released = true;
      db.close();
    },
  };
}
