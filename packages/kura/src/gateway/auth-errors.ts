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

export function jsonAuthError(failure: AuthFailure): ServiceError {
  return new ServiceError(JSON_CODES[failure.kind], failure.message, { status: 400, messageMember: 'message' });
}
