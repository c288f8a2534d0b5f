// `kura serve` options from KURA_* variables. A container image, a compose file or a CI job sets
// environment variables far more easily than it edits a command line, so every option has one:
// --some-option is KURA_SOME_OPTION (KURA_PORT, KURA_HOST, KURA_DATA, KURA_STORE...).
//
// Rules (docs/operations.md has the table, tested against this module): an option given on the
// command line wins, and its variable is then ignored whole, even for a repeatable option. An empty
// variable counts as unset. A flag is on with 1/true/yes, off with 0/false/no (or empty); anything
// else is refused, so that KURA_DEV=on cannot be read as either. A repeatable option takes one value
// a line, and also several separated by commas where a value cannot hold one (--allowed-host).
// An unknown KURA_* variable is no error (KURA_ADMIN_*, KURA_MASTER_KEY and KURA_EXEC_* are read
// elsewhere), but one that is a letter or two away from an option's variable is warned about.

export const SERVE_ENV_PREFIX = 'KURA_';

/** What node:util parseArgs is told of an option; `help` and the like are left out of the environment. */
export interface OptionSpec {
  type: 'string' | 'boolean';
  multiple?: boolean;
  short?: string;
}

/** Options that have no variable: asking for help is a command-line act. */
const NOT_FROM_ENVIRONMENT = new Set(['help']);

/** Repeatable options whose values never hold a comma: they may also be separated by commas. */
const COMMA_SEPARATED = new Set(['allowed-host']);

/**
 * Variables an option also answers to: the names rotation functions had before the rule (one entry
 * a line, as now). Kept, since deployments set them; both names at once are refused.
 */
const ALIASES: Readonly<Record<string, string>> = { 'rotation-function': 'KURA_ROTATION_FUNCTIONS', 'rotation-role': 'KURA_ROTATION_ROLES' };

/**
 * KURA_* variables that are not `kura serve` options but are read by Kura (so never "misspelt"):
 * the administrator's key pair, the master key itself, what a rotation function is given, and the
 * test suites' own switches. KURA_EXEC_* belong to `kura exec`.
 */
const READ_ELSEWHERE = new Set(['KURA_ADMIN_ACCESS_KEY_ID', 'KURA_ADMIN_SECRET_ACCESS_KEY', 'KURA_MASTER_KEY', 'KURA_ROTATION_EVENT']);
const OTHER_PREFIXES = ['KURA_EXEC_', 'KURA_E2E_', 'KURA_TEST_'];

export function variableFor(option: string): string {
  return SERVE_ENV_PREFIX + option.toUpperCase().replaceAll('-', '_');
}

export interface EnvironmentRow {
  option: string;
  variable: string;
  /** The older name it also answers to, if any. */
  alias?: string;
  kind: 'flag' | 'value' | 'values, one a line' | 'values, one a line or comma-separated';
}

/** Every option and its variable, in the order the options are declared (for the help and the docs' table). */
export function environmentTable(options: Readonly<Record<string, OptionSpec>>): EnvironmentRow[] {
  return Object.entries(options)
    .filter(([option]) => !NOT_FROM_ENVIRONMENT.has(option))
    .map(([option, spec]) => ({
      option: `--${option}`,
      variable: variableFor(option),
      ...(ALIASES[option] ? { alias: ALIASES[option] } : {}),
      kind: spec.type === 'boolean' ? 'flag' : !spec.multiple ? 'value' : COMMA_SEPARATED.has(option) ? 'values, one a line or comma-separated' : 'values, one a line',
    }));
}

const ON = new Set(['1', 'true', 'yes']);
const OFF = new Set(['0', 'false', 'no', '']);

type Values = Record<string, string | boolean | (string | boolean)[] | undefined>;

export interface MergedOptions<V> {
  values: V;
  /** How the user gave an option, for messages: `--store` or `KURA_STORE`. */
  from(option: string): string;
}

/**
 * parseArgs' values with every option not on the command line filled from its variable.
 * `fail` makes the error the caller throws (a ConfigError for `kura serve`).
 */
export function withEnvironment<V extends Values>(values: V, options: Readonly<Record<string, OptionSpec>>, env: NodeJS.ProcessEnv, fail: (message: string) => Error): MergedOptions<V> {
  const merged: Values = { ...values };
  const fromEnvironment = new Map<string, string>();
  for (const [option, spec] of Object.entries(options)) {
    if (NOT_FROM_ENVIRONMENT.has(option) || values[option] !== undefined) continue;
    const found = variableOf(option, env, fail);
    if (found === undefined) continue;
    const [variable, raw] = found;
    const value = spec.type === 'boolean' ? switchedOn(variable, raw, fail) : spec.multiple ? splitValues(option, raw) : raw;
    if (value === undefined) continue;
    merged[option] = value;
    fromEnvironment.set(option, variable);
  }
  return { values: merged as V, from: (option) => fromEnvironment.get(option) ?? `--${option}` };
}

/** The variable that gives `option` and its value, or undefined when none is set (or all are empty). */
function variableOf(option: string, env: NodeJS.ProcessEnv, fail: (message: string) => Error): [string, string] | undefined {
  const names = [variableFor(option), ...(ALIASES[option] ? [ALIASES[option]] : [])];
  const set = names.filter((name) => (env[name] ?? '') !== '');
  if (set.length > 1) throw fail(`${set.join(' and ')} are both set (the same option, --${option}): keep one`);
  return set[0] === undefined ? undefined : [set[0], env[set[0]]!];
}

function switchedOn(variable: string, raw: string, fail: (message: string) => Error): boolean {
  const lowered = raw.trim().toLowerCase();
  if (ON.has(lowered)) return true;
  if (OFF.has(lowered)) return false;
  throw fail(`${variable} expects 1, true or yes (on), or 0, false, no or nothing (off), got '${raw.slice(0, 50)}'`);
}

/** A repeatable option's values: one a line (and comma-separated where values hold no comma); none is unset. */
function splitValues(option: string, raw: string): string[] | undefined {
  const values = raw
    .split(COMMA_SEPARATED.has(option) ? /\r?\n|,/ : /\r?\n/)
    .map((part) => part.trim())
    .filter((part) => part !== '');
  return values.length > 0 ? values : undefined;
}

/**
 * Warnings for KURA_* variables that are no option's variable but one or two letters away from one
 * (KURA_PROT, KURA_ALLOWED_HOSTS): likely typos, which would otherwise be ignored in silence.
 * Names only: a variable's value may be a secret.
 */
export function misspeltVariables(options: Readonly<Record<string, OptionSpec>>, env: NodeJS.ProcessEnv): string[] {
  const rows = environmentTable(options);
  const known = new Set(rows.flatMap((row) => [row.variable, ...(row.alias ? [row.alias] : [])]));
  const warnings: string[] = [];
  for (const name of Object.keys(env).sort()) {
    if (!name.startsWith(SERVE_ENV_PREFIX) || known.has(name) || READ_ELSEWHERE.has(name) || OTHER_PREFIXES.some((prefix) => name.startsWith(prefix))) continue;
    const near = rows.find((row) => editDistance(name, row.variable) <= (row.variable.length > 10 ? 2 : 1));
    if (near) warnings.push(`${name} is not a kura serve variable (did you mean ${near.variable}?); it is ignored`);
  }
  return warnings;
}

/** Levenshtein distance with adjacent transpositions (optimal string alignment). */
export function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}
