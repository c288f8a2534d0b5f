#!/usr/bin/env node
// What the audit log costs per request: GetParameter at concurrency 1 and 16 against three servers,
// one at a time, each fresh and seeded alike:
//   sqlite          SQLite store, audit events appended to <data>/audit/audit.jsonl (the default)
//   pg, file audit  PostgreSQL store, audit events to the file (--audit-log file): no database audit
//   pg, db audit    PostgreSQL store, audit events committed to the database (the default there)
// For each: requests per second, median and p99 latency (wrk), Kura's CPU per request, PostgreSQL's
// CPU per request (its backends for the bench database, the WAL writer, the checkpointer and the
// background writer), and PostgreSQL commits per request. The difference between the first two
// PostgreSQL rows is the database audit's cost; a last row shows how much of it is the commit's
// wait for the disk (synchronous_commit off, which Kura does not use). Writes bench/audit/RESULTS.md.
//
//   node bench/audit/run.mjs [--rounds N] [--measure S] [--warmup S] [--postgres URL] [--out FILE]

import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { CREDENTIALS, REGION, createClient, forEachLimited } from '../client.mjs';
import { startCpuAccounting } from '../cpu.mjs';
import { DEFAULT_ADMIN_URL, createBenchDatabase, dropBenchDatabase, dropBenchDatabaseSync, openProcessLister, redacted } from '../postgres.mjs';
import { killAllSync, startKura } from '../servers.mjs';
import { createSigner, rawRequest } from '../sigv4.mjs';
import { runWrk, writePool } from '../wrk.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');
const BIN = path.join(ROOT, 'packages/kura/bin/kura.js');
const WORK = path.join(HERE, '..', '.work');

const { values: opts } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    measure: { type: 'string', default: '3' },
    warmup: { type: 'string', default: '2' },
    postgres: { type: 'string', default: DEFAULT_ADMIN_URL },
    out: { type: 'string', default: path.join(HERE, 'RESULTS.md') },
  },
});
const ROUNDS = Number(opts.rounds);
const MEASURE_S = Number(opts.measure);
const WARMUP_S = Number(opts.warmup);
const PARAMETERS = 100;
const LOADS = [
  { concurrency: 1, threads: 1 },
  { concurrency: 16, threads: 2 },
];

const databases = [];
process.on('exit', () => {
  killAllSync();
  for (const database of databases) dropBenchDatabaseSync(opts.postgres, database);
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));

const log = (message) => process.stderr.write(`[audit-bench] ${message}\n`);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * For the row that shows what the commit's flush costs: the database commits without waiting for
 * its WAL to reach the disk. Kura never does this itself; in a GetParameter run the only writes are
 * the audit inserts, so this row is the database audit without the flush.
 */
async function setAsyncCommit(database) {
  const pg = createRequire(path.join(ROOT, 'packages/kura/package.json'))('pg');
  const client = new pg.Client({ connectionString: opts.postgres });
  await client.connect();
  try {
    await client.query(`ALTER DATABASE ${database} SET synchronous_commit = off`);
  } finally {
    await client.end();
  }
}

/** Transactions committed in the database so far, once every backend has reported them. */
async function commits(database) {
  // An idle backend reports its statistics within PostgreSQL's idle interval (10 s).
  await new Promise((resolve) => setTimeout(resolve, 11_000));
  const pg = createRequire(path.join(ROOT, 'packages/kura/package.json'))('pg');
  const client = new pg.Client({ connectionString: opts.postgres });
  await client.connect();
  try {
    return Number((await client.query('SELECT xact_commit FROM pg_stat_database WHERE datname = $1', [database])).rows[0]?.xact_commit ?? NaN);
  } finally {
    await client.end();
  }
}

