// Runs a command as a child process the way a container runtime would (fresh environment, signals),
// collects its output, and waits for JSON log lines.

import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

export type LogLine = Record<string, unknown> & { level?: string; msg?: string };

export interface Running {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** stdout then stderr parsed as JSON lines (lines that are not JSON are skipped). */
  lines(): LogLine[];
  waitFor(predicate: (line: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** A minimal environment: PATH and nothing of the test runner's (no DB_*, no AWS_*). */
export function baseEnv(extra: Record<string, string> = {}): Record<string, string> {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', ...extra };
}

export interface RunOptions {
  cwd: string;
  env: Record<string, string>;
  /** Run as this uid/gid (the image's USER), when the test runs as root. */
  uid?: number;
  gid?: number;
}

export function run(command: string, args: string[], options: RunOptions): Running {
  const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const waiters = new Set<() => void>();
  const notify = () => waiters.forEach((w) => w());
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
    notify();
  });
  child.stderr?.on('data', (d: Buffer) => {
    err += d.toString();
    notify();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('close', (code, signal) => {
      notify();
      resolve({ code, signal });
    });
  });
  const lines = () =>
    `${out}\n${err}`.split('\n').flatMap((l) => {
      try {
        const v: unknown = JSON.parse(l);
        return v !== null && typeof v === 'object' ? [v as LogLine] : [];
      } catch {
        return [];
      }
    });
  const running: Running = {
    child,
    stdout: () => out,
    stderr: () => err,
    lines,
    exited,
    waitFor(predicate, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const hit = lines().find(predicate);
          if (hit) {
            cleanup();
            resolve(hit);
          } else if (child.exitCode !== null || child.signalCode !== null) {
            cleanup();
            reject(new Error(`process exited (${child.exitCode ?? child.signalCode}) before the awaited log line\nstdout:\n${out}\nstderr:\n${err}`));
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`timed out after ${timeoutMs} ms waiting for a log line\nstdout:\n${out}\nstderr:\n${err}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
  return running;
}

/** Starts `node dist/server.js`-like commands and resolves with the port from the "listening" line. */
export async function listeningPort(running: Running): Promise<number> {
  const line = await running.waitFor((l) => l.msg === 'listening');
  return Number(line.port);
}

/** A TCP port nothing listens on (bound then released; good enough on a test machine). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
