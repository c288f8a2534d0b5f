// The JSON secret of AWS's MySQL rotation templates (SecretsManagerRDSMySQLRotationSingleUser and
// …MultiUser, and their MariaDB twins), read as they read it:
//   { "engine": "mysql" | "mariadb", "host": …, "username": …, "password": …,
//     "dbname": optional, "port": optional (3306), "masterarn": the master secret (alternating users),
//     "ssl": optional (true/false or "true"/"false"; absent: try TLS, fall back to plain) }
// Other members are kept as they are: a rotation writes the same object back with a new password
// (and, alternating, the other username). Error texts are the templates'.

export type MysqlSecret = Record<string, unknown> & {
  engine: 'mysql' | 'mariadb';
  host: string;
  username: string;
  password: string;
};

export class SecretFormatError extends Error {
  override readonly name = 'KeyError';
}

/** Parses a SecretString and checks the members every template step needs. */
export function parseMysqlSecret(text: string | undefined): MysqlSecret {
  if (text === undefined) throw new SecretFormatError('the secret has no SecretString');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new SecretFormatError('the secret value is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new SecretFormatError('the secret value is not a JSON object');
  const secret = parsed as Record<string, unknown>;
  if (secret.engine !== 'mysql' && secret.engine !== 'mariadb') {
    throw new SecretFormatError("Database engine must be set to 'mysql' (or 'mariadb') in order to use this rotation function");
  }
  for (const field of ['host', 'username', 'password']) {
    if (!(field in secret)) throw new SecretFormatError(`${field} key is missing from secret JSON`);
    if (typeof secret[field] !== 'string') throw new SecretFormatError(`${field} in the secret JSON is not a string`);
  }
  return secret as MysqlSecret;
}

/** Where and as whom to connect: what mysql-database.ts takes. */
export interface Login {
  host: string;
  port: number;
  username: string;
  password: string;
  database: string | undefined;
  /** Whether to use TLS, and whether to retry without it when TLS fails (the templates' get_ssl_config). */
  tls: { use: boolean; fallBack: boolean };
}

export function loginOf(secret: MysqlSecret): Login {
  const port = secret.port === undefined ? 3306 : Number(secret.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new SecretFormatError(`port in the secret JSON is not a port number`);
  const dbname = typeof secret.dbname === 'string' && secret.dbname !== '' ? secret.dbname : undefined;
  return { host: secret.host, port, username: secret.username, password: secret.password, database: dbname, tls: tlsOf(secret.ssl) };
}

function tlsOf(ssl: unknown): Login['tls'] {
  if (typeof ssl === 'boolean') return { use: ssl, fallBack: false };
  if (typeof ssl === 'string' && ssl.toLowerCase() === 'true') return { use: true, fallBack: false };
  if (typeof ssl === 'string' && ssl.toLowerCase() === 'false') return { use: false, fallBack: false };
  return { use: true, fallBack: true };
}

const CLONE_SUFFIX = '_clone';

/**
 * The alternating strategy's other user: `name_clone` for `name`, `name` for `name_clone`. Refused
 * when the clone's name would be longer than the server takes (MySQL 5.7+: 32; MariaDB: 80).
 */
export function alternateUsername(username: string, engine: MysqlSecret['engine']): string {
  if (username.endsWith(CLONE_SUFFIX)) return username.slice(0, -CLONE_SUFFIX.length);
  const clone = `${username}${CLONE_SUFFIX}`;
  const limit = engine === 'mariadb' ? 80 : 32;
  if (clone.length > limit) throw new Error(`Unable to clone user, username length with _clone appended would exceed ${limit} characters`);
  return clone;
}
