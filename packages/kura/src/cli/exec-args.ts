// `kura exec`'s command line: options up to `--` or the first argument that is not an option, then
// the program and its arguments, which are never looked at. Each option is read into a list of
// (option, value) pairs first and applied afterwards, so that options from the environment
// (exec-env.ts) go through exactly the same checks.

import path from 'node:path';
import { ExecError, EXIT } from '../inject/errors.js';
import { isValidEnvName } from '../inject/names.js';
import {
  DEFAULT_FALLBACK_MAX_AGE_SECONDS,
  DEFAULT_KILL_TIMEOUT_SECONDS,
  DEFAULT_WATCH_SECONDS,
  defaultExecOptions,
  RELOAD_SIGNALS,
  WATCH_FLOOR_SECONDS,
  type ExecOptions,
  type ValueSource,
} from '../inject/options.js';
import { isSecretTarget, parseSecretRef } from '../inject/secret-refs.js';
import { parseMap } from '../inject/sources.js';
import { parseDuration } from './duration.js';

export const FLAGS = new Set(['--recursive', '--allow-override', '--pristine', '--keep-credentials', '--insecure-http', '--json-expand', '--restart']);
export const VALUED = new Set([
  '--path',
  '--map',
  '--secret',
  '--prefix',
  '--allow-name',
  '--strict',
  '--timeout',
  '--file',
  '--template',
  '--reload-signal',
  '--kill-timeout',
  '--fallback',
  '--fallback-key-env',
  '--fallback-max-age',
]);
/** Options whose value is optional, given only as `--option=VALUE`. */
export const OPTIONAL_VALUE = new Set(['--watch']);

/** One option as given: `value` is undefined for a flag (and for --watch without =). */
export interface GivenOption {
  flag: string;
  value: string | undefined;
}

/** Splits argv into the options given and the command; throws a usage error for anything malformed. */
export function readArgv(argv: string[]): { given: GivenOption[]; command: string[] } | 'help' {
  const given: GivenOption[] = [];
  let i = 0;
  for (; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    if (arg === '--') {
      i += 1;
      break;
    }
    if (arg === '-h' || arg === '--help') return 'help';
    if (!arg.startsWith('-')) break;
    const eq = arg.indexOf('=');
    const flag = eq > 0 && arg.startsWith('--') ? arg.slice(0, eq) : arg;
    const inline = flag !== arg ? arg.slice(eq + 1) : undefined;
    if (FLAGS.has(flag)) {
      if (inline !== undefined) throw usage(`${flag} takes no value`);
      given.push({ flag, value: undefined });
    } else if (OPTIONAL_VALUE.has(flag)) given.push({ flag, value: inline });
    else if (VALUED.has(flag)) {
      if (inline !== undefined) given.push({ flag, value: inline });
      else {
        i += 1;
        if (i >= argv.length) throw usage(`${flag} needs a value`);
        given.push({ flag, value: argv[i] ?? '' });
      }
    } else throw usage(`unknown option ${flag}`);
  }
  return { given, command: argv.slice(i) };
}

