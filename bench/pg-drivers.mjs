#!/usr/bin/env node
// The measurement that chose Kura's PostgreSQL driver: `pg` (node-postgres, Kura's dependency)
// against `postgres` (postgres.js, not a dependency: installed into a temporary folder for this run
// only), on the same database, the same statements and the same concurrency. Two workloads, each at
// concurrency 1 and 16:
//
//   read   one prepared `SELECT … WHERE id = $1` by primary key (the shape of most of Kura's
//          statements: GetParameter is two of them)
//   write  BEGIN; SELECT … FOR UPDATE; UPDATE; INSERT; COMMIT (the shape of Kura's writes that
//          decide under a lock: creates, label moves, evictions, IAM writes), each concurrent
//          lane on its own rows, so lanes never wait for each other's locks
//
// Each (driver, workload, concurrency) runs in a child process of its own, confined to the last CPU
// like the bench's load generators, with a pool of as many connections as lanes; the figures are
// the client's CPU per operation (the child's process.cpuUsage(), garbage collection included),
// PostgreSQL's backend CPU per operation (from /proc), and operations per second. Runs alternate
// drivers (pg, postgres.js, pg, …) and the table gives medians.
//
//   node bench/pg-drivers.mjs [--rounds N] [--seconds S] [--postgres URL] [--postgres-js VERSION] [--record]
//
// --record writes the table into bench/RESULTS.md between its pg-drivers markers (run.mjs keeps
// that section when it rewrites the file). Like the bench, this never fails CI and is not run by it:
// when PostgreSQL or npm is unavailable it says so and exits 0.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { startCpuAccounting } from './cpu.mjs';
import { DEFAULT_ADMIN_URL, createBenchDatabase, dropBenchDatabase, dropBenchDatabaseSync, openProcessLister, redacted } from './postgres.mjs';
import { DRIVERS_END, DRIVERS_START } from './report.mjs';
import { median } from './walk.mjs';

const BENCH = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.dirname(BENCH);
const RESULTS = path.join(BENCH, 'RESULTS.md');
const MARK_START = DRIVERS_START;
const MARK_END = DRIVERS_END;

const { values: opts } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    seconds: { type: 'string', default: '3' },
    postgres: { type: 'string', default: process.env.KURA_BENCH_POSTGRES ?? DEFAULT_ADMIN_URL },
    'postgres-js': { type: 'string', default: 'latest' },
    record: { type: 'boolean', default: false },
    child: { type: 'string' }, // internal: JSON of one measurement to run in this process
    help: { type: 'boolean', default: false },
  },
});
if (opts.help) {
  const lines = readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').slice(1);
  const header = lines.slice(0, lines.findIndex((l) => !l.startsWith('//')));
  process.stdout.write(header.join('\n').replace(/^\/\/ ?/gm, '') + '\n');
  process.exit(0);
}

const ROWS = 1000;
const READ_SQL = 'SELECT id, value, version FROM bench_kv WHERE id = $1';
const LOCK_SQL = 'SELECT version FROM bench_kv WHERE id = $1 FOR UPDATE';
const UPDATE_SQL = 'UPDATE bench_kv SET value = $2, version = $3 WHERE id = $1';
const INSERT_SQL = 'INSERT INTO bench_history (id, version, value) VALUES ($1, $2, $3)';
const SCHEMA = `
  CREATE TABLE bench_kv (id integer PRIMARY KEY, value text NOT NULL, version integer NOT NULL);
  CREATE TABLE bench_history (id integer NOT NULL, version integer NOT NULL, value text NOT NULL, PRIMARY KEY (id, version));
  INSERT INTO bench_kv SELECT i, repeat('x', 64), 1 FROM generate_series(0, ${ROWS - 1}) AS i;`;

// ---- the child: one driver, one workload, one concurrency ----

