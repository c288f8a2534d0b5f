// The AWS Query protocol (IAM, STS): the operation is the `Action` parameter of a form body (or, for
// a pre-signed GET, of the query string), the service is the one the signature is scoped to, and
// outputs and errors are XML in the model's namespace.

import { SERVICE_UNAVAILABLE_MESSAGE, ServiceError } from '../../wire/errors.js';
import type { ServiceModel } from '../../wire/model.js';
import { findOperation } from '../../wire/model.js';
import { queryError, queryOutput, queryParams } from '../../wire/query.js';
import { decodeQueryInput, encodeQueryOutput } from '../../wire/shapes.js';
import { header } from '../headers.js';
import type { AuthFailureKind, Protocol, ProtocolService, Routed } from './protocol.js';

const AUTH_CODES: Record<AuthFailureKind, { code: string; status: number }> = {
  missing: { code: 'MissingAuthenticationToken', status: 403 },
  incomplete: { code: 'IncompleteSignature', status: 400 },
  'invalid-token': { code: 'InvalidClientTokenId', status: 403 },
  'expired-token': { code: 'ExpiredToken', status: 403 },
  signature: { code: 'SignatureDoesNotMatch', status: 403 },
};

/** The namespace of an error for a request whose service is unknown: IAM's, as AWS's own endpoints use. */
const DEFAULT_NAMESPACE = 'https://iam.amazonaws.com/doc/2010-05-08/';

function route<S extends ProtocolService>(request: Parameters<Protocol['route']>[0], services: readonly S[], scopeService: string | undefined): Routed<S> {
  const service = services.find((s) => s.signingName === scopeService);
  let params: URLSearchParams;
  try {
    params = queryParams(request.method, request.rawUrl, request.body);
  } catch {
    return { ...(service ? { service } : {}), error: new ServiceError('MalformedQueryString', 'The query string is malformed.') };
  }
  const action = params.get('Action') ?? undefined;
  const requested = action !== undefined ? { requested: action } : {};
  if (!service) return { ...requested, error: new ServiceError('InvalidAction', `The action ${action ?? ''} is not valid for this web service.`) };
  if (request.method !== 'POST' && request.method !== 'GET') {
    return { service, ...requested, error: new ServiceError('InvalidAction', 'Only POST and GET requests are accepted.') };
  }
  if (action === undefined || action === '') return { service, ...requested, error: new ServiceError('MissingAction', 'Missing Action') };
  if (!findOperation(service.model, action)) {
    return { service, requested: action, error: new ServiceError('InvalidAction', `Could not find operation ${action} for version ${service.model.metadata.apiVersion}`) };
  }
  return { service, requested: action, operation: action, source: { kind: 'query', params } };
}

export const awsQuery: Protocol = {
  name: 'awsQuery',
  recognizes: (request) => header(request, 'x-amz-target') === undefined,
  route,
  decode(model, operation, source) {
    if (source.kind !== 'query') throw new Error(`AWS Query cannot decode a ${source.kind} input`);
    return decodeQueryInput(model, operation, source.params);
  },
  encode: (model, operation, output, requestId) => queryOutput(requestId, encodeQueryOutput(model, operation, output, requestId)),
  renderError: (error: ServiceError, requestId: string, model?: ServiceModel) => queryError(requestId, error, model?.metadata.xmlNamespace ?? DEFAULT_NAMESPACE),
  authError(kind, message) {
    const { code, status } = AUTH_CODES[kind];
    return new ServiceError(code, message, { status });
  },
  internalError: () => new ServiceError('ServiceFailure', 'An internal error occurred.', { status: 500 }),
  // IAM's and STS's common errors list it as for every AWS API: https://docs.aws.amazon.com/IAM/latest/APIReference/CommonErrors.html
  unavailableError: () => new ServiceError('ServiceUnavailable', SERVICE_UNAVAILABLE_MESSAGE, { status: 503 }),
};
