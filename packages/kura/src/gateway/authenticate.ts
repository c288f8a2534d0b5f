// Stage 3: SigV4. Parse what the caller presented, find the key's owner, verify the signature over
// the request as received. Any failure ends the request before its body is even parsed.

import { AuthFailure } from '../sigv4/types.js';
import { presentedSignature, verifySignature } from '../sigv4/index.js';
import type { Principal } from '../services/context.js';
import { jsonAuthError } from './auth-errors.js';
import type { GatewayDeps } from './deps.js';
import type { GatewayRequest } from './types.js';

const INVALID_TOKEN = 'The security token included in the request is invalid.';

export async function authenticate(
  request: GatewayRequest,
  deps: GatewayDeps,
  service: string | undefined,
): Promise<{ principal: Principal; region: string }> {
  try {
    const presented = presentedSignature(request);
    const identity = await deps.identities(presented.accessKeyId);
    if (!identity || identity.principal.accountId !== deps.accountId) throw new AuthFailure('invalid-token', INVALID_TOKEN);
    // Long-term keys never carry a session token; one presented with them is refused (spec §2.4).
    if (presented.sessionToken !== undefined) throw new AuthFailure('invalid-token', INVALID_TOKEN);
    verifySignature(request, presented, identity.secretAccessKey, {
      now: deps.now(),
      clockSkewSeconds: deps.clockSkewSeconds,
      service: service ?? presented.scope.service,
    });
    return { principal: identity.principal, region: presented.scope.region };
  } catch (error) {
    if (error instanceof AuthFailure) throw jsonAuthError(error);
    throw error;
  }
}
