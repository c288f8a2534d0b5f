// Finds the program before anything is fetched, with Kura's own PATH (as `exec` in a shell does), so
// that a typo fails fast and --pristine (no PATH for the program) still finds it.

import { accessSync, closeSync, constants, openSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import { ExecError, EXIT } from './errors.js';

export interface Program {
  /** Absolute path handed to execve(2) or spawn. */
  file: string;
  /** argv[0] as typed, like a shell passes it. */
  argv0: string;
  args: string[];
}

export function resolveProgram(command: string, args: string[], pathVariable: string | undefined, cwd = process.cwd()): Program {
  if (command === '') throw new ExecError('no program to run', EXIT.usage);
  const candidates = command.includes('/') ? [path.resolve(cwd, command)] : (pathVariable ?? '').split(':').map((dir) => path.resolve(cwd, dir || '.', command));
  let denied: string | undefined;
  for (const file of candidates) {
    if (!isRegularFile(file)) continue;
    try {
      accessSync(file, constants.X_OK);
      return { file, argv0: command, args };
    } catch {
      denied ??= file;
    }
  }
  if (denied !== undefined) throw new ExecError(`${command}: permission denied (${denied} is not executable)`, EXIT.cannotRun);
  throw new ExecError(`${command}: program not found${command.includes('/') ? '' : ' in PATH'}`, EXIT.notFound);
}

function isRegularFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * Whether execve(2) will accept the file itself: an ELF binary or a `#!` script. Node's
 * process.execve aborts the process (SIGABRT, perhaps a core file) when execve fails, so anything
 * else (a shell script without `#!`, which execvp runs with /bin/sh) goes through spawn instead.
 */
export function execveCanRun(file: string): boolean {
  const head = Buffer.alloc(4);
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const n = readSync(fd, head, 0, 4, 0);
    return (n >= 2 && head[0] === 0x23 && head[1] === 0x21) || (n === 4 && head.equals(Buffer.from([0x7f, 0x45, 0x4c, 0x46])));
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
