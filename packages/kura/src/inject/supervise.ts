// The spawn fallback of launch.ts (a program execve(2) cannot run), and the parent that watch.ts keeps
// (--watch, --file, --template): the program runs as Kura's child with Kura's stdio; every signal
// Kura can catch is passed on, and Kura exits as the program did.
//
// Not forwarded: SIGKILL and SIGSTOP (cannot be caught); SIGTSTP, SIGTTIN and SIGTTOU (left at their
// defaults so that Ctrl-Z stops Kura together with the program, as job control expects); SIGCHLD,
// SIGSEGV, SIGBUS, SIGFPE, SIGILL (Kura's own). A signal sent to the whole process group (Ctrl-C in a
// terminal) reaches the program directly as well as through Kura: that is the price of not being
// able to execve, and why `docker stop`, which signals PID 1 only, is the case this is built for.

import { spawn, type ChildProcess } from 'node:child_process';
import { constants } from 'node:os';
import { ExecError, EXIT } from './errors.js';
import type { Program } from './program.js';

export const FORWARDED_SIGNALS: NodeJS.Signals[] = ['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2', 'SIGWINCH', 'SIGCONT', 'SIGALRM', 'SIGVTALRM', 'SIGXCPU', 'SIGPWR', 'SIGURG', 'SIGIO'];

/** 128 + the signal's number, as shells report a death by signal. */
export function signalExitCode(signal: NodeJS.Signals): number {
  return 128 + (constants.signals[signal] ?? 0);
}

/** A started program: a way to signal it, and its end. */
export interface Started {
  /** Undefined when it could not be started. */
  pid: number | undefined;
  /** Sends a signal; nothing happens once the program has exited. */
  kill(signal: NodeJS.Signals): void;
  /**
   * Resolves with the program's exit code, or 128 + the signal that ended it; rejects with an
   * ExecError (126, or 127 for ENOENT) when it could not be started at all.
   */
  exited: Promise<number>;
}

/** Spawns the program with Kura's stdio and exactly `env`. Never throws: a failure is `exited` rejecting. */
export function startProgram(program: Program, env: Record<string, string>): Started {
  const cannotRun = (error: NodeJS.ErrnoException) => new ExecError(`${program.argv0}: cannot run (${error.code ?? error.message})`, error.code === 'ENOENT' ? EXIT.notFound : EXIT.cannotRun);
  let child: ChildProcess;
  try {
    child = spawn(program.file, program.args, { argv0: program.argv0, env, stdio: 'inherit' });
  } catch (error) {
    // spawn throws (rather than emitting 'error') for a few failures, such as an argument it refuses.
    return { pid: undefined, kill: () => {}, exited: Promise.reject(cannotRun(error as NodeJS.ErrnoException)) };
  }
  const exited = new Promise<number>((resolve, reject) => {
    child.on('error', (error: NodeJS.ErrnoException) => {
      // Without a pid it never ran. With one, the error is about a signal that could not be
      // delivered (kill(2) failing), and the program's own exit is still to come.
      if (child.pid === undefined) reject(cannotRun(error));
    });
    child.once('exit', (code, signal) => resolve(code ?? (signal ? signalExitCode(signal) : 1)));
  });
  return { pid: child.pid, kill: (signal) => child.kill(signal), exited };
}

/**
 * Hands every signal of FORWARDED_SIGNALS that Kura receives to `forward` (Kura's own default
 * action, such as dying on SIGTERM, no longer applies). Returns the function that stops it.
 */
export function forwardSignals(forward: (signal: NodeJS.Signals) => void): () => void {
  const listeners = new Map<NodeJS.Signals, () => void>();
  for (const signal of FORWARDED_SIGNALS) {
    const listener = () => {
      forward(signal);
    };
    try {
      process.on(signal, listener);
      listeners.set(signal, listener);
    } catch {
      // not a signal on this platform
    }
  }
  return () => {
    for (const [signal, listener] of listeners) process.removeListener(signal, listener);
  };
}

export async function supervise(program: Program, env: Record<string, string>): Promise<number> {
  const { kill, exited } = startProgram(program, env);
  const stop = forwardSignals(kill);
  try {
    return await exited;
  } finally {
    stop();
  }
}
