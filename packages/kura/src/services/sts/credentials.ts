// Temporary credentials: an ASIA access key id, a 40-character secret stored only
// wrapped by the keyring (AAD = the key id, as for long-term keys), and a random session token
// stored only as its SHA-256 (hex). The gateway resolves ASIA keys through the stored session,
// compares the token's hash in constant time and refuses the credentials once they expire.

import { randomBytes } from 'node:crypto';
import type { SessionRecord } from '../../store/sessions.js';
import type { OperationContext } from '../context.js';
import { accessKeyAad } from '../iam/access-key-store.js';
import { accessKeyId, secretAccessKey } from '../iam/ids.js';

import { sessionTokenHash } from '../../crypto/credential-secrets.js';

export { sessionTokenHash };

/** Everything about a session but its secrets and lifetime. */
export type SessionDraft = Omit<SessionRecord, 'accessKeyId' | 'accountId' | 'secretCiphertext' | 'sessionTokenHash' | 'issuedAt' | 'expiration'>;

export interface IssuedCredentials {
  record: SessionRecord;
  /** As the model's Credentials shape: AccessKeyId, SecretAccessKey, SessionToken, Expiration. */
  wire: { AccessKeyId: string; SecretAccessKey: string; SessionToken: string; Expiration: Date };
}

/** What issuing a session needs: a request's context has it, and so has the server acting as a service (rotation). */
export type SessionIssuer = Pick<OperationContext, 'accountId' | 'store' | 'keyring' | 'now'>;

export async function issueCredentials(ctx: SessionIssuer, draft: SessionDraft, durationSeconds: number): Promise<IssuedCredentials> {
  const id = accessKeyId('ASIA');
  const secret = secretAccessKey();
  // 96 random bytes: far beyond guessing, and about the length SDKs are used to.
  const token = randomBytes(96).toString('base64');
  const issuedAt = ctx.now();
  // AWS reports expirations to the second.
  const expiration = new Date(Math.floor(issuedAt.getTime() / 1000) * 1000 + durationSeconds * 1000);
  const record: SessionRecord = {
    ...draft,
    accessKeyId: id,
    accountId: ctx.accountId,
    secretCiphertext: ctx.keyring.wrap('wrap-access-key', Buffer.from(secret, 'utf8'), accessKeyAad(id)),
    sessionTokenHash: sessionTokenHash(token),
    issuedAt,
    expiration,
  };
  // Expired sessions are refused at request time and swept by the server's timer (server/serve.ts),
  // off the request path.
  await ctx.store.sessions.save(record);
  return { record, wire: { AccessKeyId: id, SecretAccessKey: secret, SessionToken: token, Expiration: expiration } };
}
