// Which service and operation a request is for. JSON services name it in X-Amz-Target; Query
// services (IAM, STS) in the Action parameter, the service being the one the signature is scoped to
// (spec §1.1). Both are trusted only once authentication has checked the request was signed as sent.

import { ServiceError, jsonErrors } from '../wire/errors.js';
import { findOperation } from '../wire/model.js';
import { queryParams } from '../wire/query.js';
import type { GatewayRequest, ServiceEntry } from './types.js';

export interface Route {
  protocol: 'json' | 'query';
  entry?: ServiceEntry;
  operation?: string;
  /** Query protocol: the decoded parameters. */
  params?: URLSearchParams;
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

export function routeJson(request: GatewayRequest, services: ServiceEntry[], target: string): Route {
  const dot = target.lastIndexOf('.');
  const prefix = dot > 0 ? target.slice(0, dot) : '';
  const name = target.slice(dot + 1);
  const entry = services.find((s) => s.protocol === 'json' && s.targetPrefix === prefix);
  if (!entry) return { protocol: 'json', error: jsonErrors.unknownOperation() };
  if (request.method !== 'POST') return { protocol: 'json', entry, error: jsonErrors.unknownOperation() };
  const contentType = (header(request, 'content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (!JSON_TYPES.has(contentType)) {
    return {
      protocol: 'json',
      entry,
      error: jsonErrors.serialization(`Unsupported Content-Type '${contentType.slice(0, 100)}': expected application/x-amz-json-1.1.`),
    };
  }
  if (!findOperation(entry.model, name)) return { protocol: 'json', entry, error: jsonErrors.unknownOperation() };
  return { protocol: 'json', entry, operation: name };
}

/** Query protocol: the service is the signature scope's (known only after parsing the signature). */
export function routeQuery(request: GatewayRequest, services: ServiceEntry[], scopeService: string | undefined): Route {
  const entry = services.find((s) => s.protocol === 'query' && s.signingName === scopeService);
  let params: URLSearchParams;
  try {
    params = queryParams(request.method, request.rawUrl, request.body);
  } catch {
    return { protocol: 'query', ...(entry ? { entry } : {}), error: new ServiceError('MalformedQueryString', 'The query string is malformed.') };
  }
  const action = params.get('Action');
  if (!entry) {
    return { protocol: 'query', error: new ServiceError('InvalidAction', `The action ${action ?? ''} is not valid for this web service.`) };
  }
  if (request.method !== 'POST' && request.method !== 'GET') {
    return { protocol: 'query', entry, error: new ServiceError('InvalidAction', 'Only POST and GET requests are accepted.') };
  }
  if (!action) return { protocol: 'query', entry, params, error: new ServiceError('MissingAction', 'Missing Action') };
  if (!findOperation(entry.model, action)) {
    return { protocol: 'query', entry, params, error: new ServiceError('InvalidAction', `Could not find operation ${action} for version ${entry.model.metadata.apiVersion}`) };
  }
  return { protocol: 'query', entry, params, operation: action };
}