/** The options of `given`, checked together; `command` is the program and its arguments. */
export function buildOptions(given: GivenOption[], command: string[], cwd = process.cwd()): ExecOptions {
  const options = defaultExecOptions();
  const watch = { on: false, interval: DEFAULT_WATCH_SECONDS, restart: false, signal: undefined as NodeJS.Signals | undefined, killTimeout: undefined as number | undefined };
  const fallback = { file: undefined as string | undefined, keyEnv: undefined as string | undefined, maxAge: undefined as number | undefined };
  for (const { flag, value = '' } of given) {
    if (flag === '--recursive') options.recursive = true;
    else if (flag === '--allow-override') options.allowOverride = true;
    else if (flag === '--pristine') options.pristine = true;
    else if (flag === '--keep-credentials') options.keepCredentials = true;
    else if (flag === '--insecure-http') options.insecureHttp = true;
    else if (flag === '--json-expand') options.jsonExpand = true;
    else if (flag === '--restart') watch.restart = true;
    else if (flag === '--path') {
      if (!value.startsWith('/')) throw usage(`--path must start with /, got '${value}'`);
      options.sources.push({ kind: 'path', path: value });
    } else if (flag === '--map') options.sources.push(parseMap(value));
    else if (flag === '--secret') options.sources.push({ kind: 'secret', secret: parseSecretRef(value, '--secret') });
    else if (flag === '--prefix') {
      if (!/^[A-Za-z0-9_]*$/.test(value)) throw usage('--prefix may hold only letters, digits and _');
      options.prefix = value;
    } else if (flag === '--allow-name') options.allowNames.push(...names(flag, value));
    else if (flag === '--strict') options.strict.push(...names(flag, value));
    else if (flag === '--timeout') options.timeoutSeconds = seconds(flag, value, 0, 3600);
    else if (flag === '--file') options.files.push(parseFileTarget(value, cwd));
    else if (flag === '--template') options.templates.push(parseTemplateTarget(value, cwd));
    else if (flag === '--watch') {
      watch.on = true;
      if (value !== '') watch.interval = watchInterval(value);
    } else if (flag === '--reload-signal') watch.signal = reloadSignal(value);
    else if (flag === '--kill-timeout') watch.killTimeout = seconds(flag, value, 0, 3600);
    else if (flag === '--fallback') fallback.file = absolute(flag, value, cwd);
    else if (flag === '--fallback-key-env') {
      if (!isValidEnvName(value)) throw usage(`--fallback-key-env expects a variable name, got '${value.slice(0, 200)}'`);
      fallback.keyEnv = value;
    } else if (flag === '--fallback-max-age') fallback.maxAge = seconds(flag, value, 0, 366 * 86400);
  }
  applyWatch(options, watch);
  applyFallback(options, fallback);
  checkOutputs(options);
  options.command = command;
  if (command.length === 0) throw usage('no program given: kura exec [options] -- PROGRAM [ARGS...]');
  return options;
}

function applyWatch(options: ExecOptions, watch: { on: boolean; interval: number; restart: boolean; signal: NodeJS.Signals | undefined; killTimeout: number | undefined }): void {
  if (watch.restart && watch.signal !== undefined) throw usage('--restart and --reload-signal exclude each other: a change either restarts the program or signals it');
  if (!watch.on) {
    const stray = watch.restart ? '--restart' : watch.signal !== undefined ? '--reload-signal' : watch.killTimeout !== undefined ? '--kill-timeout' : undefined;
    if (stray !== undefined) throw usage(`${stray} needs --watch`);
    return;
  }
  if (watch.killTimeout !== undefined && watch.signal !== undefined) throw usage('--kill-timeout is for --restart; a --reload-signal never kills the program');
  options.watch = {
    intervalSeconds: watch.interval,
    action: watch.signal !== undefined ? { kind: 'signal', signal: watch.signal } : { kind: 'restart' },
    killTimeoutSeconds: watch.killTimeout ?? DEFAULT_KILL_TIMEOUT_SECONDS,
  };
}

function applyFallback(options: ExecOptions, fallback: { file: string | undefined; keyEnv: string | undefined; maxAge: number | undefined }): void {
  if (fallback.file === undefined) {
    const stray = fallback.keyEnv !== undefined ? '--fallback-key-env' : fallback.maxAge !== undefined ? '--fallback-max-age' : undefined;
    if (stray !== undefined) throw usage(`${stray} needs --fallback FILE`);
    return;
  }
  if (fallback.keyEnv === undefined) throw usage('--fallback needs --fallback-key-env VAR: the variable that holds the key the file is encrypted with');
  options.fallback = { file: fallback.file, keyEnv: fallback.keyEnv, maxAgeSeconds: fallback.maxAge ?? DEFAULT_FALLBACK_MAX_AGE_SECONDS };
}

