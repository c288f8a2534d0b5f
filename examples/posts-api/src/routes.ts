// The HTTP surface: GET /posts, GET /.healthcheck, and JSON for everything else. The handler gets its
// database access as two functions, so this file knows routing and status codes, not MySQL.

import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { errorFields, type Logger } from './log.js';
import type { Post } from './db.js';

export interface RouteDeps {
  listPosts(): Promise<Post[]>;
  ping(): Promise<void>;
  isUnavailable(error: unknown): boolean;
  log: Logger;
  /** True once shutdown began: responses then ask the client to close its keep-alive connection. */
  closing(): boolean;
}

type Route = (deps: RouteDeps, ctx: Ctx) => Promise<Reply>;
interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}
interface Ctx {
  requestId: string;
}

const posts: Route = async (deps, ctx) => {
  try {
    return { status: 200, body: { posts: await deps.listPosts() } };
  } catch (error) {
    return failure(deps, ctx, error, 'listing posts failed');
  }
};

// ECS and the ALB call this every few seconds: it answers 200 only when the database answers, so a
// task that lost its database is replaced rather than serving errors.
const healthcheck: Route = async (deps, ctx) => {
  try {
    await deps.ping();
    return { status: 200, body: { status: 'ok' } };
  } catch (error) {
    deps.log.warn('health check: database unavailable', { requestId: ctx.requestId, ...errorFields(error) });
    return { status: 503, body: { status: 'unavailable', error: 'DatabaseUnavailable' } };
  }
};

function failure(deps: RouteDeps, ctx: Ctx, error: unknown, what: string): Reply {
  const unavailable = deps.isUnavailable(error);
  deps.log.error(what, { requestId: ctx.requestId, ...errorFields(error) });
  // Internals stay in the log; the client gets a stable code and the request id to quote.
  return unavailable
    ? { status: 503, body: { error: 'DatabaseUnavailable', message: 'the database is not answering', requestId: ctx.requestId }, headers: { 'retry-after': '5' } }
    : { status: 500, body: { error: 'InternalError', message: 'internal error', requestId: ctx.requestId } };
}

const ROUTES: Record<string, Route> = { '/posts': posts, '/.healthcheck': healthcheck };

function send(res: ServerResponse, reply: Reply, requestId: string, closing: boolean): void {
  const body = JSON.stringify(reply.body);
  res.writeHead(reply.status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'x-request-id': requestId,
    ...(closing ? { connection: 'close' } : {}),
    ...reply.headers,
  });
  // Node omits the body itself for HEAD requests.
  res.end(body);
}

export function createHandler(deps: RouteDeps): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const started = process.hrtime.bigint();
    const requestId = randomUUID();
    // Only the path is logged and routed on: query strings may carry tokens.
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q === -1 ? url : url.slice(0, q);
    const route = Object.hasOwn(ROUTES, path) ? ROUTES[path] : undefined;
    const ctx = { requestId };

    let pending: Promise<Reply>;
    if (!route) pending = Promise.resolve({ status: 404, body: { error: 'NotFound', message: 'no such route' } });
    else if (req.method !== 'GET' && req.method !== 'HEAD') {
      pending = Promise.resolve({ status: 405, body: { error: 'MethodNotAllowed', message: 'use GET' }, headers: { allow: 'GET, HEAD' } });
    } else pending = route(deps, ctx);

    pending
      .catch((error: unknown) => failure(deps, ctx, error, 'unhandled error'))
      .then((reply) => {
        send(res, reply, requestId, deps.closing());
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        const trace = req.headers['x-amzn-trace-id'];
        deps.log.info('request', {
          requestId, method: req.method, path, status: reply.status, ms: Math.round(ms * 100) / 100,
          ...(typeof trace === 'string' ? { trace } : {}),
        });
      })
      .catch((error: unknown) => deps.log.error('could not send a response', { requestId, ...errorFields(error) }));
  };
}
