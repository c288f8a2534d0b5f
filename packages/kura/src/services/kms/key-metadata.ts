// KeyMetadata as DescribeKey, CreateKey and the rest return it, and the identifiers
// derived from a key: material ids and the deletion date.

import { createHash } from 'node:crypto';
import type { KeyRecord } from '../../store/keys.js';
import type { Scope } from '../../store/scope.js';
import { keyArn } from './key-ref.js';

const DAY_MS = 86_400_000;

/**
 * The 64-hex KeyMaterialId of one material version. AWS's ids are opaque; Kura derives them from the
 * key id and version, so they are stable, unique per version and reveal nothing about the material.
 */
export function keyMaterialId(keyId: string, version: number): string {
  return createHash('sha256').update(`kura-kms-key-material:${keyId}:${version}`).digest('hex');
}

/** When a deletion scheduled now for `days` takes effect. */
export function deletionDateFor(now: Date, days: number): Date {
  return new Date(now.getTime() + days * DAY_MS);
}

export function keyMetadata(scope: Scope, key: KeyRecord): Record<string, unknown> {
  const pending = key.keyState === 'PendingDeletion' && key.deletionDate !== null && key.pendingWindowInDays !== null;
  return {
    AWSAccountId: scope.accountId,
    KeyId: key.keyId,
    Arn: keyArn(scope.region, scope.accountId, key.keyId),
    CreationDate: key.creationDate,
    Enabled: key.keyState === 'Enabled',
    Description: key.description,
    KeyUsage: key.keyUsage,
    KeyState: key.keyState,
    ...(pending ? { DeletionDate: key.deletionDate, PendingDeletionWindowInDays: key.pendingWindowInDays } : {}),
    Origin: key.origin,
    KeyManager: key.keyManager,
    // Deprecated twin of KeySpec that AWS still returns.
    CustomerMasterKeySpec: key.keySpec,
    KeySpec: key.keySpec,
    EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'],
    MultiRegion: false,
    CurrentKeyMaterialId: keyMaterialId(key.keyId, key.currentMaterial),
  };
}
