// A PostgreSQL for tests: one database per test process (created on first use, dropped at exit),
// and a fresh schema for every store a test opens, so test runs and tests never see each other's
// data. The server is KURA_TEST_POSTGRES (default: the local trust-auth PostgreSQL as `postgres`).

import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openPostgresStore, type PostgresStore } from '../open.js';

export const ADMIN_URL = process.env.KURA_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/postgres';

let database: Promise<string> | undefined;
let schemas = 0;

/** The URL of this process's test database, created on first use. */
export function testDatabaseUrl(): Promise<string> {
  database ??= (async () => {
    const name = `kura_test_${process.pid}_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: ADMIN_URL });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE ${name}`);
    } finally {
      await admin.end();
    }
    process.once('exit', () => dropSync(name));
    const url = new URL(ADMIN_URL);
    url.pathname = `/${name}`;
    return url.toString();
  })();
  return database;
}

/**
 * A store URL to a new, empty schema of its own on this process's test database (the schema rides in
 * the URL's options), for tests that start servers or commands, which take only a URL.
 */
export async function freshSchemaUrl(prefix: string): Promise<string> {
  const url = new URL(await testDatabaseUrl());
  const schema = `${prefix}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url.toString() });
  await admin.connect();
  try {
    await admin.query(`CREATE SCHEMA ${schema}`);
  } finally {
    await admin.end();
  }
  url.searchParams.set('options', `-c search_path=${schema}`);
  return url.toString();
}

/** Drops the database at exit, best effort: a left-over test database is only clutter. */
function dropSync(name: string): void {
  // A child process, because nothing asynchronous runs once the process is exiting.
  const script = `const pg=require('pg');const c=new pg.Client({connectionString:${JSON.stringify(ADMIN_URL)}});c.connect().then(()=>c.query('DROP DATABASE IF EXISTS ${name} WITH (FORCE)')).finally(()=>c.end());`;
  try {
    spawnSync(process.execPath, ['-e', script], { stdio: 'ignore', timeout: 10_000 });
  } catch {
    // Clutter at worst.
  }
}

/** A new, empty PostgreSQL store in a schema of its own. */
export async function openTestPostgresStore(options: { timeoutMs?: number } = {}): Promise<PostgresStore> {
  const [store] = await openSharedTestStores(1, options);
  if (!store) throw new Error('no store opened');
  return store;
}

/**
 * `count` stores on one new, empty schema, each with its own pool: what `count` Kura replicas on one
 * database look like to the store, for the tests of concurrent writes across replicas.
 */
export async function openSharedTestStores(count: number, options: { timeoutMs?: number } = {}): Promise<PostgresStore[]> {
  const url = await testDatabaseUrl();
  const schema = `s${process.pid}_${schemas++}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`CREATE SCHEMA ${schema}`);
  } finally {
    await admin.end();
  }
  const stores: PostgresStore[] = [];
  // One at a time: the first applies the migrations, the others find them done.
  for (let i = 0; i < count; i++) stores.push(await openPostgresStore({ url, schema, maxConnections: 2, ...options }));
  return stores;
}
