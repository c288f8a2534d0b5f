// How the repositories reach PostgreSQL: a pool of connections, each statement a named (prepared
// once per connection) query, and each store method one transaction on one connection. Nothing is
// cached between requests: several Kura replicas share the database, and what one of them wrote
// must be what the next request to any other reads.

import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { Availability, type AvailabilityChange } from './availability.js';
import { connectWithin } from './connect.js';
import { asStoreFailure, isUnavailability, isWorthReconnecting } from './failures.js';

export type { AvailabilityChange } from './availability.js';

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

/**
 * Lifts the server's bound on each statement for the rest of one transaction: schema migrations,
 * whole-store copies and a master-key rotation may rightly take longer than any request should.
 */
export const UNBOUNDED_STATEMENTS = 'SET LOCAL statement_timeout = 0';
/** The client-side bound to match: the longest a timer waits (node-postgres reads 0 as "the pool's"). */
export const UNBOUNDED_QUERY_MS = 2 ** 31 - 1;

/** Statements on `client`; `queryTimeoutMs` replaces the pool's client-side bound for each. */
function queryable(client: pg.PoolClient, queryTimeoutMs?: number): Queryable {
  const bound = queryTimeoutMs === undefined ? {} : { query_timeout: queryTimeoutMs };
  const query = <T extends pg.QueryResultRow>(text: string, values: Values = []) =>
    client.query<T>({ name: statementName(text), text, values: values as unknown[], ...bound } as pg.QueryConfig);
  return {
    rows: async <T>(text: string, values?: Values) => (await query(text, values)).rows as T[],
    row: async <T>(text: string, values?: Values) => (await query(text, values)).rows[0] as T | undefined,
    run: async (text: string, values?: Values) => (await query(text, values)).rowCount ?? 0,
    script: async (text: string) => {
      // No values and no name: the simple protocol, which takes several statements at once.
      await client.query({ text, ...bound } as pg.QueryConfig);
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
  /**
   * Bound on getting a connection (connecting again while the server refuses, as during a restart or
   * a failover), and on any one statement: a request never hangs on an unreachable database.
   */
  timeoutMs?: number;
  /** Told when PostgreSQL stops answering and when it answers again (for the server's log). */
  onAvailability?: (change: AvailabilityChange) => void;
}

/** Pause between two connection attempts of one request while the server refuses them. */
const RECONNECT_PAUSE_MS = [50, 100, 200, 400, 500];

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export class Database implements Queryable {
  readonly pool: pg.Pool;
  /** The URL's password, kept only to scrub it from any failure text that might repeat it. */
  private readonly secret: string | undefined;
  private readonly availability: Availability;
  /** Work begun and not yet settled: close() lets it finish (pg-pool's end() strands queued checkouts). */
  private readonly inFlight = new Set<Promise<unknown>>();
  private closing: Promise<void> | undefined;

  constructor(options: DatabaseOptions) {
    const timeout = options.timeoutMs ?? 5_000;
    const schema = options.schema;
    if (schema !== undefined && !SCHEMA_NAME.test(schema)) throw new Error(`invalid schema name '${schema}': lower-case letters, digits and _ only`);
    this.secret = passwordOf(options.url);
    this.pool = new pg.Pool({
      connectionString: options.url,
      max: options.maxConnections ?? 16,
      connectionTimeoutMillis: timeout,
      idleTimeoutMillis: 30_000,
      // The server ends a slow statement (an answer: the connection stays usable) a little before
      // the client gives up on a silent one (the connection is then closed).
      statement_timeout: Math.max(timeout - 500, 100),
      query_timeout: timeout,
      idle_in_transaction_session_timeout: timeout * 2,
      // A connection whose peer vanished (a cable, a firewall, a dead host) is noticed while idle too.
      keepAlive: true,
      ...(schema !== undefined ? { options: `-c search_path=${schema}` } : {}),
      application_name: 'kura',
      types,
    });
    this.availability = new Availability({
      boundMs: timeout,
      secret: this.secret,
      notify: options.onAvailability,
    });
    // An idle connection that the server drops (restart, failover) must not crash the process:
    // the pool discards it and opens another on the next request. It is often the first sign of an outage.
    this.pool.on('error', (error) => this.availability.failed(error, Date.now()));
  }

  rows<T>(text: string, values?: Values): Promise<T[]> {
    return this.track(() => this.withClient((q) => q.rows<T>(text, values)));
  }

  row<T>(text: string, values?: Values): Promise<T | undefined> {
    return this.track(() => this.withClient((q) => q.row<T>(text, values)));
  }

  run(text: string, values?: Values): Promise<number> {
    return this.track(() => this.withClient((q) => q.run(text, values)));
  }

  script(text: string): Promise<void> {
    return this.track(() => this.withClient((q) => q.script(text)));
  }

  /**
   * Refuses work once closing; otherwise runs it and remembers it until it settles. A failure that
   * means PostgreSQL cannot serve leaves as the store's StoreUnavailableError (scrubbed of the
   * password); any answer from the server, success or not, means it is reachable again.
   */
  private track<T>(work: () => Promise<T>): Promise<T> {
    if (this.closing) return Promise.reject(new Error('the PostgreSQL store is closed'));
    const started = Date.now();
    const running = work().then(
      (result) => {
        this.availability.answered();
        return result;
      },
      (error: unknown) => {
        if (isUnavailability(error)) this.availability.failed(error, started);
        else this.availability.answered();
        throw asStoreFailure(error, this.secret);
      },
    );
    this.inFlight.add(running);
    const settled = (): void => {
      this.inFlight.delete(running);
    };
    running.then(settled, settled);
    return running;
  }

  /** One statement (or script) on a connection of its own. */
  private withClient<T>(work: (q: Queryable) => Promise<T>): Promise<T> {
    return this.leased((client) => work(queryable(client)));
  }

  /**
   * Runs `work` on a connection taken from the pool for it alone. A connection that broke, or whose
   * state is unknown (`markBroken`), is closed when `work` ends rather than handed to the next one.
   */
  private async leased<T>(work: (client: pg.PoolClient, markBroken: () => void) => Promise<T>): Promise<T> {
    const client = await this.acquire();
    let broken = false;
    const markBroken = (): void => {
      broken = true;
    };
    // pg-pool listens for a connection's errors only while it is idle: an error event of a connection
    // in use, with no listener, would be thrown and end the process. The statement fails on its own.
    client.on('error', markBroken);
    try {
      return await work(client, markBroken);
    } catch (error) {
      if (isUnavailability(error)) broken = true;
      throw error;
    } finally {
      client.removeListener('error', markBroken);
      client.release(broken);
    }
  }

  /**
   * A connection to the primary, within the time bound. While the server refuses connections
   * (restarting, failing over, out of connection slots, read-only) this tries again after a short
   * pause, so an outage shorter than
   * the bound costs the request a delay rather than an error (availability.ts says when it stops
   * waiting). Only connecting is repeated: a statement sent is never sent again here.
   */
  private async acquire(): Promise<pg.PoolClient> {
    const started = Date.now();
    const plan = this.availability.plan(started);
    let deadline = plan.deadline;
    for (let attempt = 0; ; attempt++) {
      try {
        return await connectWithin(this.pool, deadline);
      } catch (error) {
        if (isUnavailability(error)) this.availability.failed(error, started);
        deadline = this.availability.shortened(deadline);
        const pause = RECONNECT_PAUSE_MS[Math.min(attempt, RECONNECT_PAUSE_MS.length - 1)] ?? 500;
        if (this.closing || !plan.retry || !isWorthReconnecting(error) || Date.now() + pause >= deadline) throw error;
        await sleep(pause);
      }
    }
  }

  /**
   * Runs `op` in one transaction on one connection: committed if it returns, rolled back if it
   * throws. READ COMMITTED, as PostgreSQL's default: methods that decide on a row they read lock it
   * first (SELECT … FOR UPDATE), so two replicas deciding on one parameter take turns.
   * `unbounded`: no statement of it is cut short (UNBOUNDED_STATEMENTS), for the work that may
   * rightly outlast a request; getting the connection stays bounded.
   */
  transaction<T>(op: (q: Queryable) => Promise<T>, options: { unbounded?: boolean } = {}): Promise<T> {
    return this.track(() => this.transactionNow(op, options.unbounded === true));
  }

  private transactionNow<T>(op: (q: Queryable) => Promise<T>, unbounded: boolean): Promise<T> {
    return this.leased(async (client, markBroken) => {
      await client.query('BEGIN');
      try {
        const q = queryable(client, unbounded ? UNBOUNDED_QUERY_MS : undefined);
        if (unbounded) await q.script(UNBOUNDED_STATEMENTS);
        const result = await op(q);
        await q.script('COMMIT');
        return result;
      } catch (error) {
        // A broken connection cannot roll back, and waiting for it to try would stretch the request
        // past its bound: closing it ends the transaction on the server (nothing was committed).
        if (isUnavailability(error)) throw error;
        try {
          await client.query('ROLLBACK');
        } catch {
          // A connection whose rollback failed is in an unknown state.
          markBroken();
        }
        throw error;
      }
    });
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

function passwordOf(url: string): string | undefined {
  try {
    const password = decodeURIComponent(new URL(url).password);
    return password === '' ? undefined : password;
  } catch {
    return undefined;
  }
}
