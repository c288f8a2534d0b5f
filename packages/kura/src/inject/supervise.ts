// The spawn fallback of launch.ts (Node without process.execve): the program runs as Kura's child
// with Kura's stdio; every signal Kura can catch is passed on, and Kura exits as the program did.
//
// Not forwarded: SIGKILL and SIGSTOP (cannot be caught); SIGTSTP, SIGTTIN and SIGTTOU (left at their
// defaults so that Ctrl-Z stops Kura together with the program, as job control expects); SIGCHLD,
// SIGSEGV, SIGBUS, SIGFPE, SIGILL (Kura's own). A signal sent to the whole process group (Ctrl-C in a
// terminal) reaches the program directly as well as through Kura: that is the price of not being
// able to execve, and why `docker stop`, which signals PID 1 only, is the case this is built for.

import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { ExecError, EXIT } from './errors.js';
import type { Program } from './program.js';

export const FORWARDED_SIGNALS: NodeJS.Signals[] = ['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2', 'SIGWINCH', 'SIGCONT', 'SIGALRM', 'SIGVTALRM', 'SIGXCPU', 'SIGPWR', 'SIGURG', 'SIGIO'];

/** 128 + the signal's number, as shells report a death by signal. */
export function signalExitCode(signal: NodeJS.Signals): number {
  return 128 + (constants.signals[signal] ?? 0);
}

export function supervise(program: Program, env: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(program.file, program.args, { argv0: program.argv0, env, stdio: 'inherit' });
    const listeners = new Map<NodeJS.Signals, () => void>();
    for (const signal of FORWARDED_SIGNALS) {
      const forward = () => {
        child.kill(signal);
      };
      try {
        process.on(signal, forward);
        listeners.set(signal, forward);
      } catch {
        // not a signal on this platform
      }
    }
    const stop = () => {
      for (const [signal, forward] of listeners) process.removeListener(signal, forward);
    };
    child.once('error', (error: NodeJS.ErrnoException) => {
      stop();
      reject(new ExecError(`${program.argv0}: cannot run (${error.code ?? error.message})`, error.code === 'ENOENT' ? EXIT.notFound : EXIT.cannotRun));
    });
    child.once('exit', (code, signal) => {
      stop();
      resolve(code ?? (signal ? signalExitCode(signal) : 1));
    });
  });
}
