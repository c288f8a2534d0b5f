// UpdateSecret's new KMS key for the versions already stored: AWS re-encrypts the versions labelled
// AWSCURRENT, AWSPENDING and AWSPREVIOUS under it and leaves the others under the key they have
// (https://docs.aws.amazon.com/secretsmanager/latest/userguide/manage_update-encryption-key.html).
// Each is re-encrypted for the caller (envelope.ts: kms:Decrypt of its key, kms:Encrypt of the new
// one); one the caller cannot re-encrypt stays as it is, as AWS documents for a caller without
// those permissions. The result joins the write (SecretChange.reseal), conditional like the rest.

import type { SecretChange, SecretReseal, SecretVersionRecord } from '../../store/secrets.js';
import type { OperationContext } from '../context.js';
import { resealValue } from './envelope.js';
import { applyStages, CURRENT, PENDING, PREVIOUS } from './stages.js';

const RESEALED_STAGES = new Set([CURRENT, PENDING, PREVIOUS]);

/** The versions already stored that hold one of the three labels once `change` is written. */
function labelledAfter(versions: readonly SecretVersionRecord[], change: SecretChange | undefined): SecretVersionRecord[] {
  const removed = new Set(change?.removeVersions ?? []);
  return applyStages(versions, change?.stages ?? []).filter((v) => !removed.has(v.versionId) && v.stages.some((s) => RESEALED_STAGES.has(s)));
}

/**
 * Re-encrypts under `keyRef` the versions that keep one of the three labels after `change`. Kept
 * for the request: a decision made again after a write conflict reuses what was re-encrypted, as
 * long as the version's envelope is still the one it was made from.
 */
export function resealer(ctx: OperationContext, secretArn: string, keyRef: string | null) {
  const done = new Map<string, { from: Buffer; resealed: Promise<SecretReseal | undefined> }>();
  const one = (version: SecretVersionRecord): Promise<SecretReseal | undefined> => {
    const kept = done.get(version.versionId);
    if (kept?.from.equals(version.sealed)) return kept.resealed;
    const resealed = resealValue(ctx, secretArn, version, keyRef).then((r) => r && { versionId: version.versionId, sealed: r.sealed, kmsKeyArn: r.keyArn });
    done.set(version.versionId, { from: version.sealed, resealed });
    return resealed;
  };
  return async (versions: readonly SecretVersionRecord[], change: SecretChange | undefined): Promise<SecretReseal[]> => {
    const resealed: SecretReseal[] = [];
    for (const version of labelledAfter(versions, change)) {
      const r = await one(version);
      if (r) resealed.push(r);
    }
    return resealed;
  };
}
