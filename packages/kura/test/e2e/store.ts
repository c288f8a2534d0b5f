// Which store the e2e servers keep their data in. KURA_E2E_STORE=postgres gives every data directory
// a PostgreSQL database of its own on the test server (KURA_TEST_POSTGRES, default the local
// trust-auth PostgreSQL), passed to `kura serve` with --store; the data directory still holds the
// audit log, admin.env and master.key. The database is keyed on the data directory, so a server
// restarted on the same directory finds what it wrote, as with SQLite. Without the variable: SQLite
// in the data directory, as users run it by default.

import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { ADMIN_URL } from '../../src/store/postgres/testing/database.js';

const chosen = process.env.KURA_E2E_STORE ?? 'sqlite';
// A misspelt value must not quietly run the SQLite suite a second time.
if (chosen !== 'sqlite' && chosen !== 'postgres') throw new Error(`KURA_E2E_STORE must be sqlite or postgres, not '${chosen}'`);
export const e2eStore: 'sqlite' | 'postgres' = chosen;
export const onPostgres = e2eStore === 'postgres';

/** For node:test's `skip`: the reason when the suite runs on PostgreSQL, else false (the test runs). */
export function sqliteOnly(reason: string): string | false {
  return onPostgres ? `SQLite only: ${reason}` : false;
}

const PREFIX = `kura_e2e_${process.pid}_`;
const databases = new Map<string, Promise<string>>();
/** Names of the databases this process created and has not dropped yet. */
const live = new Set<string>();
let created = 0;
let dropsAtExit = false;
let sweptDeadRuns: Promise<void> | undefined;

/** The `kura serve` arguments that put this data directory's data in the chosen store. */
export async function storeArgs(dataDir: string): Promise<string[]> {
  if (!onPostgres) return [];
  return ['--store', await storeUrl(dataDir)];
}

/** The URL of the data directory's own PostgreSQL database, created on first use. */
export function storeUrl(dataDir: string): Promise<string> {
  const key = path.resolve(dataDir);
  let url = databases.get(key);
  if (!url) {
    url = createDatabase();
    databases.set(key, url);
    if (!dropsAtExit) process.once('exit', dropAllSync);
    dropsAtExit = true;
  }
  return url;
}

async function createDatabase(): Promise<string> {
  const name = `${PREFIX}${created++}_${randomBytes(3).toString('hex')}`;
  try {
    sweptDeadRuns ??= dropDatabasesOfDeadRuns();
    await sweptDeadRuns;
    await withAdmin((admin) => admin.query(`CREATE DATABASE ${name}`));
  } catch (error) {
    throw new Error(
      `KURA_E2E_STORE=postgres needs a PostgreSQL at ${new URL(ADMIN_URL).host} that lets ${new URL(ADMIN_URL).username} create databases ` +
        `(.ci/run starts the local one; KURA_TEST_POSTGRES names another; KURA_E2E_STORE=sqlite runs the suite on SQLite only): ${(error as Error).message}`,
      { cause: error },
    );
  }
  live.add(name);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Drops the data directory's database once its server is gone for good (its directory removed). */
export async function dropStore(dataDir: string): Promise<void> {
  const key = path.resolve(dataDir);
  const url = databases.get(key);
  if (!url) return;
  databases.delete(key);
  const name = new URL(await url).pathname.slice(1);
  await withAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  live.delete(name);
}

async function withAdmin<T>(work: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}

/**
 * Databases of e2e processes that died without their exit handler (killed by the runner's timeout, say):
 * dropped by the next run, so they do not pile up. A live process's databases are never touched.
 */
async function dropDatabasesOfDeadRuns(): Promise<void> {
  await withAdmin(async (admin) => {
    const { rows } = await admin.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE 'kura\\_e2e\\_%'");
    for (const { datname } of rows) {
      const pid = Number(/^kura_e2e_(\d+)_/.exec(datname)?.[1]);
      if (Number.isInteger(pid) && !alive(pid)) await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`).catch(() => undefined);
    }
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** At exit, nothing asynchronous runs any more: a child process drops what is left, best effort. */
function dropAllSync(): void {
  if (live.size === 0) return;
  const drops = [...live].map((name) => `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  const script = `const pg=require('pg');const c=new pg.Client({connectionString:${JSON.stringify(ADMIN_URL)}});c.connect().then(async()=>{for(const d of ${JSON.stringify(drops)})await c.query(d)}).finally(()=>c.end());`;
  try {
    // From this folder, so that require('pg') finds the package's dependency.
    spawnSync(process.execPath, ['-e', script], { stdio: 'ignore', timeout: 20_000, cwd: path.dirname(fileURLToPath(import.meta.url)) });
  } catch {
    // Clutter at worst: the next run drops it.
  }
}

/**
 * What the store holds, as bytes a test can search for a secret: the SQLite file (and its WAL, if
 * any), or a data-only pg_dump of the PostgreSQL database (bytea in hex, text as stored).
 */
export async function storeContents(dataDir: string): Promise<{ where: string; bytes: Buffer }[]> {
  if (!onPostgres) {
    const db = path.join(dataDir, 'kura.db');
    return [db, `${db}-wal`].filter((f) => existsSync(f)).map((f) => ({ where: f, bytes: readFileSync(f) }));
  }
  const url = await storeUrl(dataDir);
  const dump = spawnSync('pg_dump', ['--data-only', '--no-owner', url], { maxBuffer: 256 * 1024 * 1024, timeout: 60_000 });
  if (dump.status !== 0) throw new Error(`pg_dump failed: ${dump.stderr.toString()}`);
  return [{ where: `the PostgreSQL database (pg_dump of ${new URL(url).pathname.slice(1)})`, bytes: dump.stdout }];
}

/**
 * Something that changes whenever anything is written to the store: the SQLite file's modification
 * time, or a digest of every row of the PostgreSQL database (a data-only dump lists tables in a fixed
 * order and rows as stored, so an unchanged database gives the same digest).
 */
export async function storeFingerprint(dataDir: string): Promise<string> {
  if (!onPostgres) return `mtime ${statSync(path.join(dataDir, 'kura.db')).mtimeMs}`;
  const [dump] = await storeContents(dataDir);
  // pg_dump wraps its output in \restrict / \unrestrict lines with a random key of each run: not data.
  const rows = (dump?.bytes.toString('utf8') ?? '').replace(/^\\(un)?restrict .*$/gm, '');
  return `sha256 ${createHash('sha256').update(rows).digest('hex')}`;
}
