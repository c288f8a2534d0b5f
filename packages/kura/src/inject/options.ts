// What `kura exec` was asked to do, as cli/exec-args.ts parses it from the command line and the
// KURA_EXEC_* variables. Pure types: the rules that check them live with the parser.

import type { SecretRef } from './secret-refs.js';
import type { Source } from './sources.js';

/** Where one value comes from: a parameter (name or ARN, with :version or :label), or a secret (or one key of it). */
export type ValueSource = { kind: 'parameter'; parameter: string } | { kind: 'secret'; secret: SecretRef };

/** `--file PATH=SOURCE`: one value written to a file instead of the environment. */
export interface FileTarget {
  /** Absolute. */
  path: string;
  value: ValueSource;
  /** As given, for messages. */
  spec: string;
}

/** `--template IN:OUT`: IN rendered with the program's environment into OUT. */
export interface TemplateTarget {
  /** Absolute. */
  input: string;
  /** Absolute. */
  output: string;
}

/** What a change seen while watching does to the program. */
export type ReloadAction = { kind: 'restart' } | { kind: 'signal'; signal: NodeJS.Signals };

export interface WatchOptions {
  /** Mean seconds between two reads (jittered); at least WATCH_FLOOR_SECONDS. */
  intervalSeconds: number;
  action: ReloadAction;
  /** --restart: how long the program has after SIGTERM before SIGKILL. */
  killTimeoutSeconds: number;
}

export interface FallbackOptions {
  /** Absolute path of the encrypted last-known-good file. */
  file: string;
  /** The variable holding the file's key (removed from the program's environment). */
  keyEnv: string;
  /** A file older than this is refused. */
  maxAgeSeconds: number;
}

export interface ExecOptions {
  sources: Source[];
  recursive: boolean;
  prefix: string;
  allowOverride: boolean;
  allowNames: string[];
  strict: string[];
  pristine: boolean;
  keepCredentials: boolean;
  insecureHttp: boolean;
  timeoutSeconds: number;
  /** A JSON object value of --map, --path or a reference becomes one variable per key. */
  jsonExpand: boolean;
  files: FileTarget[];
  templates: TemplateTarget[];
  watch?: WatchOptions;
  fallback?: FallbackOptions;
  /** The program and its arguments. */
  command: string[];
}

/** The shortest --watch interval: a fleet of containers reading every second would stampede the store. */
export const WATCH_FLOOR_SECONDS = 5;
export const DEFAULT_WATCH_SECONDS = 30;
export const DEFAULT_KILL_TIMEOUT_SECONDS = 10;
export const DEFAULT_FALLBACK_MAX_AGE_SECONDS = 24 * 3600;
/** The signals programs conventionally reload on; one that stops or kills a program is --restart's business. */
export const RELOAD_SIGNALS: readonly NodeJS.Signals[] = ['SIGHUP', 'SIGUSR1', 'SIGUSR2', 'SIGWINCH', 'SIGALRM'];

export function defaultExecOptions(): ExecOptions {
  return {
    sources: [],
    recursive: false,
    prefix: '',
    allowOverride: false,
    allowNames: [],
    strict: [],
    pristine: false,
    keepCredentials: false,
    insecureHttp: false,
    timeoutSeconds: 30,
    jsonExpand: false,
    files: [],
    templates: [],
    command: [],
  };
}
