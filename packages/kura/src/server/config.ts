// `kura serve` options: parsed from flags and environment, validated once, then immutable.

import { parseArgs } from 'node:util';
import path from 'node:path';
import { normalizeAllowedHost } from './request-origin.js';
import { parseRotationConfig, ROTATION_HELP, ROTATION_OPTIONS, type RotationConfig } from './rotation-config.js';
import { storeUrlProblem } from './store-url.js';

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
${ROTATION_HELP}  -h, --help             show this help

Environment:
  KURA_ADMIN_ACCESS_KEY_ID, KURA_ADMIN_SECRET_ACCESS_KEY  the administrator's credentials
  KURA_MASTER_KEY                                         the master key, base64 (--master-key-file wins)
  KURA_STORE                                              the same as --store (--store wins)
  KURA_REPLICA_ID                                         the same as --replica-id (--replica-id wins)
  KURA_STORE_POOL_SIZE, KURA_STORE_TIMEOUT                the same as --store-pool-size, --store-timeout
  KURA_ROTATION_FUNCTIONS, KURA_ROTATION_ROLES            one NAME=COMMAND, one NAME=ROLE a line: as the flags
  KURA_ROTATION_TIMEOUT, KURA_ROTATION_ENDPOINT           the same as --rotation-timeout, --rotation-endpoint
`;

const LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

/** A replica's name: plain enough to print, grep and pass to `kura audit --replica` unquoted. */
const REPLICA_ID = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}$/;

/** A PostgreSQL bound given by `flag` or else `variable`: an integer within [min, max], or undefined when neither is set. */
function storeBound(flagValue: string | undefined, env: NodeJS.ProcessEnv, names: { flag: string; variable: string; min: number; max: number }, storeUrl: string | undefined): number | undefined {
  const from = flagValue !== undefined ? names.flag : names.variable;
  const text = flagValue ?? (env[names.variable] || undefined);
  if (text === undefined) return undefined;
  const value = /^\d{1,9}$/.test(text) ? Number(text) : NaN;
  if (!(value >= names.min && value <= names.max)) throw new ConfigError(`${from} must be a whole number from ${names.min} to ${names.max}, not '${text.slice(0, 40)}'`);
  // Said rather than ignored: without a PostgreSQL store the setting would silently do nothing.
  if (storeUrl === undefined) throw new ConfigError(`${from} applies to a PostgreSQL store (--store or KURA_STORE); this server uses SQLite`);
  return value;
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

export function parseServeArgs(args: string[], cwd = process.cwd(), env: NodeJS.ProcessEnv = process.env): ServeConfig | 'help' {
  const { values } = parseArgs({
    args,
    strict: true,
    allowPositionals: false,
    options: {
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
      ...ROTATION_OPTIONS,
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return 'help';
  const host = values.host ?? '127.0.0.1';
  const port = Number(values.port ?? '4566');
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`--port must be a number from 0 to 65535, not '${values.port}'`);
  const accountId = values['account-id'] ?? '000000000000';
  if (!/^\d{12}$/.test(accountId)) throw new ConfigError(`--account-id must be exactly 12 digits, not '${accountId}'`);
  const logLevel = (values['log-level'] ?? 'info') as LogLevel;
  if (!LEVELS.includes(logLevel)) throw new ConfigError(`--log-level must be one of ${LEVELS.join(', ')}`);
  const certFile = values['tls-cert'];
  const keyFile = values['tls-key'];
  if ((certFile === undefined) !== (keyFile === undefined)) throw new ConfigError('--tls-cert and --tls-key go together');
  const pathAuthorization = values['path-authorization'] ?? 'strict';
  if (pathAuthorization !== 'strict' && pathAuthorization !== 'aws') throw new ConfigError('--path-authorization must be strict or aws');
  const auditFailure = values['audit-failure'] ?? 'fail';
  if (auditFailure !== 'fail' && auditFailure !== 'log') throw new ConfigError('--audit-failure must be fail or log');
  // An explicit flag wins over the environment; an empty variable counts as unset.
  const storeFrom = values.store !== undefined ? '--store' : 'KURA_STORE';
  const storeUrl = values.store ?? (env.KURA_STORE || undefined);
  if (storeUrl !== undefined) {
    const problem = storeUrlProblem(storeUrl);
    if (problem) throw new ConfigError(`${storeFrom} ${problem}`);
  }
  const auditLog = values['audit-log'] ?? (storeUrl !== undefined ? 'store' : 'file');
  if (auditLog !== 'store' && auditLog !== 'file') throw new ConfigError('--audit-log must be store or file');
  if (auditLog === 'store' && storeUrl === undefined) throw new ConfigError('--audit-log store needs a PostgreSQL store (--store or KURA_STORE); with SQLite the audit log is the file in --data');
  const replicaFrom = values['replica-id'] !== undefined ? '--replica-id' : 'KURA_REPLICA_ID';
  const replicaId = values['replica-id'] ?? (env.KURA_REPLICA_ID || undefined);
  if (replicaId !== undefined && !REPLICA_ID.test(replicaId)) {
    throw new ConfigError(`${replicaFrom} takes 1 to 128 letters, digits and . _ : @ - (starting with a letter or digit), not '${replicaId.slice(0, 140)}'`);
  }
  const storePoolSize = storeBound(values['store-pool-size'], env, { flag: '--store-pool-size', variable: 'KURA_STORE_POOL_SIZE', min: 1, max: 1000 }, storeUrl);
  const storeTimeoutMs = storeBound(values['store-timeout'], env, { flag: '--store-timeout', variable: 'KURA_STORE_TIMEOUT', min: 1000, max: 600_000 }, storeUrl);
  const dev = values.dev ?? false;
  const allowedHosts = (values['allowed-host'] ?? []).map((name) => {
    const normalized = normalizeAllowedHost(name);
    if (normalized === undefined) throw new ConfigError(`--allowed-host takes a host name or an IP address without a port (any port is accepted), not '${name}'`);
    return normalized;
  });
  const insecureHttp = values['insecure-http'] ?? false;
  if (!isLoopback(host)) {
    if (dev) throw new ConfigError('--dev accepts well-known credentials and is refused on a non-loopback address; bind to 127.0.0.1');
    if (!certFile && !insecureHttp) {
      throw new ConfigError(`binding to ${host} (beyond loopback) needs TLS: give --tls-cert and --tls-key, or --insecure-http to accept plain HTTP`);
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
    rotation: parseRotationConfig(values, env, accountId, (message) => new ConfigError(message)),
  };
}
