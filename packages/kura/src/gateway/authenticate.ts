// Stage 3: SigV4. Parse what the caller presented, find the key's owner (and check its session
// token), verify the signature over the request as received. Any failure ends the request before its
// input is decoded.

import { presentedSignature, verifySignature } from '../sigv4/index.js';
import { AuthFailure, type PresentedSignature } from '../sigv4/types.js';
import type { GatewayDeps } from './deps.js';
import { CredentialsRejected, type Identity } from '../identity/credentials.js';
import type { GatewayRequest } from './types.js';

const INVALID_TOKEN = 'The security token included in the request is invalid.';

export async function authenticate(
  request: GatewayRequest,
  deps: GatewayDeps,
  service: string | undefined,
  presented: PresentedSignature = presentedSignature(request),
): Promise<{ identity: Identity; region: string }> {
  const now = deps.now();
  const identity = await deps.identities(presented.accessKeyId, presented.sessionToken, now).catch((error: unknown) => {
    // A bad or expired session token reads as the SigV4 failure of the same kind.
    throw error instanceof CredentialsRejected ? new AuthFailure(error.kind, error.message) : error;
  });
  if (!identity || identity.principal.accountId !== deps.accountId) throw new AuthFailure('invalid-token', INVALID_TOKEN);
  verifySignature(request, presented, identity.secretAccessKey, {
    now,
    clockSkewSeconds: deps.clockSkewSeconds,
    service: service ?? presented.scope.service,
  });
  return { identity, region: presented.scope.region };
}