/** The two drivers behind one interface: read(id) and write(id, value), each one round of statements. */
async function openDriver(name, url, max, postgresJsDir) {
  if (name === 'pg') {
    const pg = createRequire(path.join(ROOT, 'packages/kura/package.json'))('pg');
    const pool = new pg.Pool({ connectionString: url, max });
    // Named statements, prepared once per connection, as Kura's store runs them.
    const q = (client, name, text, values) => client.query({ name, text, values });
    return {
      read: (id) => q(pool, 'r', READ_SQL, [id]).then((r) => r.rows[0]),
      write: async (id, value) => {
        const client = await pool.connect();
        try {
          await client.query('BEGIN');
          const { version } = (await q(client, 'l', LOCK_SQL, [id])).rows[0];
          await q(client, 'u', UPDATE_SQL, [id, value, version + 1]);
          await q(client, 'i', INSERT_SQL, [id, version + 1, value]);
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw error;
        } finally {
          client.release();
        }
      },
      close: () => pool.end(),
    };
  }
  const resolved = createRequire(path.join(postgresJsDir, 'package.json')).resolve('postgres');
  const postgres = (await import(pathToFileURL(resolved).href)).default;
  // prepare: true (its default) prepares each statement once per connection, as pg's named statements do.
  const sql = postgres(url, { max, prepare: true, idle_timeout: 0, onnotice: () => {} });
  return {
    read: (id) => sql.unsafe(READ_SQL, [id], { prepare: true }).then((rows) => rows[0]),
    write: (id, value) =>
      sql.begin(async (tx) => {
        const [{ version }] = await tx.unsafe(LOCK_SQL, [id], { prepare: true });
        await tx.unsafe(UPDATE_SQL, [id, value, version + 1], { prepare: true });
        await tx.unsafe(INSERT_SQL, [id, version + 1, value], { prepare: true });
      }),
    close: () => sql.end({ timeout: 5 }),
  };
}

async function runChild(spec) {
  const { driver, workload, concurrency, seconds, url, adminUrl, database, postgresJsDir } = spec;
  const db = await openDriver(driver, url, concurrency, postgresJsDir);
  const lister = await openProcessLister(adminUrl, database).catch(() => null);
  let counter = 0;
  let stopAt = 0;
  const lane = async (k) => {
    let done = 0;
    let i = k;
    while (performance.now() < stopAt) {
      // Lane k reads any row, but writes only the rows id ≡ k (mod concurrency): no lock waits.
      const id = workload === 'read' ? (i * 7919) % ROWS : i % ROWS;
      if (workload === 'read') {
        const row = await db.read(id);
        if (row?.id !== id) throw new Error(`read ${id} answered ${JSON.stringify(row)}`);
      } else {
        await db.write(id, `v${counter++}`.padEnd(64, 'y'));
      }
      i += workload === 'read' ? 1 : concurrency;
      done += 1;
    }
    return done;
  };
  const run = async (ms) => {
    stopAt = performance.now() + ms;
    const counts = await Promise.all(Array.from({ length: concurrency }, (_, k) => lane(k)));
    return counts.reduce((a, b) => a + b, 0);
  };
  await run(1000); // warm-up: connections opened, statements prepared, code optimised
  const pids = lister ? await lister.list() : [];
  const stopCpu = startCpuAccounting(null, { database: pids });
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const ops = await run(seconds * 1000);
  const elapsedS = (performance.now() - t0) / 1000;
  const cpu1 = process.cpuUsage(cpu0);
  const more = lister ? await lister.list() : [];
  const pgCpu = stopCpu(more);
  await lister?.close();
  await db.close();
  const clientUs = cpu1.user + cpu1.system;
  process.stdout.write(`DRIVER_JSON ${JSON.stringify({ ops, elapsedS, clientUs, databaseUs: lister ? pgCpu.databaseCpuS * 1e6 : null, foreignCpu: pgCpu.foreignCpu })}\n`);
}

if (opts.child) {
  await runChild(JSON.parse(opts.child));
  process.exit(0);
}

// ---- the parent: install postgres.js, make the database, run every combination, report ----

const log = (msg) => process.stderr.write(`pg-drivers: ${msg}\n`);
const onPath = (cmd) => spawnSync('/bin/sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).stdout?.trim() || null;
const cpuCount = os.availableParallelism?.() ?? os.cpus().length;
const PIN = Boolean(onPath('taskset')) && cpuCount >= 2 ? String(cpuCount - 1) : null;

function childRun(spec) {
  const args = [fileURLToPath(import.meta.url), '--child', JSON.stringify(spec)];
  const [cmd, argv] = PIN ? ['taskset', ['-c', PIN, process.execPath, ...args]] : [process.execPath, args];
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('DRIVER_JSON '));
      if (code !== 0 || !line) reject(new Error(`${spec.driver} ${spec.workload} c=${spec.concurrency} failed (exit ${code}):\n${out}\n${err}`));
      else resolve(JSON.parse(line.slice('DRIVER_JSON '.length)));
    });
  });
}

const fmt = (x, digits = 0) => (Number.isFinite(x) ? x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : '–');

