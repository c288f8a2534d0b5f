// The node:http adapter: the only code that touches sockets. It reads bodies under a size limit,
// answers Kura's own two routes, and hands everything else to the gateway as plain data.

import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import { randomUUID } from 'node:crypto';
import type { GatewayRequest, GatewayResponse } from '../gateway/types.js';
import type { Handled } from '../gateway/pipeline.js';
import type { Logger } from './logger.js';

export interface HttpOptions {
  tls?: { cert: Buffer; key: Buffer };
  maxBodyBytes: number;
  gateway: (request: GatewayRequest) => Promise<Handled>;
  health: () => Promise<{ ok: boolean }>;
  /** Present only in --dev mode on loopback. */
  reset?: () => Promise<void>;
  logger: Logger;
}

export interface KuraHttpServer {
  server: http.Server;
  /** Stops accepting, lets in-flight requests finish, then resolves. */
  drain(): Promise<void>;
}

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? '0');
    if (declared > limit) return reject(new BodyTooLarge());
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, response: GatewayResponse, closing: boolean): void {
  const headers: Record<string, string | number> = { ...response.headers, 'content-length': Buffer.byteLength(response.body) };
  if (closing) headers.connection = 'close';
  res.writeHead(response.status, headers);
  res.end(response.body);
}

const jsonBody = (status: number, body: unknown, requestId = randomUUID()): GatewayResponse => ({
  status,
  headers: { 'content-type': 'application/json', 'x-amzn-requestid': requestId },
  body: JSON.stringify(body),
});

export function createHttpServer(options: HttpOptions): KuraHttpServer {
  let closing = false;
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const pathOnly = (req.url ?? '/').split('?')[0];
    if (pathOnly === '/_kura/health' && req.method === 'GET') {
      const health = await options.health().catch(() => ({ ok: false }));
      return send(res, jsonBody(health.ok ? 200 : 503, { status: health.ok ? 'ok' : 'unavailable' }), closing);
    }
    if (pathOnly === '/_kura/reset' && req.method === 'POST' && options.reset) {
      await options.reset();
      return send(res, jsonBody(200, { status: 'reset' }), closing);
    }
    let body: Buffer;
    try {
      body = await readBody(req, options.maxBodyBytes);
    } catch (error) {
      if (!(error instanceof BodyTooLarge)) throw error;
      const tooLarge = {
        status: 413,
        headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': randomUUID() },
        body: JSON.stringify({ __type: 'RequestEntityTooLargeException', message: `Request body exceeds ${options.maxBodyBytes} bytes.` }),
      };
      // The rest of the body is not read: close the connection rather than drain an attacker's upload.
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
      if (!res.headersSent) send(res, jsonBody(500, { __type: 'InternalFailure', message: 'Internal failure.' }, requestId), true);
      else res.destroy();
    });
  };
  const server = options.tls ? https.createServer({ cert: options.tls.cert, key: options.tls.key }, listener) : http.createServer(listener);
  // Slow or idle clients must not hold sockets forever.
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  server.keepAliveTimeout = 5_000;

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
