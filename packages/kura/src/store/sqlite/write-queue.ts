// Group commit. With synchronous=FULL every COMMIT costs an fsync, which dwarfs the work of a write,
// so writes issued in the same event-loop turn share one transaction and one fsync. Each write runs
// inside its own SAVEPOINT: a failing write undoes only its own changes and rejects only its own
// promise. No promise settles before the COMMIT that made its write durable.
//
// better-sqlite3 is synchronous, so a batch (BEGIN … COMMIT) runs start to finish inside one
// callback: no other JavaScript, and therefore no read, can observe the open transaction.

import type BetterSqlite3 from 'better-sqlite3';

/**
 * The store hit an I/O failure at commit and refuses writes until it is reopened: after a failed
 * fsync the OS may have dropped the unwritten pages, so a retry could report success for lost data.
 */
export class StoreFailedError extends Error {
  constructor(cause: unknown) {
    super('the store failed to write durably and accepts no more writes until restarted', { cause });
    this.name = 'StoreFailedError';
  }
}

export class StoreClosedError extends Error {
  constructor() {
    super('the store is closed');
    this.name = 'StoreClosedError';
  }
}

interface Pending {
  op: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

// Retrying an fsync after it failed can report success for data that never reached the disk
// (PostgreSQL's "fsyncgate"), so these errors stop all writing instead.
function isFatal(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_CORRUPT'));
}

export class WriteQueue {
  private pending: Pending[] = [];
  private scheduled: NodeJS.Immediate | undefined;
  private closed = false;
  private readonly begin: BetterSqlite3.Statement<[]>;
  private readonly commitStmt: BetterSqlite3.Statement<[]>;
  private readonly rollback: BetterSqlite3.Statement<[]>;
  private readonly savepoint: BetterSqlite3.Statement<[]>;
  private readonly release: BetterSqlite3.Statement<[]>;
  private readonly rollbackTo: BetterSqlite3.Statement<[]>;
  /** Set after a fatal I/O error; every later write is refused. */
  failure: StoreFailedError | undefined;
  /** Transactions committed so far (for tests and metrics). */
  commits = 0;
  /** Moves after every batch, committed or not: a value read before it may be stale after it. */
  epoch = 0;

  constructor(
    private readonly db: BetterSqlite3.Database,
    private readonly maxBatch = 1000,
  ) {
    this.begin = db.prepare('BEGIN IMMEDIATE');
    this.commitStmt = db.prepare('COMMIT');
    this.rollback = db.prepare('ROLLBACK');
    this.savepoint = db.prepare('SAVEPOINT write_op');
    this.release = db.prepare('RELEASE write_op');
    this.rollbackTo = db.prepare('ROLLBACK TO write_op');
  }

  /** Queues `op` for the next batch; it runs on the writer connection inside a transaction. */
  run<T>(op: () => T): Promise<T> {
    if (this.closed) return Promise.reject(new StoreClosedError());
    if (this.failure) return Promise.reject(this.failure);
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ op, resolve: resolve as (value: unknown) => void, reject });
      // setImmediate, not a microtask: it runs after the poll phase, so every request whose bytes
      // arrived in this loop iteration (and every write made during the last commit) joins the batch.
      this.scheduled ??= setImmediate(() => this.flushOne());
    });
  }

  /** Commits everything queued, synchronously; later `run` calls are refused. */
  close(): void {
    this.drain();
    this.closed = true;
  }

  /** Commits everything queued now, in batches of at most maxBatch. */
  drain(): void {
    if (this.scheduled) clearImmediate(this.scheduled);
    this.scheduled = undefined;
    while (this.pending.length > 0) this.commitBatch(this.pending.splice(0, this.maxBatch));
  }

  private flushOne(): void {
    this.scheduled = undefined;
    this.commitBatch(this.pending.splice(0, this.maxBatch));
    // Leftovers wait one turn, so reads and I/O are not starved behind a huge backlog.
    if (this.pending.length > 0) this.scheduled = setImmediate(() => this.flushOne());
  }

  private commitBatch(batch: Pending[]): void {
    if (batch.length === 0) return;
    if (this.failure) return this.rejectAll(batch, this.failure);
    const settle: Array<() => void> = [];
    try {
      this.begin.run();
      for (const pending of batch) settle.push(this.runOne(pending));
      this.commitStmt.run();
    } catch (error) {
      this.epoch += 1;
      if (this.db.inTransaction) {
        try {
          this.rollback.run();
        } catch {
          // The original error says more than the failed rollback; SQLite rolls back on reopen.
        }
      }
      if (isFatal(error)) this.failure = new StoreFailedError(error);
      return this.rejectAll(batch, this.failure ?? error);
    }
    this.commits += 1;
    this.epoch += 1;
    for (const done of settle) done();
  }

  /** Runs one operation in its savepoint; returns how to settle its promise once committed. */
  private runOne(pending: Pending): () => void {
    this.savepoint.run();
    let value: unknown;
    try {
      value = pending.op();
    } catch (error) {
      // Some errors (disk full, I/O) make SQLite roll back the whole transaction: the earlier
      // operations of this batch are gone too, so the batch as a whole must fail.
      if (!this.db.inTransaction) throw error;
      this.rollbackTo.run();
      this.release.run();
      return () => pending.reject(error);
    }
    this.release.run();
    return () => pending.resolve(value);
  }

  private rejectAll(batch: Pending[], error: unknown): void {
    for (const pending of batch) pending.reject(error);
  }
}
