// The transfer port on PostgreSQL (store/transfer.ts). A reader is one REPEATABLE READ, READ ONLY
// transaction on a connection of its own: one snapshot of the whole store, consistent even while
// replicas go on writing, read kind by kind through a cursor. A writer is one transaction: the
// copy commits whole or not at all, with the tables' statistics taken in it (ANALYZE). Both lift the
// pool's statement bound for their own transaction (SET LOCAL): sorting a large table for the
// first FETCH, or inserting a large kind, may take longer than a request ever should; a pause
// between two statements (the other side of the copy being slow) stays bounded, generously.

import type pg from 'pg';
import {
  emptyCounts,
  RECORD_KINDS,
  TransferRecordError,
  type RecordCounts,
  type RecordKind,
  type TransferReader,
  type TransferRecord,
  type TransferRepository,
  type TransferWriter,
} from '../transfer.js';
import { RECORD_TABLES, deleteFrom } from '../tables.js';
import { UNBOUNDED_QUERY_MS, UNBOUNDED_STATEMENTS, type Database } from './database.js';
import { batchJson, exportedRecords, exportSql, INSERT_SQL } from './transfer-sql.js';

/** How long a transfer may pause between two statements before PostgreSQL ends it. */
const TRANSFER_IDLE_TIMEOUT = '10min';

type Client = pg.PoolClient;

/** A statement of this transfer, with the client-side bound lifted as the server-side one is. */
async function query<T extends pg.QueryResultRow = pg.QueryResultRow>(client: Client, text: string, values: unknown[] = []): Promise<pg.QueryResult<T>> {
  // query_timeout is a client-side bound of node-postgres: per statement, it overrides the pool's.
  return client.query<T>({ text, values, query_timeout: UNBOUNDED_QUERY_MS } as pg.QueryConfig);
}

async function begin(db: Database, statement: string): Promise<Client> {
  const client = await db.pool.connect();
  try {
    await query(client, statement);
    await query(client, UNBOUNDED_STATEMENTS);
    await query(client, `SET LOCAL idle_in_transaction_session_timeout = '${TRANSFER_IDLE_TIMEOUT}'`);
    return client;
  } catch (error) {
    client.release(true);
    throw error;
  }
}

/** Ends the transaction and gives the connection back (closed, when the end failed). */
async function end(client: Client, statement: 'COMMIT' | 'ROLLBACK'): Promise<void> {
  try {
    await query(client, statement);
    client.release();
  } catch (error) {
    client.release(true);
    throw error;
  }
}

async function counts(client: Client, sessionsAfter: number): Promise<RecordCounts> {
  const result = emptyCounts();
  for (const kind of RECORD_KINDS) {
    const { rows } = await query<{ n: number }>(client, `SELECT count(*) AS n FROM (${exportSql(kind, sessionsAfter)}) AS r`);
    result[kind] = Number(rows[0]?.n ?? 0);
  }
  return result;
}

class PgTransferReader implements TransferReader {
  private ended = false;

  constructor(
    private readonly client: Client,
    private readonly sessionsAfter: number,
  ) {}

  counts(): Promise<RecordCounts> {
    return counts(this.client, this.sessionsAfter);
  }

  async *records<K extends RecordKind>(kind: K, batchSize: number): AsyncIterable<Array<TransferRecord<K>>> {
    const size = Math.max(1, Math.trunc(batchSize));
    await query(this.client, `DECLARE kura_transfer NO SCROLL CURSOR FOR ${exportSql(kind, this.sessionsAfter)}`);
    let failed = false;
    try {
      for (;;) {
        const { rows } = await query(this.client, `FETCH FORWARD ${size} FROM kura_transfer`);
        if (rows.length > 0) yield exportedRecords(kind, rows);
        if (rows.length < size) return;
      }
    } catch (error) {
      failed = true;
      throw error;
    } finally {
      // After a failed statement the transaction is aborted and the cursor gone with it.
      if (!failed) await query(this.client, 'CLOSE kura_transfer');
    }
  }

  async close(): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    await end(this.client, 'ROLLBACK');
  }
}

class PgTransferWriter implements TransferWriter {
  private ended = false;

  constructor(private readonly client: Client) {}

  counts(): Promise<RecordCounts> {
    return counts(this.client, Number.MIN_SAFE_INTEGER);
  }

  async clear(): Promise<void> {
    this.check();
    for (const table of RECORD_TABLES) await query(this.client, deleteFrom(table));
  }

  async write<K extends RecordKind>(kind: K, records: ReadonlyArray<TransferRecord<K>>): Promise<void> {
    this.check();
    if (records.length === 0) return;
    const { rowCount } = await query(this.client, INSERT_SQL[kind], [batchJson(kind, records)]);
    // An insert that joins its parent by natural key inserts fewer rows when a parent is missing.
    if ((rowCount ?? 0) !== records.length) {
      throw new TransferRecordError(kind, `${records.length - (rowCount ?? 0)} of ${records.length} name a parent the store does not have`);
    }
  }

  async commit(): Promise<void> {
    // Statistics for what was just loaded, committed with it: without them the planner takes the
    // tables for empty and looks names up through the wrong index until autovacuum analyses them
    // (0.8 ms instead of 0.02 ms a lookup with 3,000 parameters). Rows this transaction wrote count.
    if (!this.ended) await query(this.client, `ANALYZE ${RECORD_TABLES.join(', ')}`);
    return this.finish('COMMIT');
  }

  rollback(): Promise<void> {
    return this.finish('ROLLBACK');
  }

  private check(): void {
    if (this.ended) throw new Error('the transfer writer has ended');
  }

  private async finish(statement: 'COMMIT' | 'ROLLBACK'): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    await end(this.client, statement);
  }
}

export class PgTransfer implements TransferRepository {
  constructor(private readonly db: Database) {}

  async read(options: { sessionsValidAt: Date }): Promise<TransferReader> {
    const client = await begin(this.db, 'BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    try {
      // The snapshot is taken by the transaction's first query, not by BEGIN: take it now.
      await query(client, 'SELECT count(*) FROM schema_migrations');
    } catch (error) {
      client.release(true);
      throw error;
    }
    return new PgTransferReader(client, options.sessionsValidAt.getTime());
  }

  async write(): Promise<TransferWriter> {
    const client = await begin(this.db, 'BEGIN');
    try {
      // Taken first, as every IAM write does (iam-generation.ts): a replica's IAM write waits for
      // the copy instead of deadlocking with it, and the generation moves for whatever it kept.
      await query(client, 'UPDATE iam_generation SET value = value + 1 WHERE id = 1');
    } catch (error) {
      client.release(true);
      throw error;
    }
    return new PgTransferWriter(client);
  }
}

/** Whether the database (the URL's schema) holds Kura's tables at all, without creating them. */
export async function holdsKuraSchema(db: Database): Promise<boolean> {
  const row = await db.row<{ found: string | null }>("SELECT to_regclass('schema_migrations')::text AS found");
  return row?.found != null;
}
