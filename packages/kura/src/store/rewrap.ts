// Re-wrapping everything the master key wraps, for `kura rotate-master-key`: KMS key material,
// secret access keys and STS session secrets, and the master key's check value (meta.ts), in one
// transaction. A rotation cut short leaves every record and the check value under the old key,
// never a mix of both: a mix would be readable by no server. The store never sees a key: the
// caller's `rewrap` opens and seals (the store cannot import crypto), and a check value is derived.
// Not a Store port: a server never rotates; the command opens the store and uses this alone.

import type { Scope } from './scope.js';

/** A record's secret as stored: wrapped by the master key, with what identifies it (the wrapping's AAD). */
export type WrappedSecret =
  | { kind: 'kmsKeyMaterial'; scope: Scope; keyId: string; version: number; wrapped: Buffer }
  | { kind: 'accessKey'; accessKeyId: string; wrapped: Buffer }
  | { kind: 'stsSession'; accessKeyId: string; wrapped: Buffer };

export interface RewrapPlan {
  /** The check value of the master key the store was written with, and of the one replacing it. */
  currentCheck: Buffer;
  nextCheck: Buffer;
  /**
   * The secret wrapped under the new key, or undefined when it is already (an earlier rotation
   * to the same key committed). Throwing abandons the whole rotation.
   */
  rewrap(secret: WrappedSecret): Buffer | undefined;
}

export interface MasterKeyRewrap {
  /**
   * In one transaction: refuses a store whose recorded check value is of neither key
   * (RecordedKeyMismatchError), records the new key's, and stores what `rewrap` gives for every
   * wrapped secret. On PostgreSQL, refuses while other Kura processes are connected (StoreInUseError).
   */
  rewrapAll(plan: RewrapPlan): Promise<void>;
}

/** The columns both backends read key material by (kms_key_materials). */
export interface MaterialRow {
  account_id: string;
  region: string;
  key_id: string;
  version: number;
  wrapped: Buffer;
}

/** The columns both backends read a credential's secret by (access_keys, sts_sessions). */
export interface CredentialRow {
  access_key_id: string;
  secret_ciphertext: Buffer;
}

export type CredentialTable = 'access_keys' | 'sts_sessions';

export const materialSecret = (m: MaterialRow): WrappedSecret => ({
  kind: 'kmsKeyMaterial',
  scope: { accountId: m.account_id, region: m.region },
  keyId: m.key_id,
  version: m.version,
  wrapped: m.wrapped,
});

export const credentialSecret = (table: CredentialTable, row: CredentialRow): WrappedSecret => ({
  kind: table === 'access_keys' ? 'accessKey' : 'stsSession',
  accessKeyId: row.access_key_id,
  wrapped: row.secret_ciphertext,
});

/** The store's recorded check value belongs to neither the current key nor the new one. */
export class RecordedKeyMismatchError extends Error {
  constructor() {
    super('the store was written with another master key than the one given as current (its check value matches neither key); nothing was changed');
    this.name = 'RecordedKeyMismatchError';
  }
}

/** Other processes of Kura's are connected to the store's database: replicas, most likely. */
export class StoreInUseError extends Error {
  constructor(readonly clients: readonly string[]) {
    super(`${clients.length} other Kura connection${clients.length === 1 ? ' is' : 's are'} open to the store's database (from ${[...new Set(clients)].join(', ')})`);
    this.name = 'StoreInUseError';
  }
}

/** Throws unless the recorded check value (none: a store no server has started on) allows the rotation. */
export function checkRecorded(recorded: Buffer | undefined, plan: RewrapPlan): void {
  if (recorded === undefined || recorded.equals(plan.currentCheck) || recorded.equals(plan.nextCheck)) return;
  throw new RecordedKeyMismatchError();
}
