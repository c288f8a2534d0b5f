// Re-reading DB_USER and DB_PASSWORD from the Secrets Manager secret named by DB_SECRET_ID, for when
// the database refuses the ones the app started with: a rotation has changed the password (single
// user), or has given the user the app started as a new password two rotations later (alternating
// users). The secret is the JSON object RDS and the rotation functions keep ({"username", "password",
// "host", "port", "dbname", …}); only the user name and password are taken from it, since rotation
// changes nothing else, and they pass the same checks as DB_USER and DB_PASSWORD at start.
//
// The SDK is loaded only when DB_SECRET_ID is set, and finds its credentials, region and endpoint as
// every AWS client does (on ECS: the task role, the one kura exec read the secret with at start).
// Errors name the secret and what is wrong with it, never a value.

import type { DbConfig } from './config.js';
import { loadDbConfig } from './config.js';

export interface Credentials {
  user: string;
  password: string;
}

export type ReadCredentials = () => Promise<Credentials>;

// One attempt's bounds: a request waiting on a refresh waits at most about this long.
const CONNECT_TIMEOUT_MS = 2_000;
const REQUEST_TIMEOUT_MS = 3_000;

/** Reads the secret's AWSCURRENT version on each call; `db` supplies the fields rotation does not change. */
export function secretCredentials(secretId: string, db: DbConfig): ReadCredentials {
  let client: Promise<{ read(): Promise<string | undefined> }> | undefined;
  const connect = async () => {
    const sdk = await import('@aws-sdk/client-secrets-manager');
    const sm = new sdk.SecretsManagerClient({
      maxAttempts: 2,
      requestHandler: { connectionTimeout: CONNECT_TIMEOUT_MS, requestTimeout: REQUEST_TIMEOUT_MS },
    });
    return { read: async () => (await sm.send(new sdk.GetSecretValueCommand({ SecretId: secretId }))).SecretString };
  };
  return async () => {
    client ??= connect();
    const text = await (await client).read();
    return parseCredentials(secretId, text, db);
  };
}

/** The user name and password of a JSON secret, checked as DB_USER and DB_PASSWORD are. */
export function parseCredentials(secretId: string, text: string | undefined, db: DbConfig): Credentials {
  const refuse = (why: string) => new Error(`the secret ${secretId} ${why}`);
  if (text === undefined) throw refuse('has no SecretString');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw refuse('is not JSON');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw refuse('is not a JSON object');
  const { username, password } = value as Record<string, unknown>;
  if (typeof username !== 'string' || typeof password !== 'string') throw refuse('lacks a string username or password');
  const loaded = loadDbConfig({ DB_USER: username, DB_PASSWORD: password, DB_HOST: db.host, DB_NAME: db.database, DB_PORT: String(db.port) });
  // The problems name DB_USER or DB_PASSWORD and what was expected, never the value.
  if (!loaded.ok) throw refuse(`holds an unusable username or password (${loaded.problems.join('; ')})`);
  return { user: loaded.config.user, password: loaded.config.password };
}