/** Starts one target's server on fresh data and seeds it; `close()` stops it and drops what it made. */
async function startTarget(target) {
  const dataDir = mkdtempSync(path.join(WORK, 'audit-data-'));
  let database = null;
  const extraArgs = [];
  if (target.store === 'postgres') {
    database = await createBenchDatabase(opts.postgres);
    databases.push(database.database);
    extraArgs.push('--store', database.url, '--audit-log', target.audit);
    if (target.asyncCommit) await setAsyncCommit(database.database);
  }
  const server = await startKura({ bin: BIN, dataDir, logFile: path.join(dataDir, 'kura.log'), name: target.name, extraArgs, env: { KURA_MASTER_KEY: Buffer.alloc(32, 7).toString('base64') } });
  const lister = database ? await openProcessLister(opts.postgres, database.database) : null;
  const client = createClient(server.port);
  const names = Array.from({ length: PARAMETERS }, (_, i) => `/bench/audit/p${String(i).padStart(3, '0')}`);
  await forEachLimited(names, 8, (name) => client.call('PutParameter', { Name: name, Type: 'String', Value: 'v'.repeat(64), Overwrite: true }));
  client.close();
  const sign = createSigner({ ...CREDENTIALS, region: REGION, service: 'ssm' });
  const host = `127.0.0.1:${server.port}`;
  const pool = path.join(dataDir, 'pool.bin');
  writePool(pool, names.map((name) => {
    const body = JSON.stringify({ Name: name, WithDecryption: true });
    return rawRequest(sign({ host, target: 'AmazonSSM.GetParameter', body }), body);
  }));
  return {
    ...target,
    server,
    database,
    lister,
    pool,
    async close() {
      await lister?.close();
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
      if (database) {
        await dropBenchDatabase(opts.postgres, database.database).catch(() => undefined);
        databases.splice(databases.indexOf(database.database), 1);
      }
    },
  };
}

/** One wrk run against one target, with the CPU it cost. */
async function measureOnce(target, load, seconds) {
  const databasePids = target.lister ? await target.lister.list() : [];
  const stop = startCpuAccounting(target.server.pid, { database: databasePids });
  const result = await runWrk({ port: target.server.port, threads: load.threads, connections: load.concurrency, seconds, poolFile: target.pool, mode: 'shared' });
  const cpu = stop(target.lister ? await target.lister.list() : []);
  if (!result.valid) throw new Error(`${target.name}: ${result.problems.join('; ')}`);
  return {
    requests: result.requests,
    reqPerSec: result.reqPerSec,
    p50: result.latency.p50,
    p99: result.latency.p99,
    kuraUs: cpu.serverCpuS === null ? null : (cpu.serverCpuS / result.requests) * 1e6,
    pgUs: target.lister && cpu.databaseCpuS !== null ? (cpu.databaseCpuS / result.requests) * 1e6 : null,
    foreignCpu: cpu.foreignCpu,
  };
}

/**
 * Every target at one load: a warm-up each, then round after round with every target in turn, so
 * that whatever else loads the machine meanwhile weighs on all of them alike.
 */
async function measureLoad(targets, load) {
  const counted = new Map();
  for (const target of targets) {
    const before = target.database ? await commits(target.database.database) : null;
    const warm = await measureOnce(target, load, WARMUP_S);
    counted.set(target, { before, requests: warm.requests, rounds: [] });
  }
  for (let round = 0; round < ROUNDS; round++) {
    for (const target of targets) {
      const result = await measureOnce(target, load, MEASURE_S);
      const entry = counted.get(target);
      entry.requests += result.requests;
      entry.rounds.push(result);
    }
  }
  const rows = [];
  for (const target of targets) {
    const { before, requests, rounds } = counted.get(target);
    // Over the warm-up and every round: the one figure that needs the statistics to settle first.
    const after = target.database ? await commits(target.database.database) : null;
    const pick = (key) => (rounds.every((r) => r[key] !== null) ? median(rounds.map((r) => r[key])) : null);
    const row = {
      target: target.name,
      concurrency: load.concurrency,
      ...Object.fromEntries(['reqPerSec', 'p50', 'p99', 'kuraUs', 'pgUs', 'foreignCpu'].map((k) => [k, pick(k)])),
      commits: before !== null && after !== null ? (after - before) / requests : null,
    };
    log(`${target.name} c=${load.concurrency}: ${row.reqPerSec.toFixed(0)} req/s, p50 ${row.p50.toFixed(2)} ms, p99 ${row.p99.toFixed(2)} ms, Kura ${row.kuraUs?.toFixed(0)} µs/req, PostgreSQL ${row.pgUs?.toFixed(0) ?? '-'} µs/req, commits/req ${row.commits?.toFixed(3) ?? '-'}, others ${row.foreignCpu?.toFixed(2)} CPUs`);
    rows.push(row);
  }
  return rows;
}

