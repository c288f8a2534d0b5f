// A new version of a secret's value (CreateSecret's first, PutSecretValue, UpdateSecret), with AWS's
// idempotency: the ClientRequestToken becomes the VersionId, so a retry with the same token and the
// same value finds its version and changes nothing, while the same token with another value is
// ResourceExistsException (a version is never modified). Comparing needs the stored value, opened
// for the caller as a read would be (AWS documents kms:Decrypt as needed for PutSecretValue). The
// exception is a rotation's pending version, which RotateSecret labels before it has a value: the
// rotation function's createSecret puts the value with that token (pending-version.ts).

import { timingSafeEqual } from 'node:crypto';
import type { SecretChange, SecretPatch, SecretRecord, SecretValueKind, SecretVersionRecord } from '../../store/secrets.js';
import type { OperationContext } from '../context.js';
import { openValue, sealValue, type Sealed } from './envelope.js';
import { smErrors } from './errors.js';
import type { SecretValueInput } from './input.js';
import { hasValue } from './pending-version.js';
import { afterManualChange } from './rotation-schedule.js';
import { applyStages, CURRENT, stagesForNewVersion, versionsToPrune } from './stages.js';

export interface NewVersionRequest {
  token: string;
  value: SecretValueInput;
  /** The labels asked for (PutSecretValue's VersionStages; AWSCURRENT otherwise). */
  labels: string[];
  /** The key that seals it: the secret's, or the one UpdateSecret sets in the same request. */
  keyRef: string | null;
}

export interface PlannedVersion {
  versionId: string;
  stages: string[];
  /** Absent for an idempotent retry: the version exists with this value. */
  change?: SecretChange;
}

function sameValue(stored: Buffer, kind: SecretValueKind, value: SecretValueInput): boolean {
  return kind === value.kind && stored.length === value.bytes.length && timingSafeEqual(stored, value.bytes);
}

/** Seals once per request: a retry after a write conflict reuses the envelope (same ARN, same id). */
export function sealOnce(ctx: OperationContext, secretArn: string, request: NewVersionRequest): () => Promise<Sealed> {
  let sealed: Promise<Sealed> | undefined;
  return () => (sealed ??= sealValue(ctx, secretArn, request.token, request.keyRef, request.value.kind, request.value.bytes));
}

export async function planNewVersion(
  ctx: OperationContext,
  secret: SecretRecord,
  versions: SecretVersionRecord[],
  request: NewVersionRequest,
  seal: () => Promise<Sealed>,
): Promise<PlannedVersion> {
  const existing = versions.find((v) => v.versionId === request.token);
  // A rotation's pending version, labelled by RotateSecret before createSecret puts its value.
  if (existing && !hasValue(existing)) return fillPending(ctx, secret, versions, request, seal);
  if (existing) {
    const stored = await openValue(ctx, secret.arn, existing);
    try {
      if (!sameValue(stored, existing.kind, request.value)) throw smErrors.versionExists();
    } finally {
      stored.fill(0);
    }
    return { versionId: existing.versionId, stages: existing.stages };
  }
  // The first version of a secret is AWSCURRENT whatever else it is labelled.
  const labels = versions.length === 0 && !request.labels.includes('AWSCURRENT') ? [...request.labels, 'AWSCURRENT'] : request.labels;
  const { stages, changed } = stagesForNewVersion(versions, request.token, labels);
  const { sealed, keyArn } = await seal();
  const now = ctx.now();
  const added: SecretVersionRecord = { versionId: request.token, stages, createdDate: now, lastAccessedDate: null, kmsKeyArn: keyArn, kind: request.value.kind, sealed };
  const removeVersions = versionsToPrune([...applyStages(versions, changed), added], now);
  const change: SecretChange = { addVersion: added, patch: patchFor(secret, labels, now) };
  if (changed.length > 0) change.stages = changed.filter((c) => !removeVersions.includes(c.versionId));
  if (removeVersions.length > 0) change.removeVersions = removeVersions;
  return { versionId: request.token, stages, change };
}

/** lastChangedDate, and for a new AWSCURRENT value of a secret rotated on a schedule the next rotation date (AWS counts it as a rotation). */
function patchFor(secret: SecretRecord, labels: readonly string[], now: Date): SecretPatch {
  const rotation = labels.includes(CURRENT) ? afterManualChange(secret.rotation, now) : undefined;
  return rotation ? { lastChangedDate: now, rotation } : { lastChangedDate: now };
}

/**
 * The value of a version that has none yet: it keeps its id and creation date and takes the labels
 * asked for (the rotation templates ask for AWSPENDING, which it has), as a new version would.
 */
async function fillPending(ctx: OperationContext, secret: SecretRecord, versions: SecretVersionRecord[], request: NewVersionRequest, seal: () => Promise<Sealed>): Promise<PlannedVersion> {
  const { stages, changed } = stagesForNewVersion(versions, request.token, request.labels);
  const { sealed, keyArn } = await seal();
  const change: SecretChange = {
    patch: patchFor(secret, request.labels, ctx.now()),
    stages: [...changed, { versionId: request.token, stages }],
    reseal: [{ versionId: request.token, sealed, kmsKeyArn: keyArn, kind: request.value.kind }],
  };
  return { versionId: request.token, stages, change };
}