/** Two outputs to one path would overwrite each other, and an output over a template or the fallback would destroy it. */
function checkOutputs(options: ExecOptions): void {
  const owners = new Map<string, string>();
  const claim = (file: string, what: string) => {
    const previous = owners.get(file);
    if (previous !== undefined) throw usage(`${what} and ${previous} both name ${file}`);
    owners.set(file, what);
  };
  if (options.fallback) claim(options.fallback.file, '--fallback');
  for (const template of options.templates) claim(template.input, `--template ${template.input}:${template.output} (its input)`);
  for (const template of options.templates) claim(template.output, `--template ${template.input}:${template.output}`);
  for (const file of options.files) claim(file.path, `--file ${file.path}`);
}

/** `PATH=SOURCE`: SOURCE a parameter (name or ARN, :version or :label) or `secretsmanager://SECRET`. */
export function parseFileTarget(spec: string, cwd: string): ExecOptions['files'][number] {
  const eq = spec.indexOf('=');
  const file = eq < 0 ? '' : spec.slice(0, eq);
  const source = eq < 0 ? '' : spec.slice(eq + 1);
  if (file === '' || source === '') throw usage(`--file expects PATH=PARAMETER or PATH=secretsmanager://SECRET, got '${spec.slice(0, 200)}'`);
  const value: ValueSource = isSecretTarget(source) ? { kind: 'secret', secret: parseSecretRef(source, `--file ${file}`) } : { kind: 'parameter', parameter: source };
  return { path: absolute('--file', file, cwd), value, spec };
}

/** `IN:OUT`, two paths (a path holding `:` cannot be given). */
export function parseTemplateTarget(spec: string, cwd: string): ExecOptions['templates'][number] {
  const parts = spec.split(':');
  if (parts.length !== 2 || parts[0] === '' || parts[1] === '') throw usage(`--template expects IN:OUT, two paths, got '${spec.slice(0, 200)}'`);
  const input = absolute('--template', parts[0] ?? '', cwd);
  const output = absolute('--template', parts[1] ?? '', cwd);
  if (input === output) throw usage(`--template ${spec}: the output would overwrite the template`);
  return { input, output };
}

function absolute(flag: string, file: string, cwd: string): string {
  if (file === '' || file.includes('\0')) throw usage(`${flag} expects a file path, got '${file.slice(0, 200)}'`);
  return path.resolve(cwd, file);
}

function reloadSignal(value: string): NodeJS.Signals {
  const name = (value.startsWith('SIG') ? value : `SIG${value}`).toUpperCase() as NodeJS.Signals;
  if (!RELOAD_SIGNALS.includes(name)) throw usage(`--reload-signal expects one of ${RELOAD_SIGNALS.join(', ')}, got '${value.slice(0, 50)}'`);
  return name;
}

const DURATION_FORMS = '(30, 30s, 5m, 2h, 7d)';

function seconds(flag: string, value: string, above: number, most: number): number {
  const parsed = parseDuration(value);
  if (parsed === undefined || parsed <= above || parsed > most) throw usage(`${flag} expects a duration above ${above} and at most ${most} seconds ${DURATION_FORMS}, got '${value.slice(0, 50)}'`);
  return parsed;
}

function watchInterval(value: string): number {
  const parsed = parseDuration(value);
  if (parsed === undefined || parsed < WATCH_FLOOR_SECONDS || parsed > 86400) {
    throw usage(`--watch expects an interval of ${WATCH_FLOOR_SECONDS} s to 1 day ${DURATION_FORMS}: shorter would have a fleet of containers stampede the store; got '${value.slice(0, 50)}'`);
  }
  return parsed;
}

function names(flag: string, list: string): string[] {
  const parsed = list.split(',').filter((n) => n !== '');
  const bad = parsed.find((n) => !isValidEnvName(n));
  if (parsed.length === 0 || bad !== undefined) throw usage(`${flag} expects NAME,NAME,... (got '${bad ?? list}')`);
  return parsed;
}

export function usage(message: string): ExecError {
  return new ExecError(message, EXIT.usage);
}
