// The app's pool, swapped for one with fresh credentials when the database refuses the ones it has.
//
// The pool keeps its connections open (with maxIdle equal to the connection limit, mysql2 never
// closes an idle one), and a session outlives a password change, so a rotated secret matters only
// when the pool opens a connection: after one drops (a database restart or failover, a proxy). If
// the database then answers "access denied" and DB_SECRET_ID is set, the secret is read again: with
// new credentials a second pool takes over, the request is retried on it once, and the old pool is
// ended after requests in it have had time to finish. With the same credentials (single-user
// rotation between its setSecret and finishSecret steps, or a password changed by hand) the request
// fails as before (503), and the secret is not read again for a second, so a database refusing
// everything does not turn every request into a Secrets Manager call.

import type { Pool } from 'mysql2/promise';
import type { DbConfig } from './config.js';
import { isAccessDenied, openPool, POOL_LIMITS } from './db.js';
import { errorFields, type Logger } from './log.js';
import type { ReadCredentials } from './secret-credentials.js';

export interface RefreshingPool {
  /** Runs a query on the current pool, once more on a fresh one when the credentials were refused. */
  run<T>(query: (pool: Pool) => Promise<T>): Promise<T>;
  /** Ends the current pool and any retired one still open. */
  end(): Promise<void>;
}

export interface Refresh {
  secretId: string;
  read: ReadCredentials;
}

export const REFRESH_LIMITS = {
  /** No second read of the secret this soon after one that failed or changed nothing. */
  quietMs: 1_000,
  /** A replaced pool ends this long after the swap: its queries time out well before. */
  retireAfterMs: 2 * POOL_LIMITS.queryTimeoutMs,
} as const;

const CLOSED = 'Pool is closed.';

export function refreshingPool(db: DbConfig, refresh: Refresh | undefined, log: Logger, open: (db: DbConfig) => Pool = openPool): RefreshingPool {
  let current = { db, pool: open(db) };
  const retired = new Map<Pool, NodeJS.Timeout>();
  let reading: Promise<boolean> | undefined;
  let quietUntil = 0;
  let closed = false;

  const retire = (pool: Pool) => {
    const timer = setTimeout(() => {
      retired.delete(pool);
      pool.end().catch((error: unknown) => log.warn('closing a replaced database pool failed', errorFields(error)));
    }, REFRESH_LIMITS.retireAfterMs);
    timer.unref();
    retired.set(pool, timer);
  };

  // One read at a time: every request refused meanwhile waits for it. True when a new pool took over.
  const renew = (): Promise<boolean> => {
    if (!refresh || closed) return Promise.resolve(false);
    reading ??= (async () => {
      if (Date.now() < quietUntil) return false;
      let fresh;
      try {
        fresh = await refresh.read();
      } catch (error) {
        quietUntil = Date.now() + REFRESH_LIMITS.quietMs;
        log.warn('could not re-read the database credentials', { secretId: refresh.secretId, ...errorFields(error) });
        return false;
      }
      if (fresh.user === current.db.user && fresh.password === current.db.password) {
        quietUntil = Date.now() + REFRESH_LIMITS.quietMs;
        log.warn('the database refuses the credentials the secret holds', { secretId: refresh.secretId });
        return false;
      }
      if (closed) return false;
      const replaced = current;
      current = { db: { ...replaced.db, user: fresh.user, password: fresh.password }, pool: open({ ...replaced.db, ...fresh }) };
      retire(replaced.pool);
      log.info('database credentials refreshed', { secretId: refresh.secretId, userChanged: fresh.user !== replaced.db.user });
      return true;
    })().finally(() => {
      reading = undefined;
    });
    return reading;
  };

  return {
    async run(query) {
      const used = current;
      try {
        return await query(used.pool);
      } catch (error) {
        // A pool ended after a swap closes with "Pool is closed." for requests still queued in it.
        const retriable = isAccessDenied(error) || (error instanceof Error && error.message === CLOSED && used !== current);
        if (!retriable || closed) throw error;
        // Another request may have swapped the pool already: then the new one answers without a read.
        if (used === current && !(await renew())) throw error;
        return query(current.pool);
      }
    },
    async end() {
      closed = true;
      const pools = [current.pool, ...retired.keys()];
      for (const timer of retired.values()) clearTimeout(timer);
      retired.clear();
      await Promise.all(pools.map((pool) => pool.end()));
    },
  };
}
