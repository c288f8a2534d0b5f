// What the server's scheduler does for Secrets Manager, one secret at a time (server/secrets-scheduler.ts
// finds them and bounds the work): start the rotation whose window has opened, retry one that
// failed, and end a recovery window that has passed.
//
// A scheduled rotation labels a new version AWSPENDING, conditional on the secret as read, so of
// several replicas deciding at once one starts it. A rotation already in progress (AWSPENDING on a
// version without AWSCURRENT, left by a failed run) is retried with that same version, as AWS
// says it reattempts it: once it is older than the longest a run can take (so no replica can still
// be running it), and then at most once per retry period across replicas (store.meta.claimJob).
// NextRotationDate does not move until a rotation succeeds: AWS's "if rotation is unsuccessful,
// this date may be in the past". A rotation that has just finished on another replica, whose dates
// that replica is about to record, is not started again (finishingRotation).

import { randomUUID } from 'node:crypto';
import type { DueSecret } from '../../store/secrets.js';
import type { Store } from '../../store/store.js';
import type { RotationFunctions } from '../rotation-functions.js';
import { finishingRotation, pendingRotation, valuelessVersion } from './pending-version.js';
import { isExpired } from './resolve.js';
import { startRotation, type RotationJob } from './rotation-run.js';
import { windowOpens } from './rotation-schedule.js';
import { applyStages, PENDING, stagesForNewVersion, versionsToPrune } from './stages.js';

export interface ScheduleDeps {
  store: Store;
  functions: RotationFunctions;
  now: () => Date;
}

/** How often a failed rotation is tried again at most (or the run bound, when longer). */
export const RETRY_EVERY_MS = 15 * 60_000;

export type ScheduledOutcome = 'started' | 'retried' | 'not-due' | 'busy';

/** Starts or retries the rotation of a secret dueForRotation named, when its window has opened. */
export async function rotateIfDue(deps: ScheduleDeps, due: DueSecret): Promise<ScheduledOutcome> {
  const { store, functions } = deps;
  const now = deps.now();
  const secret = await store.secrets.get(due.scope, due.name);
  const functionArn = secret?.rotation.lambdaArn;
  if (!secret || !secret.rotation.enabled || secret.deletedDate !== null || !functionArn) return 'not-due';
  const opens = windowOpens(secret.rotation);
  if (opens === undefined || opens.getTime() > now.getTime()) return 'not-due';
  if (functions.running(secret.arn)) return 'busy';
  const versions = await store.secrets.versions(due.scope, secret.name);
  const job = (versionId: string): RotationJob => ({ name: secret.name, arn: secret.arn, versionId, functionArn, mode: 'rotate' });
  const run = { store, functions, now: deps.now, scope: due.scope };
  const pending = pendingRotation(versions);
  if (pending) {
    if (now.getTime() - pending.createdDate.getTime() < functions.maxRotationMs) return 'busy';
    const period = Math.max(RETRY_EVERY_MS, functions.maxRotationMs);
    if (!(await store.meta.claimJob(`secretsmanager-rotation-retry:${secret.arn}`, now, period))) return 'busy';
    return startRotation(run, job(pending.versionId)) ? 'retried' : 'busy';
  }
  // Finished on another replica, its dates not yet recorded: the window only looks open.
  if (finishingRotation(versions, secret.rotation.lastRotatedDate, now, functions.maxRotationMs)) return 'busy';
  const token = randomUUID();
  const { stages, changed } = stagesForNewVersion(versions, token, [PENDING]);
  const added = valuelessVersion(token, stages, now);
  const removeVersions = versionsToPrune([...applyStages(versions, changed), added], now);
  const outcome = await store.secrets.change(due.scope, secret.name, secret, {
    addVersion: added,
    ...(changed.length > 0 ? { stages: changed.filter((c) => !removeVersions.includes(c.versionId)) } : {}),
    ...(removeVersions.length > 0 ? { removeVersions } : {}),
  });
  // Another writer (a request, another replica's scheduler) changed the secret first: the next tick looks again.
  if (outcome !== 'written') return 'busy';
  return startRotation(run, job(token)) ? 'started' : 'busy';
}

/** Deletes a secret dueForDeletion named whose recovery window has ended; true when it went. */
export async function purgeIfDue(store: Store, due: DueSecret, now: Date): Promise<boolean> {
  const secret = await store.secrets.get(due.scope, due.name);
  if (!secret || !isExpired(secret, now)) return false;
  // Conditional on the revision read: a RestoreSecret that came first keeps the secret.
  return store.secrets.delete(due.scope, secret.name, secret);
}
