// Test kit: the same read done by the SDK readers and by the direct ones against one scripted HTTP
// server, so that a test can require the two to end alike: the same values, or the same line on
// stderr and exit code, after the same number of requests.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { readPlan, type ReadPlan } from '../../fetch.js';
import { isExecError } from '../../errors.js';
import { createSecretReader } from '../../secrets-reader.js';
import { createReader } from '../../ssm-reader.js';
import { openDirect } from '../open.js';
import { decide } from '../settings.js';

export interface SeenRequest {
  operation: string;
  input: Record<string, unknown>;
  headers: IncomingMessage['headers'];
}

/** What the server does with one request: answer it, hang up, or never answer. */
export type Reply = { status?: number; headers?: Record<string, string>; body?: string } | 'hang-up' | 'silence';

export class ScriptedStore {
  readonly seen: SeenRequest[] = [];
  private script: (request: SeenRequest, index: number) => Reply = () => ({ body: '{}' });
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  url = '';

  async start(): Promise<void> {
    this.server = createServer((request, response) => this.handle(request, response));
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server?.address() as AddressInfo).port}`;
  }

  /** Replies from now on, by request (the first since this call is 0); clears what was seen. */
  answer(script: (request: SeenRequest, index: number) => Reply): void {
    this.script = script;
    this.seen.length = 0;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise((resolve) => this.server?.close(resolve));
  }

  private handle(request: IncomingMessage, response: ServerResponse): void {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const seen: SeenRequest = {
        operation: String(request.headers['x-amz-target'] ?? '').replace(/^[^.]*\./, ''),
        input: JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>,
        headers: request.headers,
      };
      this.seen.push(seen);
      const reply = this.script(seen, this.seen.length - 1);
      if (reply === 'silence') return;
      if (reply === 'hang-up') {
        request.socket.destroy();
        return;
      }
      response.writeHead(reply.status ?? 200, { 'content-type': 'application/x-amz-json-1.1', ...reply.headers });
      response.end(reply.body ?? '');
    });
  }
}

/** The environment both readers run with against a scripted store: its URL, fixed keys, no config files. */
export function pinEnv(store: ScriptedStore, extra: Record<string, string> = {}): Record<string, string> {
  return {
    AWS_ACCESS_KEY_ID: 'AKIAPINEXAMPLE000001',
    AWS_SECRET_ACCESS_KEY: 'pin-secret',
    AWS_REGION: 'us-east-1',
    AWS_ENDPOINT_URL: store.url,
    AWS_MAX_ATTEMPTS: '3',
    AWS_CONFIG_FILE: '/nonexistent/config',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials',
    AWS_EC2_METADATA_DISABLED: 'true',
    ...extra,
  };
}

export type Path = 'sdk' | 'direct';
/** How a read ended: what it fetched, or the ExecError's line and exit code. */
export type Ending = { fetched: unknown } | { line: string; exitCode: number };

/**
 * One read of `plan` by the SDK readers or the direct ones, with `env` as the whole AWS_* environment
 * (the SDK reads process.env itself, so it is set for the duration).
 */
export async function readVia(path: Path, env: Record<string, string>, plan: ReadPlan, timeoutMs = 5_000, insecureHttp = false): Promise<Ending> {
  const saved = { ...process.env };
  for (const name of Object.keys(process.env)) if (name.startsWith('AWS_')) delete process.env[name];
  Object.assign(process.env, env);
  const options = { env: process.env, insecureHttp };
  const needsParameters = plan.paths.length > 0 || plan.parameters.length > 0;
  let readers: { reader: ReturnType<typeof createReader> | undefined; secretReader: ReturnType<typeof createSecretReader> | undefined; close(): void };
  if (path === 'sdk') {
    const reader = needsParameters ? createReader(options) : undefined;
    const secretReader = plan.secrets.length > 0 ? createSecretReader(options) : undefined;
    readers = { reader, secretReader, close: () => (reader?.close(), secretReader?.close()) };
  } else {
    const verdict = decide(process.env);
    if (!('direct' in verdict)) throw new Error(`the direct reader does not take this environment: ${verdict.sdk}`);
    const opened = openDirect(verdict.direct, plan, insecureHttp, () => Promise.reject(new Error('the direct reader handed over to the SDK')));
    if (!opened) throw new Error('the direct reader does not take this plan');
    readers = opened;
  }
  try {
    return { fetched: await readPlan(readers.reader, readers.secretReader, plan, timeoutMs) };
  } catch (error) {
    if (!isExecError(error)) throw error;
    return { line: error.message, exitCode: error.exitCode };
  } finally {
    readers.close();
    for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
    Object.assign(process.env, saved);
  }
}

export function plan(parts: Partial<ReadPlan>): ReadPlan {
  return { paths: [], recursive: false, parameters: [], secrets: [], ...parts };
}
