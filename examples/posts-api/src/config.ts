// Configuration comes only from the environment, as in the reference design: on ECS `kura exec` (or the
// task definition's `secrets`) puts the five DB_* parameters there, locally the developer does.
// Every problem is collected before failing, so one start shows everything to fix. Problems name the
// variable and what was expected, never the value: DB_PASSWORD in particular must not reach a log.

export interface DbConfig {
  user: string;
  password: string;
  host: string;
  database: string;
  port: number;
}

export interface AppConfig {
  db: DbConfig;
  /** Port to listen on; 0 lets the kernel pick one (tests and benches use it). */
  port: number;
  /** DB_SECRET_ID: the Secrets Manager secret to re-read DB_USER and DB_PASSWORD from when the database refuses them. */
  secretId?: string;
}

export type Loaded<T> = { ok: true; config: T } | { ok: false; problems: string[]; variables: string[] };

type Env = Readonly<Record<string, string | undefined>>;

/** The variables the app reads, in the order problems are reported. */
export const DB_VARIABLES = ['DB_USER', 'DB_PASSWORD', 'DB_HOST', 'DB_NAME', 'DB_PORT'] as const;

// MariaDB allows 80 characters in a user name, MySQL 32: accept the larger, the server has the last word.
const USER_MAX = 80;
// A DNS name, an IPv4 literal or an IPv6 literal (with or without brackets).
const HOST_PATTERN = /^(?:[A-Za-z0-9](?:[A-Za-z0-9_.-]{0,252})|\[?[0-9A-Fa-f:.]+(?:%[A-Za-z0-9]+)?\]?)$/;
// Unquoted MySQL identifiers plus '-', which RDS and most provisioning tools allow in database names.
const DATABASE_PATTERN = /^[A-Za-z0-9_$-]{1,64}$/;
// Control characters in a user name are always a copy-paste accident (a trailing newline from a file).
const CONTROL = /\p{Cc}/u;
// A secret name (CreateSecret's characters), or a secret's ARN without the json-key/stage/id fields
// (whose name may also hold the `!` of the secrets RDS creates, `rds!db-…`).
const SECRET_ID = /^(?:arn:[a-z-]+:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@!-]{1,512}|[A-Za-z0-9/_+=.@-]{1,512})$/;

class Collector {
  readonly problems: string[] = [];
  readonly variables: string[] = [];
  add(name: string, problem: string): void {
    this.problems.push(`${name} ${problem}`);
    if (!this.variables.includes(name)) this.variables.push(name);
  }
  /** The value when it is set and non-empty; otherwise records the problem and returns undefined. */
  required(env: Env, name: string): string | undefined {
    const value = env[name];
    if (value === undefined) this.add(name, 'is missing');
    else if (value === '') this.add(name, 'is empty');
    else return value;
    return undefined;
  }
}

function parsePort(raw: string, min: number): number | undefined {
  if (!/^\d{1,5}$/.test(raw)) return undefined;
  const port = Number(raw);
  return port >= min && port <= 65535 ? port : undefined;
}

function readDb(env: Env, c: Collector): DbConfig | undefined {
  const user = c.required(env, 'DB_USER');
  if (user !== undefined && (user.length > USER_MAX || CONTROL.test(user) || user.trim() !== user)) {
    c.add('DB_USER', `is malformed (expected at most ${USER_MAX} characters, no control characters or surrounding spaces)`);
  }
  // Any non-empty password is acceptable: its content is the database's business, not ours.
  const password = c.required(env, 'DB_PASSWORD');
  const host = c.required(env, 'DB_HOST');
  if (host !== undefined) {
    if ((host.match(/:/g) ?? []).length === 1) c.add('DB_HOST', 'is malformed (a host name or IP address; the port belongs in DB_PORT)');
    else if (!HOST_PATTERN.test(host)) c.add('DB_HOST', 'is malformed (expected a host name or IP address)');
  }
  const database = c.required(env, 'DB_NAME');
  if (database !== undefined && !DATABASE_PATTERN.test(database)) {
    c.add('DB_NAME', 'is malformed (expected 1 to 64 letters, digits, _, $ or -)');
  }
  const rawPort = c.required(env, 'DB_PORT');
  const port = rawPort === undefined ? undefined : parsePort(rawPort, 1);
  if (rawPort !== undefined && port === undefined) c.add('DB_PORT', 'is malformed (expected an integer from 1 to 65535)');
  if (c.problems.length > 0) return undefined;
  return { user: user!, password: password!, host: host!, database: database!, port: port! };
}

function result<T>(c: Collector, config: T | undefined): Loaded<T> {
  if (c.problems.length > 0 || config === undefined) return { ok: false, problems: c.problems, variables: c.variables };
  return { ok: true, config };
}

/** DB_* only: what the migrate command needs. */
export function loadDbConfig(env: Env): Loaded<DbConfig> {
  const c = new Collector();
  return result(c, readDb(env, c));
}

/** DB_* and PORT (default 80, as in the reference app). */
export function loadAppConfig(env: Env): Loaded<AppConfig> {
  const c = new Collector();
  const db = readDb(env, c);
  let port = 80;
  const rawPort = env.PORT;
  if (rawPort !== undefined) {
    const parsed = parsePort(rawPort, 0);
    if (parsed === undefined) c.add('PORT', 'is malformed (expected an integer from 0 to 65535)');
    else port = parsed;
  }
  // Optional, and empty means unset, as the entrypoint reads it.
  const secretId = env.DB_SECRET_ID;
  if (secretId && !SECRET_ID.test(secretId)) c.add('DB_SECRET_ID', 'is malformed (expected a Secrets Manager secret name or ARN)');
  return result(c, db && { db, port, ...(secretId ? { secretId } : {}) });
}

/** The one line printed when configuration is unusable. */
export function describeProblems(problems: readonly string[]): string {
  return `invalid configuration: ${problems.join('; ')}`;
}
