// `kura serve` options: parsed from flags and environment, validated once, then immutable.

import { parseArgs } from 'node:util';
import path from 'node:path';
import { normalizeAllowedHost } from './request-origin.js';
import { parseRotationConfig, ROTATION_HELP, ROTATION_OPTIONS, type RotationConfig } from './rotation-config.js';
import { storeUrlProblem } from './store-url.js';
import { environmentTable, misspeltVariables, withEnvironment, type OptionSpec } from './serve-env.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface ServeConfig {
  host: string;
  port: number;
  dataDir: string;
  accountId: string;
  dev: boolean;
  /** --allowed-host: when given (or in --dev), only these Host names and loopback ones are served. */
  allowedHosts: string[];
  logLevel: LogLevel;
  tls?: { certFile: string; keyFile: string };
  insecureHttp: boolean;
  masterKeyFile?: string;
  clockSkewSeconds: number;
  maxBodyBytes: number;
  /** GetParametersByPath: 'strict' also drops returned parameters the caller may not read; 'aws' authorizes the path only. */
  pathAuthorization: 'strict' | 'aws';
  /** When an audit record cannot be written: fail the request (default) or log and go on. */
  auditFailure: 'fail' | 'log';
  /** --store / KURA_STORE: a PostgreSQL URL; without it, SQLite in dataDir. Holds a password: never log it. */
  storeUrl?: string;
  /** Where audit events go: the store (PostgreSQL only, the default there), or <data>/audit. */
  auditLog: 'store' | 'file';
  /** --replica-id / KURA_REPLICA_ID: the name this server's audit events give it; by default host:port. */
  replicaId?: string;
  /** --store-pool-size / KURA_STORE_POOL_SIZE: PostgreSQL connections kept at most; unset, the store's default (16). */
  storePoolSize?: number;
  /** --store-timeout / KURA_STORE_TIMEOUT: the bound on getting a connection and on a statement; unset, 5,000 ms. */
  storeTimeoutMs?: number;
  /** Secrets Manager rotation functions this server runs (rotation-config.ts). */
  rotation: RotationConfig;
  /** --seed: seed files and directories (absolute), applied in this order at every start (seed/). */
  seed?: string[];
  /**
   * The web console at /_kura/console/ (console-files.ts): off with --no-console; else served from
   * --console-dir (absolute) or, when that is not given, from the directory built with Kura.
   */
  console: false | { dir?: string };
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/**
 * The administrator's key pair given by KURA_ADMIN_ACCESS_KEY_ID / KURA_ADMIN_SECRET_ACCESS_KEY, or
 * undefined when neither is set. An empty variable counts as unset, as a shell's `VAR=` usually
 * means "no value".
 */
export function adminKeyFromEnvironment(env: NodeJS.ProcessEnv): { accessKeyId: string; secretAccessKey: string } | undefined {
  const accessKeyId = env.KURA_ADMIN_ACCESS_KEY_ID || undefined;
  const secretAccessKey = env.KURA_ADMIN_SECRET_ACCESS_KEY || undefined;
  if (accessKeyId === undefined && secretAccessKey === undefined) return undefined;
  if (!accessKeyId || !secretAccessKey) throw new ConfigError('set both KURA_ADMIN_ACCESS_KEY_ID and KURA_ADMIN_SECRET_ACCESS_KEY, or neither');
  return { accessKeyId, secretAccessKey };
}

