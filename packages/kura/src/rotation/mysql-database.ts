// The database half of the MySQL/MariaDB rotations, as AWS's templates do it, through mysql2:
// log in (TLS first unless the secret says otherwise), change one's own password (single user),
// create or update the other user with the current user's grants and TLS requirements (alternating
// users, as the master user), and test a login. Passwords travel only as escaped SQL literals and are
// never put into an error message.

import mysql from 'mysql2/promise';
import type { Connection, RowDataPacket } from 'mysql2/promise';
import type { Login } from './mysql-secret.js';

const CONNECT_TIMEOUT_MS = 5000;

/** A connection as `login`, or undefined when the login fails (the templates' get_connection). */
export async function tryConnect(login: Login): Promise<Connection | undefined> {
  const attempt = async (tls: boolean): Promise<Connection | undefined> => {
    try {
      return await mysql.createConnection({
        host: login.host,
        port: login.port,
        user: login.username,
        password: login.password,
        ...(login.database === undefined ? {} : { database: login.database }),
        connectTimeout: CONNECT_TIMEOUT_MS,
        // TLS verifies the server's certificate and name against the system's CAs, as the templates do.
        ...(tls ? { ssl: { rejectUnauthorized: true } } : {}),
      });
    } catch {
      return undefined;
    }
  };
  const connection = await attempt(login.tls.use);
  if (connection !== undefined || !login.tls.fallBack) return connection;
  return attempt(false);
}

/** Whether `login` logs in and can run a query (the templates' testSecret: SELECT NOW()). */
export async function canLogIn(login: Login): Promise<boolean> {
  const connection = await tryConnect(login);
  if (connection === undefined) return false;
  try {
    await connection.query('SELECT NOW()');
    return true;
  } catch {
    return false;
  } finally {
    await connection.end().catch(() => undefined);
  }
}

async function rows(connection: Connection, sql: string, values: unknown[] = []): Promise<RowDataPacket[]> {
  const [result] = await connection.query<RowDataPacket[]>(sql, values);
  return result;
}

/**
 * The password expression SET PASSWORD takes: MySQL 8 and later hash a plain literal themselves and
 * have no PASSWORD(); MariaDB and MySQL 5.x want PASSWORD(…). (The templates' get_password_option.)
 */
async function passwordExpression(connection: Connection, password: string): Promise<string> {
  const [row] = await rows(connection, 'SELECT VERSION() AS v');
  const version = String(row?.v ?? '');
  const literal = connection.escape(password);
  return /^\d+/.test(version) && Number(/^\d+/.exec(version)?.[0]) >= 8 && !/mariadb/i.test(version) ? literal : `PASSWORD(${literal})`;
}

/** Single user: the logged-in user sets its own password. */
export async function setOwnPassword(connection: Connection, password: string): Promise<void> {
  await connection.query(`SET PASSWORD = ${await passwordExpression(connection, password)}`);
}

/** The one host the user exists for; several would make "the user" ambiguous, so they are refused. */
async function hostOf(connection: Connection, username: string): Promise<string | undefined> {
  const found = await rows(connection, 'SELECT Host AS host FROM mysql.user WHERE User = ?', [username]);
  if (found.length > 1) throw new Error(`user ${username} exists for several hosts; Kura rotates a user that exists for one`);
  return found[0] === undefined ? undefined : String(found[0].host);
}

/**
 * Alternating users, as the master user: makes `target` (created when missing, for the same host as
 * `source`) hold every grant `source` holds, the same TLS requirement, and `password`.
 */
export async function cloneUser(master: Connection, source: string, target: string, password: string): Promise<void> {
  const host = await hostOf(master, source);
  if (host === undefined) throw new Error(`user ${source} does not exist`);
  const targetHost = await hostOf(master, target);
  const account = `${master.escape(target)}@${master.escape(targetHost ?? host)}`;
  if (targetHost === undefined) await master.query(`CREATE USER ${account} IDENTIFIED BY ${master.escape(password)}`);
  const sourceAccount = `${master.escape(source)}@${master.escape(host)}`;
  for (const row of await rows(master, `SHOW GRANTS FOR ${sourceAccount}`)) {
    const grant = String(Object.values(row)[0]);
    const to = grant.lastIndexOf(' TO ');
    if (to === -1 || !grant.startsWith('GRANT ')) continue;
    // Whatever follows the grantee (MariaDB's IDENTIFIED BY PASSWORD '<hash>') is the source's own;
    // only WITH GRANT OPTION is a property of the grant.
    const withGrantOption = / WITH GRANT OPTION$/.test(grant) ? ' WITH GRANT OPTION' : '';
    await master.query(`${grant.slice(0, to)} TO ${account}${withGrantOption}`);
  }
  const [tls] = await rows(master, 'SELECT ssl_type, ssl_cipher, x509_issuer, x509_subject FROM mysql.user WHERE User = ? AND Host = ?', [source, host]);
  await master.query(`ALTER USER ${account} REQUIRE ${requireClause(master, tls)}`);
  await master.query(`SET PASSWORD FOR ${account} = ${await passwordExpression(master, password)}`);
}

function requireClause(connection: Connection, tls: RowDataPacket | undefined): string {
  const text = (value: unknown) => (Buffer.isBuffer(value) ? value.toString('utf8') : String(value ?? ''));
  const type = text(tls?.ssl_type);
  if (type === '') return 'NONE';
  if (type === 'ANY') return 'SSL';
  if (type === 'X509') return 'X509';
  const parts = [
    ['CIPHER', text(tls?.ssl_cipher)],
    ['ISSUER', text(tls?.x509_issuer)],
    ['SUBJECT', text(tls?.x509_subject)],
  ].filter(([, value]) => value !== '');
  return parts.length === 0 ? 'SSL' : parts.map(([name, value]) => `${name} ${connection.escape(value)}`).join(' AND ');
}
