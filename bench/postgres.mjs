// The bench's own PostgreSQL database: created before Kura's PostgreSQL rows and dropped after them
// (also when the run fails or is interrupted), so a run never sees another's data and leaves nothing
// behind. Also finds the PostgreSQL server processes that work for that database, so that their CPU
// can be counted per request beside Kura's.
//
// The `pg` driver is Kura's own dependency (packages/kura); the bench loads it from there.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const requireFromKura = createRequire(path.join(ROOT, 'packages/kura/package.json'));

/** The server the bench uses unless --postgres says otherwise: the development machines' local one. */
export const DEFAULT_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

function loadPg() {
  try {
    return requireFromKura('pg');
  } catch {
    return null;
  }
}

/** The same server and credentials, another database. */
export function urlForDatabase(adminUrl, database) {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** The URL without its password, for the report and the log. */
export function redacted(url) {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}

async function withClient(adminUrl, fn) {
  const pg = loadPg();
  if (!pg) throw new Error('the pg driver is not installed (run `npm ci` at the repository root)');
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5000, application_name: 'kura-bench' });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Creates a fresh database for this run. Resolves to { database, url, version, local } or rejects
 * (PostgreSQL unreachable, no CREATEDB right, no `pg`), which the caller reports as a skipped row.
 */
export async function createBenchDatabase(adminUrl) {
  const database = `kura_bench_${process.pid}_${Date.now().toString(36)}`;
  return withClient(adminUrl, async (client) => {
    const version = (await client.query('SHOW server_version')).rows[0].server_version;
    const settings = Object.fromEntries(
      (await client.query("SELECT name, setting FROM pg_settings WHERE name IN ('synchronous_commit', 'fsync', 'shared_buffers', 'max_connections', 'wal_sync_method')")).rows.map((r) => [r.name, r.setting]),
    );
    await client.query(`CREATE DATABASE ${database}`);
    return { database, url: urlForDatabase(adminUrl, database), version, settings };
  });
}

/** Drops the bench's database, closing whatever is still connected to it (PostgreSQL 13 and later). */
export async function dropBenchDatabase(adminUrl, database) {
  await withClient(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`));
}

/** The same, synchronously (a child node process), for the exit path where nothing asynchronous runs. */
export function dropBenchDatabaseSync(adminUrl, database) {
  const script = `
    const pg = require(${JSON.stringify(requireFromKura.resolve('pg'))});
    const c = new pg.Client({ connectionString: process.env.URL, connectionTimeoutMillis: 5000 });
    c.connect().then(() => c.query('DROP DATABASE IF EXISTS ${database} WITH (FORCE)')).finally(() => c.end()).catch(() => process.exit(1));`;
  spawnSync(process.execPath, ['-e', script], { env: { ...process.env, URL: adminUrl }, stdio: 'ignore', timeout: 15000 });
}

// The processes that do the database's work: its backends (Kura's connections, autovacuum on it)
// and the server-wide writers that flush and checkpoint its WAL. The latter serve every database of
// the server, so on a shared server they count a little of others' work too.
const PROCESSES_SQL = `SELECT pid FROM pg_stat_activity
  WHERE (datname = $1 AND pid <> pg_backend_pid()) OR backend_type IN ('walwriter', 'background writer', 'checkpointer')`;

/**
 * A lister of the PostgreSQL processes working for `database`, or null when they cannot be seen from
 * here (PostgreSQL on another machine, or no /proc): then its CPU is reported as unknown.
 */
export async function openProcessLister(adminUrl, database) {
  const pg = loadPg();
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5000, application_name: 'kura-bench' });
  await client.connect();
  const list = async () => {
    const pids = (await client.query(PROCESSES_SQL, [database])).rows.map((r) => Number(r.pid));
    return pids.filter(isLocalPostgres);
  };
  const first = await list();
  if (first.length === 0) {
    await client.end();
    return null;
  }
  return { list, close: () => client.end().catch(() => undefined) };
}

function isLocalPostgres(pid) {
  try {
    return /^postgres/.test(readFileSync(`/proc/${pid}/comm`, 'utf8')) || readFileSync(`/proc/${pid}/cmdline`, 'utf8').startsWith('postgres');
  } catch {
    return false;
  }
}

/**
 * ANALYZE on the bench's database, once it is seeded: what autovacuum does on its own within a
 * minute or so of a table growing, and until it has, PostgreSQL plans with default estimates (it may
 * then pick a worse index for a lookup by name). The bench measures the settled state.
 */
export async function analyzeDatabase(url) {
  await withClient(url, (client) => client.query('ANALYZE'));
}
