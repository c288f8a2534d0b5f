// An in-process HTTP handler for an SDK v3 client (the oracle of the services' sdk-oracle tests):
// the request the SDK serialized and signed is routed and answered by the gateway's own stages 2
// and 4–7 (route.ts, run-operation.ts) under `ctx()`, without a socket and without authentication,
// so that the official client checks both directions of the codec that users' requests go through.

import { HttpResponse, type HttpHandler, type HttpRequest } from '@smithy/protocol-http';
import type { OperationContext } from '../../services/context.js';
import { ServiceError } from '../../wire/errors.js';
import { routeRequest } from '../route.js';
import { answerOperation } from '../run-operation.js';
import { builtInServices } from '../services.js';
import type { GatewayRequest, GatewayResponse, ServiceEntry } from '../types.js';

function toGatewayRequest(request: HttpRequest): GatewayRequest {
  const raw: unknown = request.body;
  // A plain view of the bytes: newer SDKs hand a Uint8Array subclass whose valueOf() (which
  // Buffer.from consults) converts it to a string, with a warning.
  const body =
    typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw instanceof Uint8Array ? Buffer.from(new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength)) : Buffer.alloc(0);
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(request.query ?? {})) {
    for (const v of Array.isArray(value) ? value : [value]) if (v !== null) query.append(name, v);
  }
  const search = query.toString();
  return {
    method: request.method,
    rawUrl: `${request.path || '/'}${search ? `?${search}` : ''}`,
    rawHeaders: Object.entries(request.headers).flat(),
    body,
    remoteAddress: '127.0.0.1',
  };
}

/** The registry's entry for a service, by signing name. */
export function serviceEntry(signingName: string): ServiceEntry {
  const entry = builtInServices.find((s) => s.signingName === signingName);
  if (!entry) throw new Error(`no service ${signingName}`);
  return entry;
}

/**
 * Answers the SDK's requests for `signingName` as the gateway would. Operations run unauthorized
 * unless `authorize` is true (the handler tests check authorization on their own).
 */
export function sdkHandler(signingName: string, ctx: () => OperationContext, options: { authorize?: boolean } = {}): HttpHandler {
  const registered = serviceEntry(signingName);
  const entry: ServiceEntry = options.authorize ? registered : { ...registered, authorize: async () => {} };
  return {
    async handle(request: HttpRequest) {
      const context = ctx();
      const { route } = routeRequest(toGatewayRequest(request), [entry]);
      let answer: GatewayResponse;
      try {
        if (route.error || route.operation === undefined || !route.source) throw route.error ?? new Error('unrouted request');
        answer = await answerOperation(entry, route.operation, route.source, context);
      } catch (error) {
        if (!(error instanceof ServiceError)) throw error;
        answer = entry.protocol.renderError(error, context.requestId, entry.model);
      }
      return { response: new HttpResponse({ statusCode: answer.status, headers: answer.headers, body: Buffer.from(answer.body) }) };
    },
    updateHttpClientConfig() {},
    httpHandlerConfigs: () => ({}),
  };
}
