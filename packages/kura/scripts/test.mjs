// `npm test` for the kura package: the e2e suite runs the built bin, as users do, so build first
// (esbuild takes well under a second). Extra args filter the test files by path substring.
// The e2e suite then runs a second time with every server on PostgreSQL (KURA_E2E_STORE=postgres,
// test/e2e/store.ts; the local PostgreSQL that .ci/run starts): the two stores must behave alike.
// Set KURA_E2E_STORE yourself (sqlite or postgres) for one pass on that store only.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const runner = path.join(root, '../../scripts/run-node-tests.mjs');
const build = [process.execPath, path.join(root, 'scripts/build.mjs')];
const filters = process.argv.slice(2);
// Several replicas, HAProxy, a PostgreSQL of their own restarted under load, timing bounds; the npm
// package packed and installed (better-sqlite3 compiled): after the rest of the suite, one file at a
// time (run-node-tests.mjs --alone).
const ALONE = ['--alone', 'test/replicas', '--alone', 'test/package'];

const run = (options, buildCommand, env) =>
  spawnSync(process.execPath, [runner, root, ...ALONE, ...options, '--', ...buildCommand, '--', ...filters], { stdio: 'inherit', env: { ...process.env, ...env } }).status ?? 1;

if (process.env.KURA_E2E_STORE) process.exit(run([], build, {}));

const started = Date.now();
const first = run([], build, { KURA_E2E_STORE: 'sqlite' });
// The filters may have chosen no e2e test: then there is no second pass (and no need of PostgreSQL).
const e2e = readdirSync(path.join(root, 'test/e2e'), { recursive: true })
  .map((f) => path.join('test/e2e', String(f)))
  .filter((f) => f.endsWith('.test.ts') && (filters.length === 0 || filters.some((x) => f.includes(x))));
if (e2e.length === 0) process.exit(first);
const minutes = (ms) => `${(ms / 60_000).toFixed(1)} min`;
console.log(`\n== the e2e suite again, every server on PostgreSQL (KURA_E2E_STORE=postgres); the first pass took ${minutes(Date.now() - started)}\n`);
const secondStarted = Date.now();
const second = (await postgresProblem()) ?? run(['--under', 'test/e2e'], [], { KURA_E2E_STORE: 'postgres' });
console.log(`\n== the PostgreSQL pass took ${minutes(Date.now() - secondStarted)}: ${second === 0 ? 'passed' : 'FAILED'}; the first pass ${first === 0 ? 'passed' : 'FAILED'}`);
process.exit(first !== 0 ? first : second);

/** Said once, rather than by every e2e test: the PostgreSQL pass needs the server (test/e2e/store.ts). */
async function postgresProblem() {
  // The default of src/store/postgres/testing/database.ts.
  const url = process.env.KURA_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    return undefined;
  } catch (error) {
    const where = new URL(url);
    console.error(`the PostgreSQL pass needs PostgreSQL at ${where.host} as ${where.username} (.ci/run starts it; KURA_TEST_POSTGRES names another; KURA_E2E_STORE=sqlite runs SQLite only): ${error.message}`);
    return 1;
  } finally {
    await client.end().catch(() => undefined);
  }
}
