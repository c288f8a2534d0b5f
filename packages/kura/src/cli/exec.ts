// `kura exec`: read the options (exec-args.ts, and exec-env.ts for KURA_EXEC_* variables) and hand
// over to src/inject. The program's arguments are never looked at.

import { isExecError } from '../inject/errors.js';
import type { ExecOptions } from '../inject/options.js';
import { runExec, writeStderr } from '../inject/run.js';
import { buildOptions, readArgv } from './exec-args.js';
import { optionsFromEnvironment } from './exec-env.js';
import { EXEC_HELP } from './exec-help.js';

export { EXEC_HELP };

/** The options of `argv` and of the KURA_EXEC_* variables of `env`, or 'help'. */
export function parseExecArgs(argv: string[], env: NodeJS.ProcessEnv = {}): ExecOptions | 'help' {
  const read = readArgv(argv);
  if (read === 'help') return read;
  const onCommandLine = new Set(read.given.map((option) => option.flag));
  return buildOptions([...optionsFromEnvironment(env, onCommandLine), ...read.given], read.command);
}

export async function run(argv: string[]): Promise<number> {
  try {
    const options = parseExecArgs(argv, process.env);
    if (options === 'help') {
      process.stdout.write(EXEC_HELP);
      return 0;
    }
    return await runExec(options);
  } catch (error) {
    if (!isExecError(error)) throw error;
    writeStderr(error.message);
    return error.exitCode;
  }
}
