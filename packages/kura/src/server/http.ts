// The node:http adapter: the only code that touches sockets. It refuses what a web page forged
// (request-origin.ts), reads bodies under a size limit, answers Kura's own routes (health, reset,
// the web console's files: console-response.ts), and hands everything else to the gateway as plain data.

import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import { randomUUID } from 'node:crypto';
import type { GatewayRequest, GatewayResponse } from '../gateway/types.js';
import { ServiceError } from '../wire/errors.js';
import type { Handled } from '../gateway/pipeline.js';
import type { ConsoleSite } from './console-files.js';
import { answerConsole, CONSOLE_HEADERS, isConsolePath } from './console-response.js';
import type { Logger } from './logger.js';
import { BodyTooLarge, ClientAborted, readBody } from './read-body.js';
import { isTopLevelNavigation, judgeRequestOrigin, type OriginPolicy } from './request-origin.js';
import { KURA_VERSION } from './version.js';

export interface HttpOptions {
  tls?: { cert: Buffer; key: Buffer };
  maxBodyBytes: number;
  gateway: (request: GatewayRequest) => Promise<Handled>;
  health: () => Promise<{ ok: boolean }>;
  /** Present only in --dev mode on loopback; given the request, which it audits. */
  reset?: (request: Pick<GatewayRequest, 'method' | 'rawHeaders' | 'rawUrl' | 'remoteAddress'>) => Promise<void>;
  /** Which Host and Origin values may reach any route (request-origin.ts). */
  origins: OriginPolicy;
  /** The web console's files at /_kura/console/; absent, those paths go to the gateway like any other. */
  console?: ConsoleSite;
  /**
   * Writes an error this adapter produces (a refusal, a body too large, its own failure) in the
   * protocol the request speaks, as the gateway would (gateway/route.ts renderUnrouted).
   */
  errorResponse(request: Pick<GatewayRequest, 'method' | 'rawUrl' | 'rawHeaders'>, requestId: string, error: ServiceError | 'internal'): GatewayResponse;
  /** Records a request refused here, before the gateway, in the audit log; the answer waits for it. */
  refused?: (request: Pick<GatewayRequest, 'method' | 'rawHeaders' | 'rawUrl' | 'remoteAddress'>, requestId: string, refusal: { code: string; message: string }) => Promise<void>;
  logger: Logger;
}

export interface KuraHttpServer {
  server: http.Server;
  /** Stops accepting, lets in-flight requests finish, then resolves. */
  drain(): Promise<void>;
}

function send(res: ServerResponse, response: GatewayResponse, closing: boolean): void {
  const headers: Record<string, string | number> = { ...response.headers, 'content-length': Buffer.byteLength(response.body) };
  if (closing) headers.connection = 'close';
  res.writeHead(response.status, headers);
  res.end(response.body);
}

/** Kura's own routes (/_kura/…) answer in plain JSON. */
const jsonBody = (status: number, body: unknown, requestId = randomUUID(), extra: Record<string, string> = {}): GatewayResponse => ({
  status,
  headers: { 'content-type': 'application/json', 'x-amzn-requestid': requestId, ...extra },
  body: JSON.stringify(body),
});

// A custom header: a cross-site form cannot send one, and a page's fetch needs a CORS preflight for
// it, which Kura never approves.
export const RESET_HEADER = 'x-kura-reset';
const RESET_UNCONFIRMED = {
  code: 'ResetNotConfirmedException',
  message: `Kura refused this reset: POST /_kura/reset needs the header '${RESET_HEADER}: yes', which a web page cannot send.`,
};

/** What the audit log is told of a request the adapter refused, and what its error is rendered from. */
const seen = (req: IncomingMessage) => ({ method: req.method ?? 'GET', rawHeaders: req.rawHeaders, rawUrl: req.url ?? '/', remoteAddress: req.socket.remoteAddress ?? '' });

/** Only what helps an operator see why: never the query (a presigned URL carries its signature there). */
const clip = (value: string | undefined) => (value === undefined ? undefined : value.slice(0, 200));