const fmt = (value, digits = 0) => (value === null || value === undefined || Number.isNaN(value) ? '–' : value.toFixed(digits));

function report(rows, started) {
  const lines = [
    '# What the audit log costs per request',
    '',
    `Written by \`node bench/audit/run.mjs\` on ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC: ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? 'unknown'}), Node ${process.version}, PostgreSQL at ${redacted(opts.postgres)}. ` +
      `GetParameter (\`WithDecryption: true\`, ${PARAMETERS} String parameters of 64 bytes, replayed round-robin by wrk), ${WARMUP_S} s of warm-up, then the median of ${ROUNDS} runs of ${MEASURE_S} s. ` +
      'The servers run side by side, idle but for the one measured: round after round, each in turn, so that other load on the machine weighs on all alike. Kura, wrk and PostgreSQL share the machine: nothing is pinned.',
    '',
    '| server | audit log | concurrency | req/s | p50 ms | p99 ms | Kura CPU µs/req | PostgreSQL CPU µs/req | PostgreSQL commits/req | other processes, CPUs |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const row of rows) {
    const [server, audit] = row.target.split(', ');
    lines.push(`| ${server} | ${audit} | ${row.concurrency} | ${fmt(row.reqPerSec)} | ${fmt(row.p50, 2)} | ${fmt(row.p99, 2)} | ${fmt(row.kuraUs)} | ${fmt(row.pgUs)} | ${fmt(row.commits, 3)} | ${fmt(row.foreignCpu, 2)} |`);
  }
  lines.push(
    '',
    'PostgreSQL CPU counts its backends for the bench database plus the server-wide WAL writer, checkpointer and background writer. ' +
      'Commits per request: transactions committed in the bench database per request answered (a GetParameter reads in autocommit statements; each audit batch is one more commit). ' +
      'The database audit costs the difference between the two PostgreSQL rows at the same concurrency. ' +
      'Other processes: the CPU that everything else on the machine used meanwhile (0.5 = half a CPU), which slows every row it appears in.',
    '',
  );
  return lines.join('\n');
}

async function main() {
  if (!existsSync(BIN)) throw new Error(`Kura is not built: run \`node scripts/build.mjs\` in packages/kura first (${BIN} is missing)`);
  mkdirSync(WORK, { recursive: true });
  const started = new Date();
  const targets = [
    { name: 'SQLite, file', store: 'sqlite' },
    { name: 'PostgreSQL, file', store: 'postgres', audit: 'file' },
    { name: 'PostgreSQL, database', store: 'postgres', audit: 'store' },
    { name: 'PostgreSQL, database (synchronous_commit off)', store: 'postgres', audit: 'store', asyncCommit: true },
  ];
  const running = [];
  try {
    for (const target of targets) running.push(await startTarget(target));
    const rows = [];
    for (const load of LOADS) rows.push(...(await measureLoad(running, load)));
    rows.sort((a, b) => targets.findIndex((t) => t.name === a.target) - targets.findIndex((t) => t.name === b.target) || a.concurrency - b.concurrency);
    const text = report(rows, started);
    writeFileSync(opts.out, text);
    process.stdout.write(text);
  } finally {
    for (const target of running) await target.close();
  }
}

main().catch((error) => {
  log(error.stack ?? String(error));
  process.exitCode = 1;
});
