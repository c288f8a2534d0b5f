// Time-driven key events, applied lazily whenever a key is touched instead of by a background timer:
// a scheduled deletion whose waiting period is over deletes the key (material, aliases and tags with
// it), and an enabled key whose automatic rotation date has passed gets fresh material. Nothing can
// observe a key without loading it, so applying the events on load is indistinguishable from a timer
// except for the dates recorded (a rotation is dated when it is noticed, not when it came due).

import type { KeyRecord, KeyRepository } from '../../store/keys.js';
import type { Scope } from '../../store/scope.js';
import type { MaterialVault } from './materials.js';

const DAY_MS = 86_400_000;

export interface LifecycleDeps {
  keys: KeyRepository;
  vault: MaterialVault;
  now: () => Date;
}

export async function applyDueEvents(deps: LifecycleDeps, scope: Scope, keyId: string): Promise<KeyRecord | undefined> {
  const { keys, vault, now } = deps;
  const key = await keys.get(scope, keyId);
  if (!key) return undefined;
  const at = now();

  if (key.keyState === 'PendingDeletion' && key.deletionDate !== null && key.deletionDate.getTime() <= at.getTime()) {
    await keys.delete(scope, keyId);
    vault.forget(scope, keyId);
    return undefined;
  }

  // AWS does not rotate a disabled key or one pending deletion; when it is enabled again after its
  // date, the rotation happens then. Several missed periods give one rotation, not a burst.
  const due = key.nextRotationDate;
  if (key.rotationEnabled && key.keyState === 'Enabled' && due !== null && due.getTime() <= at.getTime()) {
    const periodMs = (key.rotationPeriodInDays ?? 365) * DAY_MS;
    const missed = Math.floor((at.getTime() - due.getTime()) / periodMs) + 1;
    const next = new Date(due.getTime() + missed * periodMs);
    // Move the date first and only if the key is still enabled: of two requests noticing the same
    // due date, the rotation's `seenVersion` keeps the second from adding another version.
    const moved = await keys.update(scope, keyId, { nextRotationDate: next }, 'Enabled');
    if (moved === 'not-found') return undefined;
    if (moved === 'updated') await vault.rotate(scope, keyId, 'AUTOMATIC', key.currentMaterial);
    return keys.get(scope, keyId);
  }
  return key;
}