export function createHttpServer(options: HttpOptions): KuraHttpServer {
  let closing = false;
  let port: number | undefined;
  const refuse = async (req: IncomingMessage, res: ServerResponse, pathOnly: string | undefined, refusal: { code: string; message: string }) => {
    const requestId = randomUUID();
    // Kura's own routes answer in JSON; an AWS API request in its protocol's framing.
    // A refused console path is still a console answer: confined like the others.
    const confined = pathOnly !== undefined && isConsolePath(pathOnly) ? CONSOLE_HEADERS : {};
    const response = pathOnly?.startsWith('/_kura/')
      ? jsonBody(403, { __type: refusal.code, message: refusal.message }, requestId, { 'x-amzn-errortype': refusal.code, ...confined })
      : options.errorResponse(seen(req), requestId, new ServiceError(refusal.code, refusal.message, { status: 403, messageMember: 'message' }));
    // Recorded before the answer leaves, as every other request is. Closed: whatever body a refused
    // request carries is not worth reading.
    await options.refused?.(seen(req), requestId, refusal);
    send(res, response, true);
    options.logger.log('warn', 'request refused', {
      requestId,
      errorCode: refusal.code,
      method: req.method,
      path: clip(pathOnly),
      host: clip(req.headers.host),
      origin: clip(req.headers.origin),
      secFetchSite: clip(req.headers['sec-fetch-site'] as string | undefined),
      remoteAddress: req.socket.remoteAddress,
    });
  };
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const pathOnly = (req.url ?? '/').split('?')[0];
    port ??= (server.address() as { port: number }).port;
    // Before any route: a request a web page forged must not even learn whether the store is healthy.
    // A link to the console from another site (a wiki, a README) opens it: its files hold no data.
    const openingConsole = options.console !== undefined && pathOnly !== undefined && isConsolePath(pathOnly) && isTopLevelNavigation(req.method ?? 'GET', req.rawHeaders);
    const refusal = judgeRequestOrigin(options.origins, { port, secure: options.tls !== undefined }, req.rawHeaders, openingConsole);
    if (refusal) return refuse(req, res, pathOnly, refusal);
    if (options.console && pathOnly !== undefined && isConsolePath(pathOnly)) {
      const answer = answerConsole(options.console, { method: req.method ?? 'GET', rawUrl: req.url ?? '/', headers: req.headers });
      res.writeHead(answer.status, closing ? { ...answer.headers, connection: 'close' } : answer.headers);
      return void res.end(answer.body);
    }
    if (pathOnly === '/_kura/health' && req.method === 'GET') {
      const health = await options.health().catch(() => ({ ok: false }));
      // The version lets a deployment check which Kura answers; nothing else about the server is said.
      return send(res, jsonBody(health.ok ? 200 : 503, { status: health.ok ? 'ok' : 'unavailable', version: KURA_VERSION }), closing);
    }
    if (pathOnly === '/_kura/reset' && req.method === 'POST' && options.reset) {
      if (req.headers[RESET_HEADER] !== 'yes') return refuse(req, res, pathOnly, RESET_UNCONFIRMED);
      await options.reset(seen(req));
      return send(res, jsonBody(200, { status: 'reset' }), closing);
    }
    let body: Buffer;
    try {
      body = await readBody(req, options.maxBodyBytes);
    } catch (error) {
      if (error instanceof ClientAborted) {
        // Nobody is left to answer: note it for whoever debugs a client, and stop here.
        options.logger.log('debug', 'client aborted the request', { requestId: randomUUID(), method: req.method, path: clip(pathOnly), reason: error.reason });
        return;
      }
      if (!(error instanceof BodyTooLarge)) throw error;
      const requestId = randomUUID();
      const refusal = { code: 'RequestEntityTooLargeException', message: `Request body exceeds ${options.maxBodyBytes} bytes.` };
      const tooLarge = options.errorResponse(seen(req), requestId, new ServiceError(refusal.code, refusal.message, { status: 413, messageMember: 'message' }));
      // Recorded before the answer leaves. The rest of the body is not read: close the connection
      // rather than drain an attacker's upload.
      await options.refused?.(seen(req), requestId, refusal);
      send(res, tooLarge, true);
      return;
    }
    const handled = await options.gateway({
      method: req.method ?? 'GET',
      rawUrl: req.url ?? '/',
      rawHeaders: req.rawHeaders,
      body,
      remoteAddress: req.socket.remoteAddress ?? '',
      secure: options.tls !== undefined,
    });
    // The response first: the log line is not something the client should wait for.
    send(res, handled.response, closing);
    options.logger.log(handled.response.status >= 500 ? 'error' : 'info', 'request', { ...handled.record });
  };

  const listener = (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch((error: unknown) => {
      const requestId = randomUUID();
      options.logger.log('error', 'unhandled failure in the HTTP adapter', { requestId, error: String(error) });
      if (!res.headersSent) send(res, options.errorResponse(seen(req), requestId, 'internal'), true);
      else res.destroy();
    });
  };
  const server = options.tls ? https.createServer({ cert: options.tls.cert, key: options.tls.key }, listener) : http.createServer(listener);
  // Slow or idle clients must not hold sockets forever.
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  server.keepAliveTimeout = 5_000;
  // A client may close its sending side once its request is out (HTTP/1.0 tools do, e.g. `nc -N`).
  // Node's default then ends the connection at once, dropping an answer not yet written: every answer
  // that waits on PostgreSQL. With this (node:http's own switch) the connection ends after the answer.
  (server as { httpAllowHalfOpen?: boolean }).httpAllowHalfOpen = true;

  return {
    server,
    drain: () =>
      new Promise<void>((resolve) => {
        closing = true;
        server.close(() => resolve());
        server.closeIdleConnections();
        // Connections busy now become idle after their response (sent with Connection: close).
        const sweep = setInterval(() => server.closeIdleConnections(), 50);
        server.once('close', () => clearInterval(sweep));
      }),
  };
}
