// The plain data the KMS domain's interface speaks in: a key found by a reference, a blob opened,
// and the facts an authorization question about a key is built from. They live apart from the code
// (domain.ts, key-access.ts) so that services/context.ts, which declares the KmsDomain interface,
// and the code both can name them without importing each other: this file imports no KMS code.

import type { KeyRecord } from '../../store/keys.js';

export interface ResolvedKey {
  key: KeyRecord;
  arn: string;
  /** The alias name the reference used (`kms:RequestAlias`), when it named an alias. */
  requestAlias?: string;
}

export interface OpenedBlob extends ResolvedKey {
  plaintext: Buffer;
  materialVersion: number;
}

type ConditionValues = Record<string, string | string[]>;

/** What the request adds to the key's own condition keys. */
export interface KeyRequestFacts {
  /** `kms:EncryptionContext:<key>` per pair and `kms:EncryptionContextKeys`. */
  encryptionContext?: Record<string, string>;
  /** `kms:EncryptionAlgorithm` (cryptographic operations; the default when the request names none). */
  encryptionAlgorithm?: string;
  /** `kms:RequestAlias`: the alias the request named the key by, when it did. */
  requestAlias?: string;
  /** Operation-specific keys: `kms:ScheduleKeyDeletionPendingWindowInDays`, `aws:RequestTag/…`. */
  extra?: ConditionValues;
}

/** Who is asking, as KMS's own condition keys see it. */
export interface KeyCallerFacts {
  /** `kms:CallerAccount`. */
  accountId: string;
  /** `kms:ViaService`, only when an integrated service calls for the caller. */
  viaService?: string;
}
