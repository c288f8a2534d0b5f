// Which service and operation a JSON-protocol request is for, from X-Amz-Target (spec §1.1). The
// header is trusted only after authentication checks that it was signed (every x-amz-* header must be).

import { ServiceError, jsonErrors } from '../wire/errors.js';
import { findOperation } from '../wire/model.js';
import type { GatewayRequest, ServiceEntry } from './types.js';

export interface Route {
  entry?: ServiceEntry;
  operation?: string;
  /** Why the request cannot be routed; raised only after authentication. */
  error?: ServiceError;
}

export function header(request: Pick<GatewayRequest, 'rawHeaders'>, name: string): string | undefined {
  const raw = request.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    if (raw[i]?.toLowerCase() === name) return raw[i + 1];
  }
  return undefined;
}

const JSON_TYPES = new Set(['application/x-amz-json-1.1', 'application/x-amz-json-1.0', 'application/json']);

export function routeJson(request: GatewayRequest, services: ServiceEntry[]): Route {
  const target = header(request, 'x-amz-target');
  if (target === undefined) return { error: new ServiceError('MissingAction', 'The request must name an operation in its X-Amz-Target header.') };
  const dot = target.lastIndexOf('.');
  const prefix = dot > 0 ? target.slice(0, dot) : '';
  const name = target.slice(dot + 1);
  const entry = services.find((s) => s.targetPrefix === prefix);
  if (!entry) return { error: jsonErrors.unknownOperation() };
  if (request.method !== 'POST') return { entry, error: jsonErrors.unknownOperation() };
  const contentType = (header(request, 'content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (!JSON_TYPES.has(contentType)) {
    return { entry, error: jsonErrors.serialization(`Unsupported Content-Type '${contentType.slice(0, 100)}': expected application/x-amz-json-1.1.`) };
  }
  if (!findOperation(entry.model, name)) return { entry, error: jsonErrors.unknownOperation() };
  return { entry, operation: name };
}