function render(results, facts) {
  const out = [MARK_START, '## PostgreSQL driver: `pg` or `postgres` (postgres.js)', ''];
  out.push(`Written by \`node bench/pg-drivers.mjs --record\` on ${facts.date}. ${facts.what}`, '');
  out.push('| workload | concurrency | driver | operations/s | client CPU per operation | PostgreSQL backend CPU per operation | each run, operations/s |');
  out.push('|---|---:|---|---:|---:|---:|---|');
  for (const r of results) {
    out.push(`| ${r.workload} | ${r.concurrency} | ${r.driver === 'pg' ? `\`pg\` ${facts.pgVersion}` : `\`postgres\` ${facts.postgresJsVersion}`} | ${fmt(r.rate)} | ${fmt(r.clientUs)} µs | ${fmt(r.databaseUs)} µs | ${r.rates.map((x) => fmt(x)).join(' / ')} |`);
  }
  out.push('');
  for (const line of facts.conclusion) out.push(line);
  out.push('', facts.settings, MARK_END);
  return out.join('\n');
}

/** Puts the section into RESULTS.md between the markers (replacing an earlier one), or at the end. */
function record(section) {
  const text = existsSync(RESULTS) ? readFileSync(RESULTS, 'utf8') : '';
  const start = text.indexOf(MARK_START);
  const end = text.indexOf(MARK_END);
  const next = start >= 0 && end > start ? text.slice(0, start) + section + text.slice(end + MARK_END.length) : `${text.trimEnd()}\n\n${section}\n`;
  writeFileSync(RESULTS, next);
}

/** Within this share of each other, two CPU figures count as equal: runs on a shared VM vary more than that. */
const EQUAL_WITHIN = 0.1;

function conclusion(results) {
  const get = (d, w, c) => results.find((r) => r.driver === d && r.workload === w && r.concurrency === c);
  const lines = [];
  const compared = [];
  for (const w of ['read', 'write']) {
    for (const c of [1, 16]) {
      const a = get('pg', w, c);
      const b = get('postgres', w, c);
      if (!a || !b || !Number.isFinite(a.clientUs) || !Number.isFinite(b.clientUs)) continue;
      const diff = (b.clientUs - a.clientUs) / Math.max(a.clientUs, b.clientUs);
      const verdict = Math.abs(diff) <= EQUAL_WITHIN ? 'about equal' : diff > 0 ? `pg ${Math.round(diff * 100)}% less` : `postgres.js ${Math.round(-diff * 100)}% less`;
      compared.push({ w, c, a, b, diff, text: `${w} c=${c}: ${fmt(a.clientUs)} µs (pg) vs ${fmt(b.clientUs)} µs (postgres.js), ${verdict}; ${fmt(a.rate)} vs ${fmt(b.rate)} operations/s` });
    }
  }
  if (compared.length === 0) return ['No comparison: a driver failed to run (see the log).'];
  lines.push(`Client CPU per operation: ${compared.map((x) => x.text).join('; ')}.`, '');
  const less = (list, who) => list.map((x) => `c=${x.c}: ${fmt(Math.abs(x.a.clientUs - x.b.clientUs))} µs less per operation`).join(', ') + (who ? ` for ${who}` : '');
  const side = (w) => {
    const xs = compared.filter((x) => x.w === w);
    const pgLess = xs.filter((x) => x.diff > EQUAL_WITHIN);
    const jsLess = xs.filter((x) => x.diff < -EQUAL_WITHIN);
    if (pgLess.length === xs.length) return { pg: true, text: `\`pg\` spends less client CPU on ${w === 'read' ? 'the simple read' : 'the transactional write'} (${less(pgLess)})` };
    if (jsLess.length === xs.length) return { pg: false, text: `postgres.js spends less client CPU on ${w === 'read' ? 'the simple read' : 'the transactional write'} (${less(jsLess)})` };
    return { pg: null, text: `the two are about even on ${w === 'read' ? 'the simple read' : 'the transactional write'}` };
  };
  const read = side('read');
  const write = side('write');
  lines.push(
    `Kura uses \`pg\`. On these figures ${write.text}, and ${read.text}. ` +
      (read.pg !== false && write.pg !== false
        ? 'On a Kura server that client CPU is taken from request handling, so the driver that spends less per statement serves more requests per core. '
        : 'Neither driver is cheaper on both; `pg` stays because the store is built on it: on `pg-pool`\'s checkout and its error events, which the store\'s fault handling (fail fast with a retryable error, reconnect after an outage) is written and tested against. ') +
      'Kura\'s store runs one statement after another within a request (a store method is one transaction on one connection), so postgres.js\'s pipelining would not shorten a request. ' +
      'The trade-off: postgres.js accepts multi-host connection strings with `target_session_attrs` (it finds the primary among several hosts), while `pg` connects to one host; ' +
      'with `pg`, failover between PostgreSQL servers needs one address that always reaches the primary (a managed service\'s endpoint, a virtual IP, or a proxy such as PgBouncer or HAProxy in front of the servers).',
  );
  return lines;
}

