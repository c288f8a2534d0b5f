import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CredentialsRejected, type IdentityResolver } from '../identity/credentials.js';
import { ACCESS_KEY_ID, SECRET, SESSION_TOKEN, SIGNED_AT, sdkSigned } from '../sigv4/testing/kit.js';
import { AuthFailure } from '../sigv4/types.js';
import { authenticate } from './authenticate.js';
import type { GatewayDeps } from './deps.js';

const ACCOUNT = '123456789012';

/** Authenticates a request signed with the test kit's key and a session token, against `identities`. */
async function signedWith(identities: IdentityResolver) {
  const request = { ...(await sdkSigned({ sessionToken: SESSION_TOKEN })), remoteAddress: '127.0.0.1' };
  // authenticate reads only these members of the gateway's dependencies.
  const deps: Pick<GatewayDeps, 'identities' | 'now' | 'accountId' | 'clockSkewSeconds'> = { identities, now: () => SIGNED_AT, accountId: ACCOUNT, clockSkewSeconds: 300 };
  return authenticate(request, deps as GatewayDeps, 'ssm');
}

const rejecting = (error: Error): IdentityResolver => async () => {
  throw error;
};

describe('authenticate: credentials the identity layer rejects', () => {
  for (const kind of ['invalid-token', 'expired-token'] as const) {
    it(`reads a rejected session token (${kind}) as the SigV4 failure of that kind, with its message`, async () => {
      await assert.rejects(signedWith(rejecting(new CredentialsRejected(kind, `the ${kind} text`))), (error: unknown) => {
        assert.ok(error instanceof AuthFailure);
        assert.deepEqual([error.kind, error.message], [kind, `the ${kind} text`]);
        return true;
      });
    });
  }

  it('lets any other failure of the resolver through as it is', async () => {
    const broken = new Error('store unavailable');
    await assert.rejects(signedWith(rejecting(broken)), (error: unknown) => error === broken);
  });

  it('verifies the signature with the secret of the identity the resolver found', async () => {
    const principal = { arn: `arn:aws:iam::${ACCOUNT}:user/admin`, accountId: ACCOUNT, userId: 'AIDAX', accessKeyId: ACCESS_KEY_ID };
    const identity = { secretAccessKey: SECRET, principal, subject: { kind: 'user' as const, userName: 'admin', userId: 'AIDAX' } };
    const { region } = await signedWith(async (accessKeyId, sessionToken) => (accessKeyId === ACCESS_KEY_ID && sessionToken === SESSION_TOKEN ? identity : undefined));
    assert.equal(region, 'eu-west-1');
  });
});
