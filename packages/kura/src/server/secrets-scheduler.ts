// Secrets Manager's clock: every period, once across the replicas of one store (store.meta.claimJob,
// as the STS session sweep), it deletes the secrets whose recovery window has ended and starts the
// rotations whose window has opened or that failed and are due a retry
// (services/secretsmanager/scheduled-rotation.ts decides each). Bounded work per period: a store
// holding more due than that catches up over the following periods. Errors are logged with the
// secret's name, never a value; one secret's failure does not stop the others.

import { purgeIfDue, rotateIfDue } from '../services/secretsmanager/scheduled-rotation.js';
import type { RotationFunctions } from '../services/rotation-functions.js';
import type { Store } from '../store/store.js';
import { StoreUnavailableError } from '../store/unavailable.js';
import type { Logger } from './logger.js';

export const SCHEDULE_EVERY_MS = 60_000;
/** Secrets deleted per period at most. */
const PURGES_PER_PERIOD = 100;
/** Rotations started per period at most: each runs a process per step. */
const ROTATIONS_PER_PERIOD = 10;
/** Secrets looked at per period for rotation (see below). */
const ROTATION_CANDIDATES = 100;
/** A window lasts a day at most: dueForRotation looks that far ahead for windows that have opened. */
const LONGEST_WINDOW_MS = 24 * 3_600_000;

export interface SecretsScheduler {
  /** One period's work, if this replica claims the period. */
  tick(): Promise<void>;
  stop(): void;
}

export function startSecretsScheduler(options: { store: Store; functions: RotationFunctions; now: () => Date; logger: Logger; everyMs?: number }): SecretsScheduler {
  const { store, functions, now, logger } = options;
  const everyMs = options.everyMs ?? SCHEDULE_EVERY_MS;
  let ticking: Promise<void> | undefined;

  const failed = (what: string, fields: Record<string, unknown>) => (error: unknown) => {
    if (error instanceof StoreUnavailableError) return logger.log('debug', `${what}: store unavailable`, fields);
    logger.log('error', what, { ...fields, error: error instanceof Error ? error.message : String(error) });
  };

  async function work(): Promise<void> {
    const at = now();
    if (!(await store.meta.claimJob('secretsmanager-schedule', at, everyMs))) return;
    for (const due of await store.secrets.dueForDeletion(at, PURGES_PER_PERIOD)) {
      const deleted = await purgeIfDue(store, due, at).catch(failed('secret deletion failed', { secret: due.name, account: due.scope.accountId }));
      if (deleted) logger.log('info', 'secret deleted: its recovery window ended', { secret: due.name, account: due.scope.accountId, region: due.scope.region });
    }
    // NextRotationDate is a window's last second: the windows that have opened end within a day.
    const candidates = await store.secrets.dueForRotation(new Date(at.getTime() + LONGEST_WINDOW_MS), ROTATION_CANDIDATES);
    let started = 0;
    for (const due of candidates) {
      if (started >= ROTATIONS_PER_PERIOD) break;
      const outcome = await rotateIfDue({ store, functions, now }, due).catch(failed('scheduled rotation failed to start', { secret: due.name, account: due.scope.accountId }));
      if (outcome === 'started' || outcome === 'retried') {
        started += 1;
        logger.log('info', outcome === 'started' ? 'scheduled rotation started' : 'failed rotation retried', { secret: due.name, account: due.scope.accountId, region: due.scope.region });
      }
    }
  }

  const tick = (): Promise<void> => {
    // A period whose work outlasts it is not overlapped by the next.
    ticking ??= work()
      .catch(failed('Secrets Manager schedule failed', {}))
      .finally(() => (ticking = undefined));
    return ticking;
  };
  const timer = setInterval(() => void tick(), everyMs);
  timer.unref();
  return {
    tick,
    stop: () => clearInterval(timer),
  };
}
