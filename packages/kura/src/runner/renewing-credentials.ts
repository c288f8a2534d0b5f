// The task role's credentials, kept fresh for the whole life of the task as the ECS agent does.
//
// When to renew: the SDKs refresh ahead of expiry (botocore from 15 min before, and it refuses
// credentials that are within 10 min of expiry after a refresh; SDK v3 treats the last 5 min as
// expired), so what we serve should always have comfortably more than 15 min left. We renew when
// max(20 % of the lifetime, 20 min) remains, but never later than half-life, so that even a short
// session (900 s) is renewed while it is still useful. A failed renewal is retried every 30 s
// (sooner near expiry); meanwhile the current credentials are served until they expire.

import type { RoleCredentials } from './service-role.js';

export interface Clock {
  now(): number;
  setTimer(fn: () => void, ms: number): { cancel(): void };
}

export const realClock: Clock = {
  now: () => Date.now(),
  setTimer(fn, ms) {
    const timer = setTimeout(fn, ms);
    timer.unref();
    return { cancel: () => clearTimeout(timer) };
  },
};

export type CredentialsEvent =
  | { action: 'issued' | 'renewed'; expiration: Date; renewAt: Date }
  | { action: 'renewal-failed'; message: string; retryAt: Date };

const RETRY_MS = 30_000;

/** Milliseconds after issue at which credentials of this lifetime are renewed. */
export function renewalDelay(lifetimeMs: number): number {
  const margin = Math.min(Math.max(0.2 * lifetimeMs, 20 * 60_000), lifetimeMs / 2);
  return Math.max(0, lifetimeMs - margin);
}

export class RenewingCredentials {
  private current: RoleCredentials | undefined;
  private timer: { cancel(): void } | undefined;
  private stopped = false;

  constructor(
    private readonly fetchCredentials: () => Promise<RoleCredentials>,
    private readonly onEvent: (event: CredentialsEvent) => void,
    private readonly clock: Clock = realClock,
  ) {}

  /** Fetches the first credentials; a failure here is the task's failure to start. */
  async start(): Promise<RoleCredentials> {
    const first = await this.fetchCredentials();
    this.accept(first, 'issued');
    return first;
  }

  /** The credentials to serve, or undefined once they have expired without a successful renewal. */
  get(): RoleCredentials | undefined {
    const c = this.current;
    return c && c.expiration.getTime() > this.clock.now() ? c : undefined;
  }

  stop(): void {
    this.stopped = true;
    this.timer?.cancel();
  }

  private accept(credentials: RoleCredentials, action: 'issued' | 'renewed'): void {
    const now = this.clock.now();
    this.current = credentials;
    const delay = renewalDelay(credentials.expiration.getTime() - now);
    this.onEvent({ action, expiration: credentials.expiration, renewAt: new Date(now + delay) });
    this.schedule(delay);
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer?.cancel();
    this.timer = this.clock.setTimer(() => void this.renew(), ms);
  }

  private async renew(): Promise<void> {
    if (this.stopped) return;
    try {
      const next = await this.fetchCredentials();
      if (!this.stopped) this.accept(next, 'renewed');
    } catch (error) {
      if (this.stopped) return;
      const left = (this.current?.expiration.getTime() ?? 0) - this.clock.now();
      const wait = left > 0 ? Math.min(RETRY_MS, Math.max(1_000, left / 4)) : RETRY_MS;
      this.onEvent({ action: 'renewal-failed', message: error instanceof Error ? error.message : String(error), retryAt: new Date(this.clock.now() + wait) });
      this.schedule(wait);
    }
  }
}
