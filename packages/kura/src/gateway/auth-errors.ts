// How an authentication failure reads on the wire, per protocol (spec §2.5).

import { ServiceError } from '../wire/errors.js';
import type { AuthFailure } from '../sigv4/types.js';

const JSON_CODES: Record<AuthFailure['kind'], string> = {
  missing: 'MissingAuthenticationTokenException',
  incomplete: 'IncompleteSignatureException',
  'invalid-token': 'UnrecognizedClientException',
  'expired-token': 'ExpiredTokenException',
  signature: 'InvalidSignatureException',
};

const QUERY_CODES: Record<AuthFailure['kind'], { code: string; status: number }> = {
  missing: { code: 'MissingAuthenticationToken', status: 403 },
  incomplete: { code: 'IncompleteSignature', status: 400 },
  'invalid-token': { code: 'InvalidClientTokenId', status: 403 },
  'expired-token': { code: 'ExpiredToken', status: 403 },
  signature: { code: 'SignatureDoesNotMatch', status: 403 },
};

export function authError(protocol: 'json' | 'query', failure: AuthFailure): ServiceError {
  if (protocol === 'json') return new ServiceError(JSON_CODES[failure.kind], failure.message, { status: 400, messageMember: 'message' });
  const { code, status } = QUERY_CODES[failure.kind];
  return new ServiceError(code, failure.message, { status });
}
