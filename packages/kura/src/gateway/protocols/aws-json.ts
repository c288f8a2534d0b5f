// The AWS JSON protocols (1.0 and 1.1; SSM and KMS speak 1.1): the operation is named in
// X-Amz-Target as `<TargetPrefix>.<Operation>`, the input is the JSON body, outputs and errors are
// JSON with the error code in `__type` and X-Amzn-ErrorType.

import { ServiceError, jsonErrors } from '../../wire/errors.js';
import { jsonError, jsonOutput, parseJsonBody } from '../../wire/json.js';
import { findOperation, type ServiceModel } from '../../wire/model.js';
import { decodeJsonInput, encodeJsonOutput } from '../../wire/shapes.js';
import { header } from '../headers.js';
import type { AuthFailureKind, InputSource, Protocol, ProtocolService, Routed } from './protocol.js';

const AUTH_CODES: Record<AuthFailureKind, string> = {
  missing: 'MissingAuthenticationTokenException',
  incomplete: 'IncompleteSignatureException',
  'invalid-token': 'UnrecognizedClientException',
  'expired-token': 'ExpiredTokenException',
  signature: 'InvalidSignatureException',
};

/** Clients send either version's type (or plain JSON) to either version's services. */
const JSON_TYPES = new Set(['application/x-amz-json-1.1', 'application/x-amz-json-1.0', 'application/json']);

function route<S extends ProtocolService>(request: Parameters<Protocol['route']>[0], services: readonly S[]): Routed<S> {
  const target = header(request, 'x-amz-target') ?? '';
  const dot = target.lastIndexOf('.');
  const prefix = dot > 0 ? target.slice(0, dot) : '';
  const requested = target.slice(dot + 1);
  const service = services.find((s) => s.targetPrefix === prefix || s.targetPrefixAliases?.includes(prefix));
  if (!service) return { requested, error: jsonErrors.unknownOperation() };
  if (request.method !== 'POST') return { service, requested, error: jsonErrors.unknownOperation() };
  const contentType = (header(request, 'content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (!JSON_TYPES.has(contentType)) {
    const expected = service.model.metadata.jsonVersion ?? '1.1';
    const error = jsonErrors.serialization(`Unsupported Content-Type '${contentType.slice(0, 100)}': expected application/x-amz-json-${expected}.`);
    return { service, requested, error };
  }
  if (!findOperation(service.model, requested)) return { service, requested, error: jsonErrors.unknownOperation() };
  return { service, requested, operation: requested, source: { kind: 'json', body: request.body } };
}

function awsJson(version: '1.0' | '1.1'): Protocol {
  const contentType = `application/x-amz-json-${version}`;
  return {
    name: `awsJson${version.replace('.', '_')}`,
    recognizes: (request) => header(request, 'x-amz-target') !== undefined,
    route: (request, services) => route(request, services),
    decode(model: ServiceModel, operation: string, source: InputSource) {
      if (source.kind !== 'json') throw new Error(`AWS JSON cannot decode a ${source.kind} input`);
      return decodeJsonInput(model, operation, parseJsonBody(source.body));
    },
    encode: (model, operation, output, requestId) => jsonOutput(requestId, encodeJsonOutput(model, operation, output), contentType),
    renderError: (error, requestId) => jsonError(requestId, error, contentType),
    authError: (kind, message) => new ServiceError(AUTH_CODES[kind], message, { status: 400, messageMember: 'message' }),
    internalError: () => jsonErrors.internal(),
    unavailableError: () => jsonErrors.unavailable(),
  };
}

export const awsJson1_0 = awsJson('1.0');
export const awsJson1_1 = awsJson('1.1');
