// One container as a local process. Each is spawned in its own process group, so the terminal's
// Ctrl-C reaches only `kura run-task` (which then stops the task in order, as ECS would) and so
// stopping can take the whole container down: SIGTERM to the program (Docker signals PID 1 only),
// SIGKILL to the group after stopTimeout, and SIGKILL to the group's leftovers when the program
// exits (a container's processes do not outlive it).

import { spawn, type ChildProcess } from 'node:child_process';
import { constants } from 'node:os';
import type { Writable } from 'node:stream';

export interface ProcessSpec {
  argv: string[];
  env: Record<string, string>;
  cwd: string;
}

export interface OutputSink {
  stdout: Writable;
  stderr: Writable;
  /** Put in front of every line when several containers share the terminal. */
  prefix?: string;
}

export interface Exit {
  /** The program's exit code, or 128 + signal number when a signal ended it (as Docker reports). */
  exitCode: number;
  signal?: NodeJS.Signals;
}

export function exitCodeOf(code: number | null, signal: NodeJS.Signals | null): number {
  if (code !== null) return code;
  return 128 + (signal ? (constants.signals[signal] ?? 0) : 0);
}

export function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the group is already gone.
  }
}

export class ContainerProcess {
  readonly exited: Promise<Exit>;
  private killTimer: NodeJS.Timeout | undefined;
  private outputClosed: Promise<void>;

  private constructor(
    private readonly child: ChildProcess,
    readonly pid: number,
    sink: OutputSink,
  ) {
    // After a successful spawn the only 'error' left is a failed kill(), which stop() tolerates.
    child.on('error', () => undefined);
    const pending = [forward(child.stdout, sink.stdout, sink.prefix), forward(child.stderr, sink.stderr, sink.prefix)];
    this.outputClosed = Promise.all(pending).then(() => undefined);
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        if (this.killTimer) clearTimeout(this.killTimer);
        killGroup(pid, 'SIGKILL');
        resolve({ exitCode: exitCodeOf(code, signal), ...(signal ? { signal } : {}) });
      });
    });
  }

  /** Starts the program; rejects (with the OS's reason) when it cannot be started at all. */
  static async start(spec: ProcessSpec, sink: OutputSink): Promise<ContainerProcess> {
    const [file, ...args] = spec.argv;
    if (file === undefined) throw new Error('empty command');
    const child = spawn(file, args, { cwd: spec.cwd, env: spec.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', () => resolve());
      child.once('error', reject);
    });
    return new ContainerProcess(child, child.pid as number, sink);
  }

  /** SIGTERM now, SIGKILL to the whole group after `timeoutMs` if the program is still there. */
  stop(timeoutMs: number): void {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    try {
      this.child.kill('SIGTERM');
    } catch {
      // already gone
    }
    this.killTimer ??= setTimeout(() => killGroup(this.pid, 'SIGKILL'), timeoutMs);
  }

  kill(): void {
    killGroup(this.pid, 'SIGKILL');
  }

  /** Waits (at most `ms`) for the program's output to be written out, then lets go of the pipes
   *  (a process that escaped the group could hold them open and keep run-task from exiting). */
  async drained(ms: number): Promise<void> {
    await Promise.race([this.outputClosed, new Promise((r) => setTimeout(r, ms).unref())]);
    this.child.stdout?.destroy();
    this.child.stderr?.destroy();
  }
}

function forward(from: NodeJS.ReadableStream | null, to: Writable, prefix: string | undefined): Promise<void> {
  if (!from) return Promise.resolve();
  return new Promise((resolve) => {
    let partial = '';
    from.on('data', (chunk: Buffer) => {
      if (prefix === undefined) {
        to.write(chunk);
        return;
      }
      const text = partial + chunk.toString('utf8');
      const lines = text.split('\n');
      partial = lines.pop() ?? '';
      if (lines.length > 0) to.write(lines.map((l) => `${prefix}${l}\n`).join(''));
    });
    from.on('close', () => {
      if (prefix !== undefined && partial !== '') to.write(`${prefix}${partial}\n`);
      resolve();
    });
    from.on('error', () => resolve());
  });
}
