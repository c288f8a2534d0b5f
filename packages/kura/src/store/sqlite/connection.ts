// How the repositories reach SQLite: reads run at once against committed data; writes go through
// the group-commit queue. Statements are prepared once per connection and reused.

import type BetterSqlite3 from 'better-sqlite3';
import type { WriteQueue } from './write-queue.js';

export type Statement = BetterSqlite3.Statement<unknown[], unknown>;

export class Connection {
  private readonly statements = new Map<string, Statement>();

  constructor(readonly db: BetterSqlite3.Database) {}

  sql(source: string): Statement {
    return this.cached(source, false);
  }

  /** The same, returning each row's first column alone (pluck mode is a statement-wide switch). */
  column(source: string): Statement {
    return this.cached(source, true);
  }

  private cached(source: string, pluck: boolean): Statement {
    const key = pluck ? `pluck:${source}` : source;
    let statement = this.statements.get(key);
    if (!statement) {
      statement = this.db.prepare(source);
      if (pluck) statement.pluck();
      this.statements.set(key, statement);
    }
    return statement;
  }
}

export class Backend {
  constructor(
    private readonly connection: Connection,
    readonly queue: WriteQueue,
    /** True when no other process can write this database (lock.ts): what was read stays true until our next write. */
    readonly soleWriter = false,
  ) {}

  /**
   * Runs `op` now, on committed data: write batches run start to finish inside one callback, so a
   * read never meets an open transaction (the check below guards that), and nothing of this
   * process writes between the statements of one synchronous `op`.
   */
  read<T>(op: (c: Connection) => T): Promise<T> {
    try {
      if (this.connection.db.inTransaction) throw new Error('a read ran inside an open write transaction');
      return Promise.resolve(op(this.connection));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** Queues `op` for the next group commit; settles once that commit is durable. */
  write<T>(op: (c: Connection) => T): Promise<T> {
    return this.queue.run(() => op(this.connection));
  }
}
