// `kura exec` options from KURA_EXEC_* variables. A Dockerfile's exec-form ENTRYPOINT cannot expand
// variables, and an ECS task definition changes its environment far more easily than the image's
// entrypoint, so every option has a variable: --fallback-max-age is KURA_EXEC_FALLBACK_MAX_AGE.
//
// Rules (docs/exec.md has the table): an option given on the command line wins, and its variable
// is then ignored whole, even for options that may be repeated; the others count as given before
// the command line's options. A repeatable option takes several values separated by commas or
// newlines. A flag is on with 1/true/yes, off with 0/false/no or empty. --watch takes those too,
// or an interval. An unknown KURA_EXEC_ variable is refused, so a typo cannot silently drop a
// source. run.ts removes every KURA_EXEC_ variable from the program's environment.

import { FLAGS, OPTIONAL_VALUE, usage, VALUED, type GivenOption } from './exec-args.js';

export const ENV_PREFIX = 'KURA_EXEC_';

/** Options that may be given several times (each value adds to the list). */
const REPEATABLE = new Set(['--path', '--map', '--secret', '--allow-name', '--strict', '--file', '--template']);

export function variableFor(flag: string): string {
  return ENV_PREFIX + flag.slice(2).toUpperCase().replaceAll('-', '_');
}

const OPTION_OF = new Map([...FLAGS, ...VALUED, ...OPTIONAL_VALUE].map((flag) => [variableFor(flag), flag]));

/** Every option and its variable, in a stable order (for the help and the docs' table). */
export function environmentTable(): { flag: string; variable: string; repeatable: boolean }[] {
  return [...OPTION_OF].map(([variable, flag]) => ({ flag, variable, repeatable: REPEATABLE.has(flag) }));
}

/** The options the environment gives, leaving out those given on the command line (`onCommandLine`). */
export function optionsFromEnvironment(env: NodeJS.ProcessEnv, onCommandLine: ReadonlySet<string>): GivenOption[] {
  const given: GivenOption[] = [];
  const variables = Object.keys(env)
    .filter((name) => name.startsWith(ENV_PREFIX))
    .sort();
  for (const variable of variables) {
    const flag = OPTION_OF.get(variable);
    if (flag === undefined) throw usage(`${variable} is not a kura exec option; the variables are listed by 'kura exec --help'`);
    if (onCommandLine.has(flag)) continue;
    const raw = env[variable] ?? '';
    if (FLAGS.has(flag)) {
      if (switchedOn(variable, raw)) given.push({ flag, value: undefined });
    } else if (OPTIONAL_VALUE.has(flag)) {
      const lowered = raw.trim().toLowerCase();
      if (ON.has(lowered)) given.push({ flag, value: undefined });
      else if (!OFF.has(lowered)) given.push({ flag, value: raw.trim() });
    } else if (REPEATABLE.has(flag)) {
      for (const value of raw.split(/[,\n]/).map((part) => part.trim())) if (value !== '') given.push({ flag, value });
    } else if (raw !== '') given.push({ flag, value: raw });
  }
  return given;
}

const ON = new Set(['1', 'true', 'yes']);
const OFF = new Set(['0', 'false', 'no', '']);

function switchedOn(variable: string, raw: string): boolean {
  const lowered = raw.trim().toLowerCase();
  if (ON.has(lowered)) return true;
  if (OFF.has(lowered)) return false;
  throw usage(`${variable} expects 1, true or yes (on), or 0, false, no or nothing (off), got '${raw.slice(0, 50)}'`);
}
