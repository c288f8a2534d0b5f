// One HTTP exchange for the direct reader, over node:http or node:https, failing the way the SDK's
// HTTP layer (@smithy/node-http-handler) fails, because the errors reach describeFailure() and the
// retry and fallback classifications unchanged: a socket error keeps Node's code (and is named
// TimeoutError for ECONNRESET, ECONNREFUSED, EPIPE and ETIMEDOUT, as the SDK names it), a connection
// not made in time is the SDK's TimeoutError, an abort is its AbortError. Connections are kept alive
// between the requests of one read (paging, retries) and closed by close(), so that nothing is left
// open when Kura hands over to the program.

import type { Agent, ClientRequest, IncomingHttpHeaders, IncomingMessage } from 'node:http';

export interface Target {
  protocol: 'http:' | 'https:';
  hostname: string;
  port: number | undefined;
  path: string;
}

export interface Exchange {
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: Buffer | undefined;
}

export interface Answer {
  statusCode: number;
  /** Lower-case names, as Node gives them. */
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** The SDK's socket errors that it renames TimeoutError (and retries as transient). */
const TIMEOUT_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT']);

export class Transport {
  private readonly agents: { 'http:'?: Agent; 'https:'?: Agent } = {};

  constructor(private readonly connectTimeoutMs: number) {}

  async send(target: Target, exchange: Exchange, signal?: AbortSignal): Promise<Answer> {
    // Loaded on first use: a start that talks plain HTTP to a local store never loads TLS.
    const { Agent: AgentOf, request: requestOf } = target.protocol === 'https:' ? await import('node:https') : await import('node:http');
    // One agent per protocol, as the SDK keeps them: keep-alive, up to 50 sockets.
    const agent = (this.agents[target.protocol] ??= new AgentOf({ keepAlive: true, maxSockets: 50 }));
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(abortError(signal));
      let connectTimer: NodeJS.Timeout | undefined;
      const settle = (fail: Error | undefined, answer?: Answer): void => {
        clearTimeout(connectTimer);
        signal?.removeEventListener('abort', onAbort);
        if (fail) reject(fail);
        else resolve(answer as Answer);
      };
      const request: ClientRequest = requestOf(
        {
          method: exchange.method,
          // Node wants an IPv6 address without its brackets.
          host: target.hostname.replace(/^\[(.*)\]$/, '$1'),
          port: target.port,
          path: target.path,
          headers: exchange.headers,
          agent,
        },
        (response: IncomingMessage) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', (error) => settle(error));
          response.on('end', () => settle(undefined, { statusCode: response.statusCode ?? -1, headers: response.headers, body: Buffer.concat(chunks) }));
        },
      );
      request.on('error', (error: NodeJS.ErrnoException) => settle(TIMEOUT_CODES.has(error.code ?? '') ? Object.assign(error, { name: 'TimeoutError' }) : error));
      request.on('socket', (socket) => {
        if (!socket.connecting) return;
        connectTimer = setTimeout(() => {
          request.destroy();
          settle(connectTimeout(this.connectTimeoutMs));
        }, this.connectTimeoutMs);
        socket.once('connect', () => clearTimeout(connectTimer));
      });
      const onAbort = (): void => {
        request.destroy();
        settle(abortError(signal as AbortSignal));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      request.end(exchange.body);
    });
  }

  /** Closes every connection, idle or not. */
  close(): void {
    this.agents['http:']?.destroy();
    this.agents['https:']?.destroy();
  }
}

/** The SDK's words, so that the line describeFailure() prints is the same on either path. */
function connectTimeout(ms: number): Error {
  return Object.assign(new Error(`@smithy/node-http-handler - the request socket did not establish a connection with the server within the configured timeout of ${ms} ms.`), { name: 'TimeoutError' });
}

/** As the SDK builds it: `Request aborted`, with the signal's reason as the cause. */
export function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return Object.assign(new Error('Request aborted'), { name: 'AbortError', cause: reason });
  return Object.assign(new Error(reason ? String(reason) : 'Request aborted'), { name: 'AbortError' });
}
