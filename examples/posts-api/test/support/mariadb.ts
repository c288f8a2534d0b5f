// A dedicated database and user per test file on the real MariaDB (127.0.0.1:3306, root with an empty
// password, as on the CI machine; .ci/run starts it). Each file gets its own, so files run in parallel,
// and a crashed earlier run is cleaned up by the DROP … IF EXISTS at creation.

import { randomBytes } from 'node:crypto';
import { createConnection, type Connection } from 'mysql2/promise';
import type { DbConfig } from '../../src/config.js';
import { openPool } from '../../src/db.js';
import { migrate } from '../../src/schema.js';

export const ROOT = { host: '127.0.0.1', port: 3306, user: 'root', password: '' } as const;

export interface TestDatabase {
  name: string;
  user: string;
  password: string;
  config: DbConfig;
  /** DB_* variables for the app, pointing at this database. */
  env: Record<string, string>;
  /** A root connection, for arranging and inspecting data behind the app's back. */
  root: Connection;
  drop(): Promise<void>;
}

export async function rootConnection(): Promise<Connection> {
  try {
    return await createConnection({ ...ROOT, multipleStatements: false });
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new Error(
      `MariaDB is not answering on ${ROOT.host}:${ROOT.port} as root (${why}). ` +
        'Start it with: start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd',
      { cause: error },
    );
  }
}

/** With `migrated`, the posts table and its sample rows are created too (as `npm run migrate` does). */
export async function createTestDatabase(label: string, { migrated = false }: { migrated?: boolean } = {}): Promise<TestDatabase> {
  const name = `posts_api_test_${label}`;
  // The password holds characters a shell or a URL would mangle: it must travel through the
  // environment untouched, and any leak of it into the app's output is easy to grep for.
  const password = `pw ${randomBytes(9).toString('base64url')} $HOME 'q' "d" ;\\`;
  const root = await rootConnection();
  const id = root.escapeId(name);
  await root.query(`DROP DATABASE IF EXISTS ${id}`);
  await root.query('DROP USER IF EXISTS ?@?', [name, '%']);
  await root.query(`CREATE DATABASE ${id} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await root.query('CREATE USER ?@? IDENTIFIED BY ?', [name, '%', password]);
  await root.query(`GRANT ALL PRIVILEGES ON ${id}.* TO ?@?`, [name, '%']);
  const config = { user: name, password, host: ROOT.host, port: ROOT.port, database: name };
  if (migrated) {
    const pool = openPool(config);
    await migrate(pool).finally(() => pool.end());
  }
  return {
    name,
    user: name,
    password,
    config,
    env: { DB_USER: name, DB_PASSWORD: password, DB_HOST: ROOT.host, DB_NAME: name, DB_PORT: String(ROOT.port) },
    root,
    async drop() {
      await root.query(`DROP DATABASE IF EXISTS ${id}`);
      await root.query('DROP USER IF EXISTS ?@?', [name, '%']);
      await root.end();
    },
  };
}
