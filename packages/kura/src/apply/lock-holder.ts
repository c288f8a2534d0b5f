// Who holds a stack's lock (lock.ts): the value of the lock parameter, written by the run that took
// it. It names the run well enough for a person to find it (host, pid, operation, since when) and
// carries a random token, so that a run releases only the lock it took itself. Nothing secret goes
// in: anyone allowed to read /kura/stacks/* reads it.

export const LOCK_FORMAT = 'kura-apply-lock/1';

export type LockOperation = 'apply' | 'delete';

export interface LockHolder {
  format: typeof LOCK_FORMAT;
  operation: LockOperation;
  /** os.hostname() of the run. */
  host: string;
  pid: number;
  /** When it took the lock, ISO 8601. */
  since: string;
  /** Random, to tell this run's lock from a later one of the same process. */
  token: string;
}

export function encodeHolder(holder: LockHolder): string {
  return JSON.stringify(holder);
}

/** The holder a lock parameter names, or undefined when kura apply did not write that value. */
export function decodeHolder(text: string): LockHolder | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const h = parsed as { [key: string]: unknown };
  if (h.format !== LOCK_FORMAT || (h.operation !== 'apply' && h.operation !== 'delete')) return undefined;
  if (typeof h.host !== 'string' || h.host === '' || typeof h.since !== 'string' || typeof h.token !== 'string' || h.token === '') return undefined;
  // Only a positive pid: process.kill(0 or a negative pid, 0) would ask about a whole process group.
  if (typeof h.pid !== 'number' || !Number.isSafeInteger(h.pid) || h.pid <= 0) return undefined;
  return { format: LOCK_FORMAT, operation: h.operation, host: h.host, pid: h.pid, since: h.since, token: h.token };
}

/** Whether a process of this machine is running: signal 0 checks without signalling. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user, so it is alive.
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/**
 * A lock is stale when its holder ran on this very machine (same host name) and its process is gone:
 * killed mid-apply, it never released the lock. A holder on another machine cannot be checked from
 * here, so its lock is never stale: a person breaks it with --force-unlock.
 */
export function isStale(holder: LockHolder, here: { host: string; alive: (pid: number) => boolean }): boolean {
  return holder.host === here.host && !here.alive(holder.pid);
}

/** `apply by pid 4242 on build-7 since 2026-01-02T03:04:05.000Z`, made printable (the value is anyone's text). */
export function describeHolder(holder: LockHolder): string {
  return `${holder.operation} by pid ${holder.pid} on ${printable(holder.host)} since ${printable(holder.since)}`;
}

function printable(text: string): string {
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  return text.slice(0, 256).replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
