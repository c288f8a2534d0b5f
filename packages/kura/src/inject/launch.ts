// Starts the program. With process.execve (POSIX; bin/kura.js refuses a Node older than 22.15, which
// has it) Kura becomes the program: same PID, signals go straight to it, its exit code is the
// container's. Where execve(2) cannot run it (a script without #!, an environment too large for it,
// Windows) Kura spawns it with the same stdio, forwards every signal it can catch, and exits with its
// code, or 128+signal.

import { execveCanRun, type Program } from './program.js';

export function canExecve(): boolean {
  return typeof process.execve === 'function' && process.platform !== 'win32';
}

/** Resolves with the exit code to return (spawn), or never (execve: this process is gone). */
export async function launch(program: Program, env: Record<string, string>): Promise<number> {
  if (canExecve() && execveCanRun(program.file) && fitsExecve(program, env)) {
    // Node ignores SIGPIPE and SIGXFSZ, and ignored signals stay ignored across execve(2): a program
    // would then see EPIPE where it expects to die quietly (`app | head`). A handled signal is reset to
    // its default by execve, so handling them here hands the program the defaults a shell would.
    process.on('SIGPIPE', () => {});
    process.on('SIGXFSZ', () => {});
    restoreBlockingStdio();
    process.execve?.(program.file, [program.argv0, ...program.args], env);
  }
  const { supervise } = await import('./supervise.js');
  return supervise(program, env);
}

/**
 * Linux refuses (E2BIG) one string over 128 KiB, or argv and environment together over a limit that
 * depends on the stack (2 MiB with the usual 8 MiB stack). process.execve would abort on that, so an
 * environment anywhere near it goes through spawn, which reports the failure as an error instead.
 */
const MAX_STRING = 128 * 1024;
const MAX_TOTAL = 1024 * 1024;

export function fitsExecve(program: Program, env: Record<string, string>): boolean {
  let total = 0;
  for (const text of [program.file, program.argv0, ...program.args, ...Object.entries(env).map(([k, v]) => `${k}=${v}`)]) {
    const bytes = Buffer.byteLength(text) + 1;
    if (bytes > MAX_STRING) return false;
    total += bytes + 8; // and its pointer
  }
  return total <= MAX_TOTAL;
}

/**
 * Node switches a pipe on stdout/stderr to O_NONBLOCK when it first makes process.stdout/stderr,
 * and its own streams make them in passing (Readable.pipe compares its destination with them, as
 * the SDK's response reading does). O_NONBLOCK belongs to the open file, so the program would inherit
 * it and could lose output on EAGAIN. spawn resets it in the child (libuv does); before execve, Kura
 * does it: the handles' setBlocking is what Node uses for the same purpose on Windows.
 */
function restoreBlockingStdio(): void {
  for (const stream of [process.stdout, process.stderr]) {
    (stream as unknown as { _handle?: { setBlocking?: (blocking: boolean) => number } })._handle?.setBlocking?.(true);
  }
}
