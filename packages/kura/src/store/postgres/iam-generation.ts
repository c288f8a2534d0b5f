// The IAM generation (PolicyRepository.generation) on PostgreSQL, and how every IAM write runs.
//
// Several replicas share the database, so the generation is read from its row on every call: a
// replica that kept the number would go on serving policy sets built before another replica's
// write. Calls made while a read is on its way share the next read (shared-read.ts), which is sent
// after all of them asked and so is as fresh for each as a read of its own. Every IAM write that
// changes anything bumps it in its own transaction, so the number moves exactly when the change
// commits, for every replica at once.
//
// Every IAM write also locks that row before it reads anything. IAM writes are rare control-plane
// calls, and each one that changes something has to take this row's lock for its bump anyway;
// taking it first means each check-then-act step (a name free, a quota not reached, nothing left
// that blocks a delete, the next version number) is decided with no other IAM writer in between,
// on any replica: the guarantee SQLite's single writer gives, without per-row lock orders that
// could deadlock (the lock is always the first one an IAM write takes).

import type { Database, Queryable } from './database.js';
import { sharedRead, type Read } from './shared-read.js';

const LOCK = 'SELECT value FROM iam_generation WHERE id = 1 FOR UPDATE';
const BUMP = 'UPDATE iam_generation SET value = value + 1 WHERE id = 1';
const READ = 'SELECT value FROM iam_generation WHERE id = 1';

/** Runs one IAM write step as one transaction, holding the IAM write lock from its first statement. */
export function iamWrite<T>(db: Database, op: (q: Queryable) => Promise<T>): Promise<T> {
  return db.transaction(async (q) => {
    await q.run(LOCK);
    return op(q);
  });
}

/** Moves the generation on; called by a write step once it has changed IAM state. */
export async function bumpGeneration(q: Queryable): Promise<void> {
  await q.run(BUMP);
}

async function readNow(db: Database): Promise<number> {
  const row = await db.row<{ value: number }>(READ);
  // The row is created with the schema and never deleted: its absence is a broken database.
  if (!row) throw new Error('iam_generation has no row: the schema is incomplete');
  return row.value;
}

const readers = new WeakMap<Database, Read<number>>();

/** The committed generation, read by a statement sent after this call. */
export function readGeneration(db: Database): Promise<number> {
  let read = readers.get(db);
  if (!read) {
    read = sharedRead(() => readNow(db));
    readers.set(db, read);
  }
  return read();
}
