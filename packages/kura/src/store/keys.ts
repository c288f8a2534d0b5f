// KMS storage port. Key material is stored only wrapped by the server keyring: this port never sees
// plaintext material, and nothing here can unwrap it.

import type { Scope } from './scope.js';

export type KeyState = 'Enabled' | 'Disabled' | 'PendingDeletion';
export type KeyManager = 'AWS' | 'CUSTOMER';

export interface KeyRecord {
  keyId: string;
  description: string;
  keyManager: KeyManager;
  keyState: KeyState;
  creationDate: Date;
  /** When a scheduled deletion takes effect. */
  deletionDate: Date | null;
  /** The key policy document (JSON text). */
  policy: string;
  rotationEnabled: boolean;
  rotationPeriodInDays: number | null;
  /** The material version new encryptions use. */
  currentMaterial: number;
}

export interface KeyMaterial {
  keyId: string;
  version: number;
  /** The 256-bit material, wrapped by the keyring (AAD binds key id and version). */
  wrapped: Buffer;
  createdAt: Date;
  /** How many encryptions have used this version (random-nonce GCM is safe below 2^32). */
  usageCount: number;
}

export interface AliasRecord {
  aliasName: string;
  targetKeyId: string;
  creationDate: Date;
  lastUpdatedDate: Date;
}

export interface NewKey {
  key: Omit<KeyRecord, 'currentMaterial'>;
  material: { wrapped: Buffer; createdAt: Date };
  /** An alias created with the key, atomically (used for AWS managed keys like alias/aws/ssm). */
  alias?: string;
}

export type ReserveOutcome =
  | { outcome: 'reserved'; material: KeyMaterial }
  /** The current material reached its usage bound: the caller must rotate before encrypting. */
  | { outcome: 'exhausted'; material: KeyMaterial }
  | { outcome: 'not-found' };

export interface KeyRepository {
  /** Creates a key (and its optional alias). Returns the existing alias target if the alias was taken. */
  create(scope: Scope, key: NewKey): Promise<{ outcome: 'created' } | { outcome: 'alias-exists'; targetKeyId: string }>;
  get(scope: Scope, keyId: string): Promise<KeyRecord | undefined>;
  alias(scope: Scope, aliasName: string): Promise<AliasRecord | undefined>;
  material(scope: Scope, keyId: string, version: number): Promise<KeyMaterial | undefined>;
  /** Counts one encryption against the current material, atomically, unless it has reached `limit`. */
  reserve(scope: Scope, keyId: string, limit: number): Promise<ReserveOutcome>;
  /** Adds a new material version and makes it current. */
  addMaterial(scope: Scope, keyId: string, material: { wrapped: Buffer; createdAt: Date }): Promise<number>;
}
