// Who holds an access key: an IAM user's long-term key (the bootstrap administrator included), or
// STS temporary credentials (whose session token must match and must not have expired). Secrets are
// stored wrapped by the keyring; the --dev pair `test`/`test` is held only in memory, so it can never
// outlive a development run.

import { timingSafeEqual } from 'node:crypto';
import { accessKeyAad, sessionTokenHash } from '../crypto/credential-secrets.js';
import type { Keyring } from '../crypto/keyring.js';
import type { Store } from '../store/store.js';
import type { SessionRecord } from '../store/sessions.js';
import { nameOfArn } from './arns.js';
import type { Principal } from './principal.js';
import { sessionPrincipal } from './session-principal.js';

export interface Identity {
  secretAccessKey: string;
  principal: Principal;
  /**
   * The IAM user behind a long-term key (its name, and its unique id, which the user found under
   * that name must still have), or the STS session behind temporary credentials.
   */
  subject: { kind: 'user'; userName: string; userId: string } | { kind: 'session'; session: SessionRecord };
}

/**
 * Credentials that name a known key but may not be used: a session token that does not match (or
 * one presented with a long-term key or an inactive key), or an expired session. The gateway words
 * it as the SigV4 failure of the same kind.
 */
export class CredentialsRejected extends Error {
  constructor(
    readonly kind: 'invalid-token' | 'expired-token',
    message: string,
  ) {
    super(message);
    this.name = 'CredentialsRejected';
  }
}

/** Resolves the presented key (and token); undefined when unknown; throws CredentialsRejected for bad tokens. */
export type IdentityResolver = (accessKeyId: string, sessionToken: string | undefined, now: Date) => Promise<Identity | undefined>;

export interface IdentityOptions {
  store: Pick<Store, 'accessKeys' | 'sessions'>;
  keyring: Keyring;
  /** With --dev: an extra in-memory key pair acting as the administrator. */
  devCredentials?: { accessKeyId: string; secretAccessKey: string; principal: Omit<Principal, 'accessKeyId'> };
}

const INVALID_TOKEN = 'The security token included in the request is invalid.';
const EXPIRED_TOKEN = 'The security token included in the request is expired';

function tokenMatches(session: SessionRecord, token: string): boolean {
  const presented = Buffer.from(sessionTokenHash(token), 'hex');
  const stored = Buffer.from(session.sessionTokenHash, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}

export function createIdentityResolver(options: IdentityOptions): IdentityResolver {
  const { store, keyring, devCredentials } = options;
  return async (accessKeyId, sessionToken, now) => {
    if (devCredentials && accessKeyId === devCredentials.accessKeyId) {
      if (sessionToken !== undefined) throw new CredentialsRejected('invalid-token', INVALID_TOKEN);
      const principal = { ...devCredentials.principal, accessKeyId, kind: 'user' as const };
      return {
        secretAccessKey: devCredentials.secretAccessKey,
        principal,
        subject: { kind: 'user', userName: nameOfArn(principal.arn), userId: principal.userId },
      };
    }
    const record = await store.accessKeys.find(accessKeyId);
    if (record) {
      // Long-term keys never carry a session token; one presented with them is refused, as AWS does.
      if (record.status !== 'Active' || sessionToken !== undefined) throw new CredentialsRejected('invalid-token', INVALID_TOKEN);
      const secret = keyring.unwrap('wrap-access-key', record.secretCiphertext, accessKeyAad(accessKeyId)).toString('utf8');
      return {
        secretAccessKey: secret,
        principal: { arn: record.principalArn, accountId: record.accountId, userId: record.principalId, accessKeyId, kind: 'user' },
        subject: { kind: 'user', userName: nameOfArn(record.principalArn), userId: record.principalId },
      };
    }
    const session = await store.sessions.find(accessKeyId);
    if (!session) return undefined;
    if (sessionToken === undefined || !tokenMatches(session, sessionToken)) throw new CredentialsRejected('invalid-token', INVALID_TOKEN);
    // Checked at request time, with no grace period: expired credentials fail from their expiry on.
    if (session.expiration.getTime() <= now.getTime()) throw new CredentialsRejected('expired-token', EXPIRED_TOKEN);
    const secret = keyring.unwrap('wrap-access-key', session.secretCiphertext, accessKeyAad(accessKeyId)).toString('utf8');
    return { secretAccessKey: secret, principal: sessionPrincipal(session), subject: { kind: 'session', session } };
  };
}
