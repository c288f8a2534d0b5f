// Whether PostgreSQL answers, as this process has seen it, and how long a call that needs a
// connection may wait for one. An outage shorter than the bound (a restart, a failover) is waited
// out: a call keeps connecting until the outage is `boundMs` old, so its request is delayed rather
// than failed. Once the outage is older than that, waiting would make every request (and each store
// call of a request) last the whole bound: a call then makes one short attempt, which fails at once
// while the server refuses, and succeeds as soon as it is back: no restart is needed.

import pg from 'pg';
import { describeFailure } from './failures.js';

/** A change of the database's reachability as this process sees it; `reason` is safe to log. */
export type AvailabilityChange = { available: false; reason: string } | { available: true; unavailableMs: number };

/** The one connection attempt of a call made during an outage older than the bound. */
const LATE_ATTEMPT_MS = 1_000;

/** How a call may connect: until when, and whether it may try again after a refusal. */
export interface ConnectPlan {
  deadline: number;
  retry: boolean;
}

export class Availability {
  /** Since when PostgreSQL has not answered (the start of the first work that got no answer); undefined while it answers. */
  private downSince: number | undefined;

  constructor(
    private readonly options: {
      boundMs: number;
      /** The URL's password, to scrub from reasons. */
      secret: string | undefined;
      notify: ((change: AvailabilityChange) => void) | undefined;
    },
  ) {}

  /**
   * Work begun at `startedAt` failed because PostgreSQL cannot serve. A failure the server itself
   * sent (an ErrorResponse: shutting down, too many clients) proves it answered just now; a broken
   * or silent connection proves only that no answer came since the work began.
   */
  failed(error: unknown, startedAt: number): void {
    if (this.downSince !== undefined) return;
    this.downSince = error instanceof pg.DatabaseError ? Date.now() : startedAt;
    this.options.notify?.({ available: false, reason: describeFailure(error, this.options.secret) });
  }

  /** PostgreSQL answered (a result, or an error about the statement itself). */
  answered(): void {
    if (this.downSince === undefined) return;
    const since = this.downSince;
    this.downSince = undefined;
    this.options.notify?.({ available: true, unavailableMs: Date.now() - since });
  }

  /** How a call that starts `now` may connect. */
  plan(now: number): ConnectPlan {
    if (this.downSince === undefined) return { deadline: now + this.options.boundMs, retry: true };
    const end = this.downSince + this.options.boundMs;
    if (end > now) return { deadline: end, retry: true };
    return { deadline: now + Math.min(LATE_ATTEMPT_MS, this.options.boundMs), retry: false };
  }

  /** A call's `deadline`, brought forward to the end of the outage's bound if an outage began meanwhile. */
  shortened(deadline: number): number {
    return this.downSince === undefined ? deadline : Math.min(deadline, this.downSince + this.options.boundMs);
  }
}
