// For the watch.ts tests: a real program (a node script) that records what it was started with and
// the signals it got as JSON lines in a log file, fake sources whose next result a test sets, files
// written for real (so the program can read them) with every write recorded, and a poll to wait on.

import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Outputs, RenderedFile } from '../outputs.js';
import type { Program } from '../program.js';
import type { SupervisedRun } from '../watch.js';

/**
 * `app.mjs MODE`: logs `start` (pid, $VALUE, the content of $FILE), `signal` on SIGHUP/SIGUSR1 (with
 * $FILE's content then), and on SIGTERM either `term` and exit $TERM_EXIT (default 0), or, in mode
 * `ignore-term`, `ignored` and carries on. Mode `exit CODE` exits at once with CODE.
 */
const APP = `
import { appendFileSync, readFileSync } from 'node:fs';
const log = (event) => appendFileSync(process.env.LOG, JSON.stringify({ pid: process.pid, ...event }) + '\\n');
const file = () => (process.env.FILE ? readFileSync(process.env.FILE, 'utf8') : undefined);
const [mode, arg] = process.argv.slice(2);
log({ event: 'start', value: process.env.VALUE, file: file() });
for (const signal of ['SIGHUP', 'SIGUSR1']) process.on(signal, () => log({ event: 'signal', signal, file: file() }));
process.on('SIGTERM', () => {
  if (mode === 'ignore-term') return log({ event: 'ignored' });
  log({ event: 'term' });
  process.exit(Number(process.env.TERM_EXIT ?? 0));
});
if (mode === 'exit') process.exit(Number(arg));
setInterval(() => {}, 1000);
`;

export interface LogEvent {
  pid: number;
  event: 'start' | 'signal' | 'term' | 'ignored';
  value?: string;
  file?: string;
  signal?: string;
}

export interface Kit {
  dir: string;
  /** The program: node running the recording script with MODE and its arguments. */
  program(...args: string[]): Program;
  /** Outputs with LOG (and FILE when files are given) set, plus `env`. */
  outputs(env: Record<string, string>, files?: RenderedFile[]): Outputs;
  events(): LogEvent[];
  /** A path in the kit's directory. */
  file(name: string): string;
  cleanup(): void;
}

export function makeKit(): Kit {
  const dir = mkdtempSync(path.join(tmpdir(), 'kura-watch-test-'));
  const script = path.join(dir, 'app.mjs');
  writeFileSync(script, APP);
  const log = path.join(dir, 'log.jsonl');
  return {
    dir,
    program: (...args) => ({ file: process.execPath, argv0: 'node', args: [script, ...args] }),
    outputs: (env, files = []) => ({ env: { LOG: log, ...(files[0] ? { FILE: files[0].path } : {}), ...env }, overrides: [], files }),
    events: () => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as LogEvent) : []),
    file: (name) => path.join(dir, name),
    cleanup() {
      // A test that failed half-way may leave its program running: it must not outlive the test.
      for (const { pid } of this.events()) if (alive(pid)) process.kill(pid, 'SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A shell script with a #!, which a test can delete to make a restart fail with ENOENT. */
export function shellProgram(dir: string, body: string): Program {
  const file = path.join(dir, 'app.sh');
  writeFileSync(file, `#!/bin/sh\n${body}\n`);
  chmodSync(file, 0o755);
  return { file, argv0: 'app.sh', args: [] };
}

export interface FakeRun extends SupervisedRun {
  /** What the next read gives: outputs, or an error to reject with. */
  source: Outputs | Error;
  reads: number;
  lines: string[];
  /** The paths of each files.write call, in order. */
  writes: string[][];
  removals: number;
}

export function fakeRun(program: Program, first: Outputs, watch: SupervisedRun['watch']): FakeRun {
  const written = new Set<string>();
  const run: FakeRun = {
    program,
    first,
    ...(watch ? { watch } : {}),
    source: first,
    reads: 0,
    lines: [],
    writes: [],
    removals: 0,
    next: async () => {
      run.reads += 1;
      await Promise.resolve();
      if (run.source instanceof Error) throw run.source;
      // A copy, as a new read builds new objects: equal content must be seen as no change.
      return structuredClone(run.source);
    },
    files: {
      write(files: RenderedFile[]) {
        for (const file of files) {
          writeFileSync(file.path, file.content);
          written.add(file.path);
        }
        run.writes.push(files.map((file) => file.path));
      },
      removeAll() {
        for (const file of written) rmSync(file, { force: true });
        run.removals += 1;
      },
    },
    report: (line) => {
      run.lines.push(line);
    },
  };
  return run;
}

/** Polls `check` until it returns something other than undefined/false, or fails after `ms`. */
export async function eventually<T>(what: string, check: () => T | undefined | false, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Whether a process is still running. */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
