// The version a rotation works on. RotateSecret labels its ClientRequestToken AWSPENDING before the
// rotation function's createSecret runs, with no value yet: AWS's rotation templates check that the
// token has a stage ("has no stage for rotation" otherwise), then read AWSPENDING for that token and
// take ResourceNotFoundException as "put the new value now", which PutSecretValue with that token
// does. AWS documents that a failed rotation may leave AWSPENDING "attached to an empty secret
// version". Such a version is stored with an empty envelope: a sealed value never is empty (it
// starts with its format byte), and nothing else in the store needs to know.

import type { SecretVersionRecord } from '../../store/secrets.js';
import { CURRENT, PENDING, type VersionStages } from './stages.js';

/** Whether a version holds a value (every version but a rotation's pending one before createSecret). */
export function hasValue(version: Pick<SecretVersionRecord, 'sealed'>): boolean {
  return version.sealed.length > 0;
}

/** A version with `stages` and no value yet: what RotateSecret adds for its token. */
export function valuelessVersion(versionId: string, stages: string[], now: Date): SecretVersionRecord {
  return { versionId, stages, createdDate: now, lastAccessedDate: null, kmsKeyArn: '', kind: 'string', sealed: Buffer.alloc(0) };
}

/**
 * The version of a rotation still in progress: AWSPENDING on a version without AWSCURRENT. A
 * finished rotation leaves AWSPENDING on the AWSCURRENT version (or nowhere), and RotateSecret
 * refuses to start another while a rotation is in progress (AWS's rule).
 */
export function pendingRotation<T extends VersionStages>(versions: readonly T[]): T | undefined {
  return versions.find((v) => v.stages.includes(PENDING) && !v.stages.includes(CURRENT));
}

/**
 * A rotation whose finishSecret has made its version AWSCURRENT (AWSPENDING stays on it) but whose
 * dates are not recorded yet: the version was made after the last recorded rotation, within the
 * longest a run can take. Another replica's scheduler, which cannot see the run, would otherwise
 * find the window still open and start the next rotation at once.
 */
export function finishingRotation<T extends VersionStages & { createdDate: Date }>(versions: readonly T[], lastRotatedDate: Date | null, now: Date, maxRotationMs: number): T | undefined {
  return versions.find(
    (v) =>
      v.stages.includes(PENDING) &&
      v.stages.includes(CURRENT) &&
      (lastRotatedDate === null || v.createdDate.getTime() > lastRotatedDate.getTime()) &&
      now.getTime() - v.createdDate.getTime() < maxRotationMs,
  );
}