export const SERVE_HELP = `Usage: kura serve [options]

Runs the AWS-compatible SSM Parameter Store, Secrets Manager, KMS, IAM and STS server.

Options:
  --host HOST            address to bind (default 127.0.0.1)
  --port PORT            port to listen on (default 4566)
  --data DIR             data directory (default ./.kura): the SQLite database, the audit log,
                         admin.env and, by default, the master key
  --store URL            keep the data in PostgreSQL instead of SQLite, e.g.
                         postgres://kura@db:5432/kura?sslmode=verify-full; several servers may
                         share one database (every one with the same master key)
  --account-id ID        the 12-digit account this server serves (default 000000000000)
  --dev                  development mode: accepts test/test as the administrator and enables
                         POST /_kura/reset (with the header x-kura-reset: yes); loopback only, and
                         only Host names localhost, 127.x.x.x and [::1] with this port are served
  --allowed-host NAME    also serve requests whose Host is NAME, on any port (repeatable); once
                         given, other names are refused in every mode (against DNS rebinding)
  --log-level LEVEL      debug | info | warn | error (default info)
  --tls-cert FILE        serve HTTPS with this certificate (PEM)
  --tls-key FILE         ...and this private key (PEM)
  --insecure-http        allow plain HTTP on a non-loopback address
  --master-key-file FILE the 256-bit master key (base64); default: KURA_MASTER_KEY, else <data>/master.key
  --path-authorization M strict (default): GetParametersByPath also drops each parameter the caller may
                         not read; aws: authorize the path only, as AWS does
  --audit-failure MODE   fail (default): a request whose audit record cannot be written fails;
                         log: log the failure and serve the request
  --audit-log DEST       store: audit events go to the PostgreSQL store, one stream for every
                         server on it (the default with --store); file: to <data>/audit (the
                         default, and the only choice, with SQLite)
  --replica-id NAME      the name this server's audit events give it (default: host name:port);
                         letters, digits and . _ : @ - only, at most 128
  --store-pool-size N    PostgreSQL connections this server keeps at most (default 16, 1 to 1000);
                         every replica has its own pool, all within the server's max_connections
  --store-timeout MS     how long a request waits for PostgreSQL, to connect and for each statement,
                         before it is answered 503 (default 5000, 1000 to 600000)
  --seed FILE|DIR        declare keys, parameters, secrets and IAM entities that must exist: YAML
                         or JSON, a directory's *.yaml, *.yml, *.json in name order (repeatable);
                         checked before anything is written, applied at every start (docs/seed.md)
  --no-console           do not serve the web console (by default at /_kura/console/)
  --console-dir DIR      serve the web console from DIR, a Vite build (default: the one built with Kura)
${ROTATION_HELP}  -h, --help             show this help

Environment:
  Every option can be given as a variable instead: --some-option is KURA_SOME_OPTION (KURA_HOST,
  KURA_PORT, KURA_DATA, KURA_STORE...). An option on the command line wins over its variable, and
  an empty variable counts as unset. A flag is on with 1, true or yes, off with 0, false, no or
  nothing. A repeatable option takes one value a line (KURA_ALLOWED_HOST: also comma-separated);
  KURA_ROTATION_FUNCTIONS and KURA_ROTATION_ROLES are read as KURA_ROTATION_FUNCTION and
  KURA_ROTATION_ROLE. The table is in docs/operations.md. Also:
  KURA_ADMIN_ACCESS_KEY_ID, KURA_ADMIN_SECRET_ACCESS_KEY  the administrator's credentials
  KURA_MASTER_KEY        the master key itself, base64 (--master-key-file wins; refused with
                         KURA_MASTER_KEY_FILE)
`;

const LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

/** A replica's name: plain enough to print, grep and pass to `kura audit --replica` unquoted. */
const REPLICA_ID = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}$/;

