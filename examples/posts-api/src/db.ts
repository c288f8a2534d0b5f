// The MySQL pool and the app's two queries. Every wait is bounded: connecting, queueing for a
// connection and each query, so a database that hangs turns into a quick 503 instead of requests
// piling up until the load balancer gives up on the task.

import { createPool, type Pool, type RowDataPacket } from 'mysql2/promise';
import type { DbConfig } from './config.js';

export interface Post {
  id: number;
  title: string;
  body: string;
  createdAt: string;
}

export interface PoolLimits {
  connections: number;
  queue: number;
  connectTimeoutMs: number;
  queryTimeoutMs: number;
  healthTimeoutMs: number;
  idleTimeoutMs: number;
}

export const POOL_LIMITS: Readonly<PoolLimits> = {
  connections: 10,
  // Requests beyond this many waiting for a connection fail at once ("Queue limit reached.") → 503.
  queue: 200,
  connectTimeoutMs: 5_000,
  queryTimeoutMs: 5_000,
  healthTimeoutMs: 2_000,
  // mysql2 closes idle connections only beyond maxIdle, which equals the connection limit here: so an
  // idle connection stays open (kept alive by TCP keep-alive) and this bound applies to none of them.
  // A rotated password therefore reaches a running task only when it opens a new connection.
  idleTimeoutMs: 60_000,
};

export function openPool(db: DbConfig, limits: Partial<PoolLimits> = {}): Pool {
  const l = { ...POOL_LIMITS, ...limits };
  return createPool({
    host: db.host,
    port: db.port,
    user: db.user,
    password: db.password,
    database: db.database,
    connectionLimit: l.connections,
    maxIdle: l.connections,
    idleTimeout: l.idleTimeoutMs,
    queueLimit: l.queue,
    waitForConnections: true,
    connectTimeout: l.connectTimeoutMs,
    enableKeepAlive: true,
    // DATETIME columns hold UTC (see schema.ts); read them back as UTC whatever the task's TZ is.
    timezone: 'Z',
    charset: 'utf8mb4_unicode_ci',
  });
}

interface PostRow extends RowDataPacket {
  id: number;
  title: string;
  body: string;
  created_at: Date;
}

export async function listPosts(pool: Pool, timeoutMs: number = POOL_LIMITS.queryTimeoutMs): Promise<Post[]> {
  const [rows] = await pool.query<PostRow[]>({
    sql: 'SELECT id, title, body, created_at FROM posts ORDER BY id',
    timeout: timeoutMs,
  });
  return rows.map((r) => ({ id: r.id, title: r.title, body: r.body, createdAt: r.created_at.toISOString() }));
}

/** Resolves when the database answers a trivial query within the health timeout. */
export async function ping(pool: Pool, timeoutMs: number = POOL_LIMITS.healthTimeoutMs): Promise<void> {
  await pool.query({ sql: 'SELECT 1', timeout: timeoutMs });
}

// Errors that mean "the database is not reachable or not answering", as opposed to a bad query.
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE',
  'PROTOCOL_CONNECTION_LOST', 'PROTOCOL_SEQUENCE_TIMEOUT', 'ER_CON_COUNT_ERROR', 'ER_ACCESS_DENIED_ERROR',
  'ER_DBACCESS_DENIED_ERROR', 'ER_BAD_DB_ERROR', 'ER_SERVER_SHUTDOWN',
]);

/** True for errors a retry later may cure (answer 503), false for bugs and schema problems (500). */
export function isUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const e = error as Error & { code?: unknown; fatal?: unknown };
  if (typeof e.code === 'string' && UNAVAILABLE_CODES.has(e.code)) return true;
  // mysql2 marks connection-level failures fatal; the pool's own queue overflow has no code at all.
  return e.fatal === true || e.message === 'Queue limit reached.';
}

/** The database refused the user name or password (a rotated secret, or a password changed by hand). */
export function isAccessDenied(error: unknown): boolean {
  return error instanceof Error && (error as Error & { code?: unknown }).code === 'ER_ACCESS_DENIED_ERROR';
}