async function main() {
  const rounds = Math.max(1, Number(opts.rounds));
  const seconds = Number(opts.seconds);
  const adminUrl = opts.postgres;
  if (!onPath('npm')) {
    log('npm is not on PATH: cannot install postgres.js; nothing measured');
    return;
  }
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'kura-pg-drivers-'));
  let db;
  const cleanup = () => {
    if (db) dropBenchDatabaseSync(adminUrl, db.database);
    db = undefined;
    rmSync(tmp, { recursive: true, force: true });
  };
  process.on('exit', cleanup);
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(130));
  try {
    log(`installing postgres@${opts['postgres-js']} into ${tmp} (not a dependency of Kura)`);
    writeFileSync(path.join(tmp, 'package.json'), '{"private":true}\n');
    try {
      execFileSync('npm', ['install', '--no-audit', '--no-fund', '--no-package-lock', '--loglevel=error', `postgres@${opts['postgres-js']}`], { cwd: tmp, stdio: ['ignore', 'ignore', 'pipe'] });
    } catch (error) {
      log(`could not install postgres.js (${String(error.stderr ?? error.message).trim().split('\n')[0]}); nothing measured`);
      return;
    }
    try {
      db = await createBenchDatabase(adminUrl);
    } catch (error) {
      log(`PostgreSQL at ${redacted(adminUrl)} is not usable (${error.message}); nothing measured`);
      return;
    }
    const pgLib = createRequire(path.join(ROOT, 'packages/kura/package.json'))('pg');
    const setup = new pgLib.Client({ connectionString: db.url });
    await setup.connect();
    await setup.query(SCHEMA);
    await setup.end();
    const pgVersion = JSON.parse(readFileSync(createRequire(path.join(ROOT, 'packages/kura/package.json')).resolve('pg/package.json'), 'utf8')).version;
    const postgresJsVersion = JSON.parse(readFileSync(path.join(tmp, 'node_modules/postgres/package.json'), 'utf8')).version;
    log(`pg ${pgVersion}, postgres.js ${postgresJsVersion}, PostgreSQL ${db.version}; ${rounds} rounds of ${seconds} s per combination`);

    const results = [];
    for (const workload of ['read', 'write']) {
      for (const concurrency of [1, 16]) {
        const runs = { pg: [], postgres: [] };
        for (let round = 0; round < rounds; round += 1) {
          for (const driver of ['pg', 'postgres']) {
            const r = await childRun({ driver, workload, concurrency, seconds, url: db.url, adminUrl, database: db.database, postgresJsDir: tmp });
            runs[driver].push(r);
            log(`${workload} c=${concurrency} ${driver.padEnd(8)} ${fmt(r.ops / r.elapsedS).padStart(7)} ops/s  client ${fmt(r.clientUs / r.ops)} µs/op  postgres ${fmt(r.databaseUs / r.ops)} µs/op  other load ${r.foreignCpu?.toFixed(2)} CPU`);
          }
        }
        for (const driver of ['pg', 'postgres']) {
          const rs = runs[driver];
          results.push({
            driver, workload, concurrency,
            rate: median(rs.map((r) => r.ops / r.elapsedS)),
            rates: rs.map((r) => r.ops / r.elapsedS),
            clientUs: median(rs.map((r) => r.clientUs / r.ops)),
            databaseUs: median(rs.map((r) => (r.databaseUs === null ? NaN : r.databaseUs / r.ops)).filter(Number.isFinite)),
          });
        }
      }
    }
    const facts = {
      date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
      pgVersion,
      postgresJsVersion,
      what: `Node ${process.version}, PostgreSQL ${db.version} on this machine (${cpuCount} CPUs × ${os.cpus()[0]?.model ?? 'unknown'}), ${rounds} runs of ${seconds} s per line (after 1 s of warm-up), medians.`,
      conclusion: conclusion(results),
      settings:
        `Workloads: *read* is one prepared \`${READ_SQL}\` over ${ROWS} rows; *write* is \`BEGIN\`, \`${LOCK_SQL}\`, \`${UPDATE_SQL}\`, \`${INSERT_SQL}\`, \`COMMIT\`, each lane on rows of its own. ` +
        `Both drivers prepare each statement once per connection and keep a pool of as many connections as lanes. The client runs in a child process of its own${PIN ? `, confined to CPU ${PIN} with taskset` : ''}; its CPU is \`process.cpuUsage()\` over the measured seconds; PostgreSQL's is its backends' (and its WAL writer's and checkpointer's) CPU from /proc over the same seconds.`,
    };
    const section = render(results, facts);
    process.stdout.write(`${section}\n`);
    if (opts.record) {
      record(section);
      log(`recorded in ${path.relative(process.cwd(), RESULTS)}`);
    }
  } finally {
    if (db) {
      await dropBenchDatabase(adminUrl, db.database).catch(() => undefined);
      db = undefined;
    }
    cleanup();
  }
}

await main();
