// An HTTP layer for the SDK that answers from a function instead of the network: used by the
// code-cache warm-up at build time and by the tests that check which endpoint and credentials the
// SDK resolves, without sending anything anywhere.

import { HttpResponse } from '@smithy/protocol-http';

export interface SeenRequest {
  protocol: string;
  hostname: string;
  port: number | undefined;
  path: string;
  headers: Record<string, string>;
  /** X-Amz-Target without the service prefix: `GetParametersByPath`, `GetSecretValue`. */
  operation: string;
  body: string;
}

export interface StubAnswer {
  status?: number;
  body: string;
  headers?: Record<string, string>;
}

export function stubHandler(answer: (request: SeenRequest) => StubAnswer | Promise<StubAnswer>) {
  return {
    async handle(request: { protocol: string; hostname: string; port?: number; path: string; headers: Record<string, string>; body?: unknown }) {
      const seen: SeenRequest = {
        protocol: request.protocol,
        hostname: request.hostname,
        port: request.port,
        path: request.path,
        headers: request.headers,
        operation: (request.headers['x-amz-target'] ?? '').replace(/^(AmazonSSM|secretsmanager)\./, ''),
        // The SDK's body is a Uint8Array subclass that warns when used as a string: copy the bytes.
        body: typeof request.body === 'string' ? request.body : request.body instanceof Uint8Array ? Buffer.from(request.body.buffer, request.body.byteOffset, request.body.byteLength).toString('utf8') : '',
      };
      const reply = await answer(seen);
      const response = new HttpResponse({
        statusCode: reply.status ?? 200,
        headers: { 'content-type': 'application/x-amz-json-1.1', ...reply.headers },
        body: Buffer.from(reply.body, 'utf8'),
      });
      return { response };
    },
    updateHttpClientConfig() {},
    httpHandlerConfigs() {
      return {};
    },
  };
}