/** A PostgreSQL bound (given as `from`, its flag or variable): an integer within [min, max], or undefined when not given. */
function storeBound(text: string | undefined, from: string, bounds: { min: number; max: number }, storeUrl: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = /^\d{1,9}$/.test(text) ? Number(text) : NaN;
  if (!(value >= bounds.min && value <= bounds.max)) throw new ConfigError(`${from} must be a whole number from ${bounds.min} to ${bounds.max}, not '${text.slice(0, 40)}'`);
  // Said rather than ignored: without a PostgreSQL store the setting would silently do nothing.
  if (storeUrl === undefined) throw new ConfigError(`${from} applies to a PostgreSQL store (--store or KURA_STORE); this server uses SQLite`);
  return value;
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** Every `kura serve` option; each but --help also comes from its KURA_* variable (serve-env.ts). */
export const SERVE_OPTIONS = {
  host: { type: 'string' },
  port: { type: 'string' },
  data: { type: 'string' },
  'account-id': { type: 'string' },
  dev: { type: 'boolean' },
  'allowed-host': { type: 'string', multiple: true },
  'log-level': { type: 'string' },
  'tls-cert': { type: 'string' },
  'tls-key': { type: 'string' },
  'insecure-http': { type: 'boolean' },
  'master-key-file': { type: 'string' },
  'path-authorization': { type: 'string' },
  'audit-failure': { type: 'string' },
  store: { type: 'string' },
  'audit-log': { type: 'string' },
  'replica-id': { type: 'string' },
  'store-pool-size': { type: 'string' },
  'store-timeout': { type: 'string' },
  seed: { type: 'string', multiple: true },
  'no-console': { type: 'boolean' },
  'console-dir': { type: 'string' },
  ...ROTATION_OPTIONS,
  help: { type: 'boolean', short: 'h' },
} as const satisfies Record<string, OptionSpec>;

/** Every option's variable, for docs/operations.md's table. */
export const serveEnvironmentTable = () => environmentTable(SERVE_OPTIONS);

/** Warnings for KURA_* variables that look like a misspelt option's (names only). */
export const misspeltServeVariables = (env: NodeJS.ProcessEnv) => misspeltVariables(SERVE_OPTIONS, env);

export function parseServeArgs(args: string[], cwd = process.cwd(), env: NodeJS.ProcessEnv = process.env): ServeConfig | 'help' {
  const parsed = parseArgs({ args, strict: true, allowPositionals: false, options: SERVE_OPTIONS });
  if (parsed.values.help) return 'help';
  // An option on the command line wins over its variable; the others come from the environment.
  const { values, from } = withEnvironment(parsed.values, SERVE_OPTIONS, env, (message) => new ConfigError(message));
  const host = values.host ?? '127.0.0.1';
  const port = Number(values.port ?? '4566');
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`${from('port')} must be a number from 0 to 65535, not '${values.port}'`);
  const accountId = values['account-id'] ?? '000000000000';
  if (!/^\d{12}$/.test(accountId)) throw new ConfigError(`${from('account-id')} must be exactly 12 digits, not '${accountId}'`);
  const logLevel = (values['log-level'] ?? 'info') as LogLevel;
  if (!LEVELS.includes(logLevel)) throw new ConfigError(`${from('log-level')} must be one of ${LEVELS.join(', ')}`);
  const certFile = values['tls-cert'];
  const keyFile = values['tls-key'];
  if ((certFile === undefined) !== (keyFile === undefined)) throw new ConfigError(`${from('tls-cert')} and ${from('tls-key')} go together`);
  const pathAuthorization = values['path-authorization'] ?? 'strict';
  if (pathAuthorization !== 'strict' && pathAuthorization !== 'aws') throw new ConfigError(`${from('path-authorization')} must be strict or aws`);
  const auditFailure = values['audit-failure'] ?? 'fail';
  if (auditFailure !== 'fail' && auditFailure !== 'log') throw new ConfigError(`${from('audit-failure')} must be fail or log`);
  const storeUrl = values.store;
  if (storeUrl !== undefined) {
    const problem = storeUrlProblem(storeUrl);
    if (problem) throw new ConfigError(`${from('store')} ${problem}`);
  }
  const auditLog = values['audit-log'] ?? (storeUrl !== undefined ? 'store' : 'file');
  if (auditLog !== 'store' && auditLog !== 'file') throw new ConfigError(`${from('audit-log')} must be store or file`);
  if (auditLog === 'store' && storeUrl === undefined) throw new ConfigError(`${from('audit-log')} store needs a PostgreSQL store (--store or KURA_STORE); with SQLite the audit log is the file in --data`);
  const replicaId = values['replica-id'];
  if (replicaId !== undefined && !REPLICA_ID.test(replicaId)) {
    throw new ConfigError(`${from('replica-id')} takes 1 to 128 letters, digits and . _ : @ - (starting with a letter or digit), not '${replicaId.slice(0, 140)}'`);
  }
  const storePoolSize = storeBound(values['store-pool-size'], from('store-pool-size'), { min: 1, max: 1000 }, storeUrl);
  const storeTimeoutMs = storeBound(values['store-timeout'], from('store-timeout'), { min: 1000, max: 600_000 }, storeUrl);
  const dev = values.dev ?? false;
  const allowedHosts = (values['allowed-host'] ?? []).map((name) => {
    const normalized = normalizeAllowedHost(name);
    if (normalized === undefined) throw new ConfigError(`${from('allowed-host')} takes a host name or an IP address without a port (any port is accepted), not '${name}'`);
    return normalized;
  });
  const insecureHttp = values['insecure-http'] ?? false;
  const consoleDir = values['console-dir'];
  if (values['no-console'] && consoleDir !== undefined) throw new ConfigError(`${from('no-console')} and ${from('console-dir')} contradict each other: keep one`);
  // Said rather than guessed: KURA_MASTER_KEY_FILE and KURA_MASTER_KEY are both the environment's word.
  if (from('master-key-file') === 'KURA_MASTER_KEY_FILE' && (env.KURA_MASTER_KEY ?? '') !== '') {
    throw new ConfigError('KURA_MASTER_KEY_FILE and KURA_MASTER_KEY are both set: keep one (--master-key-file on the command line wins over both)');
  }
  if (!isLoopback(host)) {
    if (dev) throw new ConfigError(`${from('dev')} accepts well-known credentials and is refused on a non-loopback address; bind to 127.0.0.1`);
    if (!certFile && !insecureHttp) {
      throw new ConfigError(
        `binding to ${host} (beyond loopback) needs TLS: give --tls-cert and --tls-key (KURA_TLS_CERT, KURA_TLS_KEY), or --insecure-http (KURA_INSECURE_HTTP=1) to accept plain HTTP`,
      );
    }
  }
  return {
    host,
    port,
    dataDir: path.resolve(cwd, values.data ?? '.kura'),
    accountId,
    dev,
    allowedHosts,
    logLevel,
    ...(certFile && keyFile ? { tls: { certFile, keyFile } } : {}),
    insecureHttp,
    ...(values['master-key-file'] ? { masterKeyFile: path.resolve(cwd, values['master-key-file']) } : {}),
    clockSkewSeconds: 300,
    maxBodyBytes: 1024 * 1024,
    pathAuthorization,
    auditFailure,
    ...(storeUrl !== undefined ? { storeUrl } : {}),
    auditLog,
    ...(replicaId !== undefined ? { replicaId } : {}),
    ...(storePoolSize !== undefined ? { storePoolSize } : {}),
    ...(storeTimeoutMs !== undefined ? { storeTimeoutMs } : {}),
    seed: (values.seed ?? []).map((given) => path.resolve(cwd, given)),
    console: values['no-console'] ? false : consoleDir !== undefined ? { dir: path.resolve(cwd, consoleDir) } : {},
    rotation: parseRotationConfig(values, from, accountId, (message) => new ConfigError(message)),
  };
}
