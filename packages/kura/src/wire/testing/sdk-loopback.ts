// Test support only (imported by *.test.ts, never by the server): an AWS SDK v3 request handler
// that hands each serialized request to a function instead of the network, and gives the SDK that
// function's answer to parse. The official client is the oracle for both directions of the codec.

import { HttpResponse } from '@smithy/protocol-http';
import type { HttpHandler, HttpRequest } from '@smithy/protocol-http';

export interface LoopbackRequest {
  headers: Record<string, string>;
  body: string;
}

export interface LoopbackResponse {
  status: number;
  contentType: string;
  body: string;
}

export function loopbackHandler(respond: (request: LoopbackRequest) => LoopbackResponse): HttpHandler {
  return {
    async handle(request: HttpRequest) {
      const raw: unknown = request.body;
      const body = typeof raw === 'string' ? raw : raw instanceof Uint8Array ? new TextDecoder().decode(raw) : '';
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(request.headers)) headers[name.toLowerCase()] = value;
      const answer = respond({ headers, body });
      return {
        response: new HttpResponse({
          statusCode: answer.status,
          headers: { 'content-type': answer.contentType, 'x-amzn-requestid': 'loopback-request' },
          body: Buffer.from(answer.body),
        }),
      };
    },
    updateHttpClientConfig() {},
    httpHandlerConfigs() {
      return {};
    },
  };
}

/** Fixed credentials and region: the loopback never checks a signature. */
export const loopbackClientConfig = {
  region: 'us-east-1',
  credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' },
  maxAttempts: 1,
} as const;
