// A container's healthCheck, run the way Docker runs it for ECS: the first probe `interval` after
// the container starts, then every `interval`; a probe that exits 0 within `timeout` passes; the
// container is UNHEALTHY after `retries` consecutive failures, but failures inside `startPeriod`
// do not count (a pass there still makes it HEALTHY). The probe runs with the container's
// environment and working directory, in its own process group so a timeout kills all of it.

import { spawn } from 'node:child_process';
import type { HealthStatus } from './events.js';
import { killGroup } from './container-process.js';
import type { HealthCheck } from './task-definition.js';

export interface HealthTiming {
  intervalMs: number;
  timeoutMs: number;
  retries: number;
  startPeriodMs: number;
}

export function timingOf(hc: HealthCheck): HealthTiming {
  return { intervalMs: hc.intervalSeconds * 1000, timeoutMs: hc.timeoutSeconds * 1000, retries: hc.retries, startPeriodMs: hc.startPeriodSeconds * 1000 };
}

/** Runs one probe; resolves true when it exits 0 before the timeout. Aborting kills it. */
export function probe(command: HealthCheck['command'], env: Record<string, string>, cwd: string, timeoutMs: number, abort?: AbortSignal): Promise<boolean> {
  const [file, args] = command.kind === 'CMD-SHELL' ? ['/bin/sh', ['-c', command.script]] : [command.argv[0] as string, command.argv.slice(1)];
  return new Promise((resolve) => {
    const child = spawn(file, args, { env, cwd, stdio: 'ignore', detached: true });
    const end = (passed: boolean) => {
      clearTimeout(timer);
      abort?.removeEventListener('abort', onAbort);
      if (child.pid !== undefined) killGroup(child.pid, 'SIGKILL');
      resolve(passed);
    };
    const onAbort = () => end(false);
    const timer = setTimeout(() => end(false), timeoutMs);
    abort?.addEventListener('abort', onAbort);
    child.once('error', () => end(false));
    child.once('exit', (code) => end(code === 0));
  });
}

export class HealthMonitor {
  status: HealthStatus = 'UNKNOWN';
  private failures = 0;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private readonly inFlight = new AbortController();
  private readonly startedAt = Date.now();

  constructor(
    private readonly command: HealthCheck['command'],
    private readonly timing: HealthTiming,
    private readonly env: Record<string, string>,
    private readonly cwd: string,
    private readonly onChange: (status: HealthStatus) => void,
    private readonly runProbe: typeof probe = probe,
  ) {
    this.schedule(timing.intervalMs);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    // A probe still running belongs to the stopped container: it goes too.
    this.inFlight.abort();
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.check(), ms);
  }

  private async check(): Promise<void> {
    const began = Date.now();
    const passed = await this.runProbe(this.command, this.env, this.cwd, this.timing.timeoutMs, this.inFlight.signal);
    if (this.stopped) return;
    if (passed) {
      this.failures = 0;
      this.set('HEALTHY');
    } else if (began - this.startedAt >= this.timing.startPeriodMs) {
      this.failures += 1;
      if (this.failures >= this.timing.retries) this.set('UNHEALTHY');
    }
    this.schedule(Math.max(0, this.timing.intervalMs - (Date.now() - began)));
  }

  private set(status: HealthStatus): void {
    if (status === this.status) return;
    this.status = status;
    this.onChange(status);
  }
}
