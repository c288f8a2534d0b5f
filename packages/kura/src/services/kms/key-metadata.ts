// KeyMetadata as DescribeKey, CreateKey and the rest return it (spec §4.1), and the identifiers
// derived from a key: material ids and the pending-deletion window.

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

/**
 * When a deletion scheduled now for `days` takes effect. The store keeps only the date, so the
 * window (7–30) rides in the date's millisecond field, where a client sees at most a sub-second
 * shift; GAPS.md notes it until the key record has a column for it.
 */
export function deletionDateFor(now: Date, days: number): Date {
  const seconds = Math.floor((now.getTime() + days * DAY_MS) / 1000);
  return new Date(seconds * 1000 + days);
}

/** The PendingDeletionWindowInDays a deletion date was scheduled with. */
export function pendingWindowOf(deletionDate: Date): number {
  return deletionDate.getUTCMilliseconds();
}

export function keyMetadata(scope: Scope, key: KeyRecord): Record<string, unknown> {
  const pending = key.keyState === 'PendingDeletion' && key.deletionDate !== null;
  return {
    AWSAccountId: scope.accountId,
    KeyId: key.keyId,
    Arn: keyArn(scope.region, scope.accountId, key.keyId),
    CreationDate: key.creationDate,
    Enabled: key.keyState === 'Enabled',
    Description: key.description,
    KeyUsage: key.keyUsage,
    KeyState: key.keyState,
    ...(pending && key.deletionDate ? { DeletionDate: key.deletionDate, PendingDeletionWindowInDays: pendingWindowOf(key.deletionDate) } : {}),
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
