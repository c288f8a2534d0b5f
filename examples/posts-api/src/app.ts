// Starts the HTTP server over a pool and stops both gracefully. Kept apart from server.ts (which owns
// the process: environment, signals, exit codes) so the lifecycle reads in one place.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AppConfig } from './config.js';
import { isUnavailable, listPosts, ping } from './db.js';
import { errorFields, type Logger } from './log.js';
import { refreshingPool } from './refreshing-pool.js';
import { createHandler } from './routes.js';
import { secretCredentials } from './secret-credentials.js';

export const HTTP_TIMEOUTS = {
  // Longer than the ALB's default 60 s idle timeout: if the app closed an idle connection first, the
  // ALB could send a request down it just as it closes and answer the client 502.
  keepAliveMs: 65_000,
  // Slow clients get this long to send headers, and the whole request (ours are bodiless GETs).
  headersMs: 20_000,
  requestMs: 30_000,
  // ECS waits stopTimeout (30 s by default) between SIGTERM and SIGKILL: finish well before that.
  shutdownMs: 10_000,
} as const;

export interface RunningApp {
  port: number;
  server: Server;
  /** Stops accepting, lets in-flight requests finish (up to shutdownMs), closes the pool. */
  close(): Promise<void>;
}

export async function startApp(config: AppConfig, log: Logger, shutdownMs: number = HTTP_TIMEOUTS.shutdownMs): Promise<RunningApp> {
  // With DB_SECRET_ID, credentials the database refuses are re-read from the secret (refreshing-pool.ts).
  const refresh = config.secretId ? { secretId: config.secretId, read: secretCredentials(config.secretId, config.db) } : undefined;
  const pool = refreshingPool(config.db, refresh, log);
  let closing = false;
  const handler = createHandler({
    listPosts: () => pool.run((p) => listPosts(p)),
    ping: () => pool.run((p) => ping(p)),
    isUnavailable,
    log,
    closing: () => closing,
  });
  const server = createServer(
    { keepAliveTimeout: HTTP_TIMEOUTS.keepAliveMs, headersTimeout: HTTP_TIMEOUTS.headersMs, requestTimeout: HTTP_TIMEOUTS.requestMs },
    handler,
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  log.info('listening', { port, db: { host: config.db.host, port: config.db.port, database: config.db.database } });

  let closed: Promise<void> | undefined;
  const close = () => {
    closed ??= (async () => {
      closing = true;
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      // Keep-alive connections with no request in flight would otherwise hold close() open.
      server.closeIdleConnections();
      const deadline = setTimeout(() => {
        log.warn('shutdown deadline passed; closing remaining connections', { afterMs: shutdownMs });
        server.closeAllConnections();
      }, shutdownMs);
      deadline.unref();
      await stopped;
      clearTimeout(deadline);
      await pool.end().catch((error: unknown) => log.warn('closing the database pool failed', errorFields(error)));
    })();
    return closed;
  };
  return { port, server, close };
}
