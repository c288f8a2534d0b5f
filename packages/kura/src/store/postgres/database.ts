// How the repositories reach PostgreSQL: a pool of connections, each statement a named (prepared
// once per connection) query, and each store method one transaction on one connection. Nothing is
// cached between requests: several Kura replicas share the database, and what one of them wrote
// must be what the next request to any other reads.

import pg from 'pg';

/** One statement's text and values; the text doubles as the prepared statement's identity. */
export type Values = readonly unknown[];

/** What a repository method runs its statements on: the pool, or the connection of its transaction. */
export interface Queryable {
  rows<T>(text: string, values?: Values): Promise<T[]>;
  /** The first row, or undefined. */
  row<T>(text: string, values?: Values): Promise<T | undefined>;
  /** Runs a statement for its effect; the number of rows it touched. */
  run(text: string, values?: Values): Promise<number>;
  /** Runs several statements without values (schema migrations), as one simple query. */
  script(text: string): Promise<void>;
}

// bigint columns (epoch milliseconds, counters) as numbers: every value Kura stores is far below 2^53.
const types = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === pg.types.builtins.INT8 ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

const names = new Map<string, string>();
/** A short stable name per statement text, so each connection prepares it once. */
function statementName(text: string): string {
  let name = names.get(text);
  if (!name) {
    name = `k${names.size}`;
    names.set(text, name);
  }
  return name;
}

function queryable(client: pg.Pool | pg.PoolClient): Queryable {
  const query = <T extends pg.QueryResultRow>(text: string, values: Values = []) =>
    client.query<T>({ name: statementName(text), text, values: values as unknown[] });
  return {
    rows: async <T>(text: string, values?: Values) => (await query(text, values)).rows as T[],
    row: async <T>(text: string, values?: Values) => (await query(text, values)).rows[0] as T | undefined,
    run: async (text: string, values?: Values) => (await query(text, values)).rowCount ?? 0,
    script: async (text: string) => {
      await client.query(text);
    },
  };
}

export interface DatabaseOptions {
  /** A libpq-style connection string: postgres://user[:password]@host[:port]/db[?sslmode=…]. */
  url: string;
  /** The schema Kura's tables live in (search_path); by default the URL's, else `public`. Tests use one per store. */
  schema?: string;
  /** Connections kept open at most. */
  maxConnections?: number;
  /** Bound on connecting, and on any one statement: a request never hangs on an unreachable database. */
  timeoutMs?: number;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export class Database implements Queryable {
  readonly pool: pg.Pool;
  private readonly q: Queryable;
  /** Work begun and not yet settled: close() lets it finish (pg-pool's end() strands queued checkouts). */
  private readonly inFlight = new Set<Promise<unknown>>();
  private closing: Promise<void> | undefined;

  constructor(options: DatabaseOptions) {
    const timeout = options.timeoutMs ?? 5_000;
    const schema = options.schema;
    if (schema !== undefined && !SCHEMA_NAME.test(schema)) throw new Error(`invalid schema name '${schema}': lower-case letters, digits and _ only`);
    this.pool = new pg.Pool({
      connectionString: options.url,
      max: options.maxConnections ?? 16,
      connectionTimeoutMillis: timeout,
      idleTimeoutMillis: 30_000,
      statement_timeout: timeout,
      query_timeout: timeout + 1_000,
      idle_in_transaction_session_timeout: timeout * 2,
      ...(schema !== undefined ? { options: `-c search_path=${schema}` } : {}),
      application_name: 'kura',
      types,
    });
    // An idle connection that the server drops (restart, failover) must not crash the process:
    // the pool discards it and opens another on the next request.
    this.pool.on('error', () => {});
    this.q = queryable(this.pool);
  }

  rows<T>(text: string, values?: Values): Promise<T[]> {
    return this.track(() => this.q.rows<T>(text, values));
  }

  row<T>(text: string, values?: Values): Promise<T | undefined> {
    return this.track(() => this.q.row<T>(text, values));
  }

  run(text: string, values?: Values): Promise<number> {
    return this.track(() => this.q.run(text, values));
  }

  script(text: string): Promise<void> {
    return this.track(() => this.q.script(text));
  }

  /** Refuses work once closing; otherwise runs it and remembers it until it settles. */
  private track<T>(work: () => Promise<T>): Promise<T> {
    if (this.closing) return Promise.reject(new Error('the PostgreSQL store is closed'));
    const running = work();
    this.inFlight.add(running);
    const settled = (): void => {
      this.inFlight.delete(running);
    };
    running.then(settled, settled);
    return running;
  }

  /**
   * Runs `op` in one transaction on one connection: committed if it returns, rolled back if it
   * throws. READ COMMITTED, as PostgreSQL's default: methods that decide on a row they read lock it
   * first (SELECT … FOR UPDATE), so two replicas deciding on one parameter take turns.
   */
  transaction<T>(op: (q: Queryable) => Promise<T>): Promise<T> {
    return this.track(() => this.transactionNow(op));
  }

  private async transactionNow<T>(op: (q: Queryable) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken = false;
    try {
      await client.query('BEGIN');
      const result = await op(queryable(client));
      await client.query('COMMIT');
      return result;
    } catch (error) {
      try {
        await client.query('ROLLBACK');
      } catch {
        broken = true;
      }
      throw error;
    } finally {
      // A connection whose rollback failed is in an unknown state: close it rather than reuse it.
      client.release(broken);
    }
  }

  /**
   * Lets the work already begun finish, then closes the pool; later work is refused. Ending the pool
   * at once would leave a request waiting for a connection unanswered forever.
   */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await Promise.allSettled([...this.inFlight]);
      await this.pool.end();
    })();
    return this.closing;
  }
}
