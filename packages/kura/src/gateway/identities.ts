// Who holds an access key. Stored keys (the bootstrap administrator now, IAM users later) live in
// the store with their secrets wrapped by the keyring; the --dev pair `test`/`test` is held only in
// memory, so it can never outlive a development run.

import type { Keyring } from '../crypto/keyring.js';
import type { Store } from '../store/store.js';
import type { Principal } from '../services/context.js';

export interface Identity {
  secretAccessKey: string;
  principal: Principal;
}

export type IdentityResolver = (accessKeyId: string) => Promise<Identity | undefined>;

export interface IdentityOptions {
  store: Store;
  keyring: Keyring;
  /** With --dev: an extra in-memory key pair acting as the administrator. */
  devCredentials?: { accessKeyId: string; secretAccessKey: string; principal: Omit<Principal, 'accessKeyId'> };
}

export const accessKeyAad = (accessKeyId: string) => `access-key:${accessKeyId}`;

export function createIdentityResolver(options: IdentityOptions): IdentityResolver {
  const { store, keyring, devCredentials } = options;
  return async (accessKeyId) => {
    if (devCredentials && accessKeyId === devCredentials.accessKeyId) {
      return { secretAccessKey: devCredentials.secretAccessKey, principal: { ...devCredentials.principal, accessKeyId } };
    }
    const record = await store.accessKeys.find(accessKeyId);
    if (!record || record.status !== 'Active') return undefined;
    const secret = keyring.unwrap('wrap-access-key', record.secretCiphertext, accessKeyAad(accessKeyId)).toString('utf8');
    return {
      secretAccessKey: secret,
      principal: { arn: record.principalArn, accountId: record.accountId, userId: record.principalId, accessKeyId },
    };
  };
}
