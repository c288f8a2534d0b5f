// The transfer port on SQLite (store/transfer.ts). A reader is one read transaction on the store's
// connection (WAL: a snapshot from its first read on); a writer is one IMMEDIATE transaction on it,
// outside the group-commit queue, because a copy is one transaction however many records it
// writes. Both expect the store to be otherwise idle, as it is in `kura migrate-store` and
// `kura backup`: the hooks drain the queue before a writer begins and make the store forget what it
// had read once the writer ends.

import type BetterSqlite3 from 'better-sqlite3';
import {
  emptyCounts,
  RECORD_KINDS,
  recordIdentity,
  TransferRecordError,
  type RecordCounts,
  type RecordKind,
  type TransferReader,
  type TransferRecord,
  type TransferRepository,
  type TransferWriter,
} from '../transfer.js';
import { CLEAR_SQL, exportSql, INSERT_SQL, recordToParams, rowToRecord } from './transfer-sql.js';

export interface TransferHooks {
  /** Commits whatever the store's own queue holds, so the writer's transaction can begin. */
  beforeWrite(): void;
  /** The store's data changed behind its back: drop every read it kept. */
  afterWrite(): void;
}

function counts(db: BetterSqlite3.Database, sessionsAfter: number): RecordCounts {
  const result = emptyCounts();
  for (const kind of RECORD_KINDS) result[kind] = Number(db.prepare(`SELECT count(*) FROM (${exportSql(kind, sessionsAfter)})`).pluck().get());
  return result;
}

function beginOnce(db: BetterSqlite3.Database, statement: string): void {
  // One connection, one transaction: a second reader or writer on the same store would share it.
  if (db.inTransaction) throw new Error('the SQLite store is already in a transaction: one transfer reader or writer at a time');
  db.exec(statement);
}

class SqliteTransferReader implements TransferReader {
  private open = true;

  constructor(
    private readonly db: BetterSqlite3.Database,
    private readonly sessionsAfter: number,
  ) {
    beginOnce(db, 'BEGIN');
    // A deferred transaction takes its snapshot at its first read: take it now.
    db.prepare('SELECT count(*) FROM schema_migrations').get();
  }

  counts(): Promise<RecordCounts> {
    return Promise.resolve(counts(this.db, this.sessionsAfter));
  }

  async *records<K extends RecordKind>(kind: K, batchSize: number): AsyncIterable<Array<TransferRecord<K>>> {
    const statement = this.db.prepare(exportSql(kind, this.sessionsAfter));
    let batch: Array<TransferRecord<K>> = [];
    for (const row of statement.iterate() as Iterable<Record<string, unknown>>) {
      batch.push(rowToRecord(kind, row));
      if (batch.length >= batchSize) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
  }

  close(): Promise<void> {
    if (this.open && this.db.inTransaction) this.db.exec('ROLLBACK');
    this.open = false;
    return Promise.resolve();
  }
}

class SqliteTransferWriter implements TransferWriter {
  private open = true;

  constructor(
    private readonly db: BetterSqlite3.Database,
    private readonly hooks: TransferHooks,
  ) {
    hooks.beforeWrite();
    beginOnce(db, 'BEGIN IMMEDIATE');
    try {
      // Whatever kept a policy set for the old generation must not match again.
      db.exec('UPDATE iam_generation SET value = value + 1 WHERE id = 1');
    } catch (error) {
      db.exec('ROLLBACK');
      throw error;
    }
  }

  counts(): Promise<RecordCounts> {
    return Promise.resolve(counts(this.db, Number.MIN_SAFE_INTEGER));
  }

  clear(): Promise<void> {
    this.check();
    for (const sql of CLEAR_SQL) this.db.exec(sql);
    return Promise.resolve();
  }

  write<K extends RecordKind>(kind: K, records: ReadonlyArray<TransferRecord<K>>): Promise<void> {
    try {
      this.check();
      const statement = this.db.prepare(INSERT_SQL[kind]);
      for (const record of records) {
        // An insert that finds its parent by natural key inserts nothing when the parent is missing.
        if (statement.run(recordToParams(kind, record)).changes !== 1) {
          throw new TransferRecordError(kind, `${recordIdentity(record)} names a parent the store does not have`);
        }
      }
      return Promise.resolve();
    } catch (error) {
      return Promise.reject(error);
    }
  }

  commit(): Promise<void> {
    return this.end('COMMIT');
  }

  rollback(): Promise<void> {
    return this.end('ROLLBACK');
  }

  private check(): void {
    if (!this.open) throw new Error('the transfer writer has ended');
  }

  private end(statement: 'COMMIT' | 'ROLLBACK'): Promise<void> {
    if (!this.open) return Promise.resolve();
    this.open = false;
    try {
      if (this.db.inTransaction) this.db.exec(statement);
      return Promise.resolve();
    } catch (error) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      return Promise.reject(error);
    } finally {
      this.hooks.afterWrite();
    }
  }
}

export class SqliteTransfer implements TransferRepository {
  constructor(
    private readonly db: BetterSqlite3.Database,
    private readonly hooks: TransferHooks,
  ) {}

  read(options: { sessionsValidAt: Date }): Promise<TransferReader> {
    try {
      return Promise.resolve(new SqliteTransferReader(this.db, options.sessionsValidAt.getTime()));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  write(): Promise<TransferWriter> {
    try {
      return Promise.resolve(new SqliteTransferWriter(this.db, this.hooks));
    } catch (error) {
      return Promise.reject(error);
    }
  }
}
