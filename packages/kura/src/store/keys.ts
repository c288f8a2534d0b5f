// KMS storage port. Key material is stored only wrapped by the server keyring: this port never sees
// plaintext material, and nothing here can unwrap it.

import type { Scope } from './scope.js';

export type KeyState = 'Enabled' | 'Disabled' | 'PendingDeletion';
export type KeyManager = 'AWS' | 'CUSTOMER';

export interface KeyRecord {
  keyId: string;
  description: string;
  /** SYMMETRIC_DEFAULT for every key Kura creates today; kept so other specs can come later. */
  keySpec: string;
  /** ENCRYPT_DECRYPT today. */
  keyUsage: string;
  /** AWS_KMS today. */
  origin: string;
  keyManager: KeyManager;
  keyState: KeyState;
  creationDate: Date;
  /** When a scheduled deletion takes effect. */
  deletionDate: Date | null;
  /** The waiting period (7–30 days) of a scheduled deletion; null when none is scheduled. */
  pendingWindowInDays: number | null;
  /** The key policy document (JSON text). */
  policy: string;
  rotationEnabled: boolean;
  rotationPeriodInDays: number | null;
  /** When automatic rotation next adds material (rotation enabled only). */
  nextRotationDate: Date | null;
  /** The material version new encryptions use. */
  currentMaterial: number;
}

/** Why a material version exists: the key's first material, or a rotation. */
export type MaterialOrigin = 'INITIAL' | 'AUTOMATIC' | 'ON_DEMAND' | 'USAGE_LIMIT';

export interface KeyMaterial {
  keyId: string;
  version: number;
  /** The 256-bit material, wrapped by the keyring (AAD binds key id and version). */
  wrapped: Buffer;
  createdAt: Date;
  /** How many encryptions have used this version (random-nonce GCM is safe below 2^32). */
  usageCount: number;
  origin: MaterialOrigin;
}

/** A material record anywhere in the store, for re-wrapping under a new master key. */
export interface ScopedMaterial extends KeyMaterial {
  scope: Scope;
}

export type KeyPatch = Partial<
  Pick<KeyRecord, 'description' | 'keyState' | 'deletionDate' | 'pendingWindowInDays' | 'policy' | 'rotationEnabled' | 'rotationPeriodInDays' | 'nextRotationDate'>
>;

export interface KeyTag {
  tagKey: string;
  tagValue: string;
}

export interface AliasRecord {
  aliasName: string;
  targetKeyId: string;
  creationDate: Date;
  lastUpdatedDate: Date;
}

export interface NewKey {
  key: Omit<KeyRecord, 'currentMaterial'>;
  /** The key's first material (origin INITIAL). */
  material: { wrapped: Buffer; createdAt: Date };
  tags?: KeyTag[];
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
  /**
   * Adds material version `version` and makes it current. The wrapping binds the version number, so
   * the caller chooses it; 'version-taken' when another writer (another replica) added it first.
   */
  addMaterial(
    scope: Scope,
    keyId: string,
    material: { version: number; wrapped: Buffer; createdAt: Date; origin: MaterialOrigin },
  ): Promise<'added' | 'version-taken' | 'not-found'>;

  /** Every material version of a key, ascending. */
  materials(scope: Scope, keyId: string): Promise<KeyMaterial[]>;
  /** Keys ordered by key id, after `afterKeyId` (exclusive). */
  list(scope: Scope, afterKeyId: string | undefined, limit: number): Promise<KeyRecord[]>;
  /**
   * Applies `patch` if the key exists and, when `expectedState` is given, is still in that state
   * (so two state transitions never both succeed from one starting state).
   */
  update(scope: Scope, keyId: string, patch: KeyPatch, expectedState?: KeyState): Promise<'updated' | 'not-found' | 'state-changed'>;
  /** Deletes a key with its material, aliases and tags (a scheduled deletion coming due). */
  delete(scope: Scope, keyId: string): Promise<boolean>;

  /** Aliases ordered by name, optionally only those of one key, after `afterAliasName` (exclusive). */
  listAliases(scope: Scope, query: { keyId?: string; afterAliasName?: string; limit: number }): Promise<AliasRecord[]>;
  createAlias(scope: Scope, alias: AliasRecord): Promise<'created' | 'exists' | 'key-not-found'>;
  updateAlias(scope: Scope, aliasName: string, targetKeyId: string, now: Date): Promise<'updated' | 'not-found' | 'key-not-found'>;
  deleteAlias(scope: Scope, aliasName: string): Promise<boolean>;

  /** Tags sorted by key; undefined when the key does not exist. */
  tags(scope: Scope, keyId: string): Promise<KeyTag[] | undefined>;
  /** Adds or overwrites tags; more than `maxTags` in the end → 'too-many' with nothing changed. */
  tag(scope: Scope, keyId: string, tags: KeyTag[], maxTags: number): Promise<'ok' | 'not-found' | 'too-many'>;
  untag(scope: Scope, keyId: string, tagKeys: string[]): Promise<'ok' | 'not-found'>;

  /** Master-key rotation: every wrapped material in the store, and its replacement in place. */
  allMaterials(): Promise<ScopedMaterial[]>;
  rewrap(scope: Scope, keyId: string, version: number, wrapped: Buffer): Promise<void>;
}
