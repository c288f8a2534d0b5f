// Which service and operation a request is for, decided by the services' own protocols: JSON
// services name it in X-Amz-Target, Query services (IAM, STS) in the Action parameter, the service
// being the one the signature is scoped to. Both are trusted only once authentication has checked
// that the request was signed as sent.

import { presentedSignature } from '../sigv4/index.js';
import { AuthFailure, type PresentedSignature } from '../sigv4/types.js';
import type { ServiceError } from '../wire/errors.js';
import type { InputSource, Protocol } from './protocols/protocol.js';
import type { GatewayRequest, ServiceEntry } from './types.js';

export { header } from './headers.js';

export interface Route {
  /** The protocol the request is answered in: its service's, or the one its framing reads as. */
  protocol: Protocol;
  entry?: ServiceEntry;
  operation?: string;
  /** The operation as the client named it, even when Kura does not know it. */
  requested?: string;
  source?: InputSource;
  /** Why the request cannot be served; raised only after authentication. */
  error?: ServiceError;
}

/** The signature as presented, if it can be read at all (authentication says why not). */
function readSignature(request: GatewayRequest): PresentedSignature | undefined {
  try {
    return presentedSignature(request);
  } catch (error) {
    if (error instanceof AuthFailure) return undefined;
    throw error;
  }
}

export function routeRequest(request: GatewayRequest, services: readonly ServiceEntry[]): { route: Route; presented?: PresentedSignature } {
  const candidates = services.filter((s) => s.protocol.recognizes(request));
  const framing = candidates[0]?.protocol ?? services[0]?.protocol;
  if (!framing) throw new Error('the gateway serves no service');
  const presented = readSignature(request);
  const routed = framing.route(request, candidates, presented?.scope.service);
  const route: Route = { protocol: routed.service?.protocol ?? framing };
  if (routed.service) route.entry = routed.service;
  if (routed.operation !== undefined) route.operation = routed.operation;
  if (routed.requested !== undefined) route.requested = routed.requested;
  if (routed.source) route.source = routed.source;
  if (routed.error) route.error = routed.error;
  return { route, ...(presented ? { presented } : {}) };
}

/**
 * The route of a request whose body was never read (refused by the HTTP adapter): what its headers
 * and URL say, for its error's protocol and its audit record.
 */
export function routeUnread(services: readonly ServiceEntry[], request: Pick<GatewayRequest, 'method' | 'rawUrl' | 'rawHeaders'>): Route {
  return routeRequest({ ...request, body: Buffer.alloc(0), remoteAddress: '' }, services).route;
}

/**
 * An error for a request the gateway never saw (refused by the HTTP adapter before its body was
 * read, or failed there), in the protocol and namespace its client expects.
 */
export function renderUnrouted(
  services: readonly ServiceEntry[],
  request: Pick<GatewayRequest, 'method' | 'rawUrl' | 'rawHeaders'>,
  requestId: string,
  error: ServiceError | 'internal',
): { status: number; headers: Record<string, string>; body: string } {
  const route = routeUnread(services, request);
  return route.protocol.renderError(error === 'internal' ? route.protocol.internalError() : error, requestId, route.entry?.model);
}
