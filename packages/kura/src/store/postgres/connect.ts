// Taking a connection from the pool within a deadline, and only a connection to a server that
// accepts writes. Kura must read what any replica last wrote, so it never reads from a standby
// (whose copy lags): every new connection is asked `SHOW transaction_read_only` once, as libpq's
// target_session_attrs=read-write does, and one to a read-only server (a standby, or a primary a
// failover demoted while a virtual IP or a DNS name still points at it) is closed and counted as
// the database being unavailable, so the request waits for the endpoint to reach the primary again.

import type pg from 'pg';

/** Connections already known to reach a writable server (the check runs once per connection). */
const writable = new WeakSet<pg.PoolClient>();

export class ReadOnlyServerError extends Error {
  /** SQLSTATE read_only_sql_transaction: what the server would answer the first write. */
  readonly code = '25006';

  constructor() {
    super('the server is read-only (transaction_read_only is on): a standby, or a primary demoted by a failover; Kura needs the primary');
    this.name = 'ReadOnlyServerError';
  }
}

/** `promise`, or a rejection at `deadline`; `late` receives what the promise gives after that. */
function within<T>(promise: Promise<T>, deadline: number, late: (value: T) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => {
        promise.then(late, () => undefined);
        reject(new Error('timeout exceeded when trying to connect'));
      },
      Math.max(deadline - Date.now(), 0),
    );
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

/**
 * A connection to a writable server, given up at `deadline` (pg-pool's own timeout restarts with
 * every attempt). A connection that comes too late goes straight back to the pool.
 */
export async function connectWithin(pool: pg.Pool, deadline: number): Promise<pg.PoolClient> {
  const client = await within(pool.connect(), deadline, (late) => late.release());
  if (writable.has(client)) return client;
  let readOnly: boolean;
  // A connection in use has no listener of pg-pool's: an error event with none would end the process.
  const ignore = (): void => undefined;
  client.on('error', ignore);
  try {
    const check = client.query<{ transaction_read_only: string }>('SHOW transaction_read_only');
    // A check cut short leaves an answer on its way: that connection cannot be used again.
    const result = await within(check, deadline, () => undefined);
    readOnly = result.rows[0]?.transaction_read_only !== 'off';
  } catch (error) {
    client.release(true);
    throw error;
  } finally {
    client.removeListener('error', ignore);
  }
  if (readOnly) {
    client.release(true);
    throw new ReadOnlyServerError();
  }
  writable.add(client);
  return client;
}
