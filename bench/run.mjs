#!/usr/bin/env node
// `npm run bench`: Kura vs moto_server, side by side on this machine, written to bench/RESULTS.md;
// Kura on PostgreSQL too (one replica, and three behind HAProxy) for GetParameter and PutParameter.
// See bench/README.md for what is measured and how. Exits non-zero only when the harness itself
// breaks; a slow or failing server is reported in RESULTS.md, never turned into an exit code.
//
//   node bench/run.mjs [--rounds N] [--measure S] [--warmup S] [--walk S] [--out FILE]
//                      [--only kura,moto,pg1,pg3] [--no-pin] [--server-cpus LIST] [--postgres URL]

import { execFileSync, spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { CREDENTIALS, REGION, createClient, forEachLimited } from './client.mjs';
import { startCpuAccounting } from './cpu.mjs';
import { PG_TARGETS, startPostgresTargets } from './pg-targets.mjs';
import { DEFAULT_ADMIN_URL, redacted } from './postgres.mjs';
import { DRIVERS_END, DRIVERS_START, NOISY_CPU, renderResults } from './report.mjs';
import { killAllSync, startKura, startMoto, track } from './servers.mjs';
import { createSigner, crossCheckWithSmithy, rawRequest } from './sigv4.mjs';
import { measureDurableFloor } from './durable-floor.mjs';
import { measureWalks, median } from './walk.mjs';
import { runWrk, writePool } from './wrk.mjs';

const BENCH = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.dirname(BENCH);
const WORK = path.join(BENCH, '.work');
const KURA_BIN = path.join(ROOT, 'packages/kura/bin/kura.js');
const KURA_DIST = path.join(ROOT, 'packages/kura/dist/kura.js');

const { values: opts } = parseArgs({
  options: {
    rounds: { type: 'string', default: '5' },
    measure: { type: 'string', default: '2' },
    warmup: { type: 'string', default: '2' },
    walk: { type: 'string', default: '8' },
    out: { type: 'string' },
    only: { type: 'string' },
    'no-pin': { type: 'boolean', default: false },
    'server-cpus': { type: 'string' },
    postgres: { type: 'string', default: process.env.KURA_BENCH_POSTGRES ?? DEFAULT_ADMIN_URL },
    help: { type: 'boolean', default: false },
  },
});
if (opts.help) {
  process.stdout.write(readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').slice(1, 8).join('\n').replace(/^\/\/ ?/gm, '') + '\n');
  process.exit(0);
}
const ROUNDS = Math.max(1, Number(opts.rounds));
const MAX_REDOS = ROUNDS; // per row: at most this many noisy pairs of runs are discarded and redone
const MEASURE_S = Number(opts.measure);
const WARMUP_S = Number(opts.warmup);
const WALK_S = Number(opts.walk);
const ALL_TARGETS = ['kura', 'moto', ...PG_TARGETS];
const TARGETS = opts.only ? opts.only.split(',') : ALL_TARGETS;
const OUT = path.resolve(opts.out ?? (opts.only ? path.join(WORK, 'RESULTS.partial.md') : path.join(BENCH, 'RESULTS.md')));
for (const t of TARGETS) if (!ALL_TARGETS.includes(t)) throw new Error(`--only: unknown target ${t} (known: ${ALL_TARGETS.join(', ')})`);
/** The rows Kura on PostgreSQL is measured on: operation key and concurrency. */
const PG_ROWS = new Set(['get/16', 'put/16']);
const isPg = (target) => PG_TARGETS.includes(target);

// ---- cleanup: both servers (and any wrk) die with this process, whatever the reason ----
const temporary = new Set(); // files and folders under bench/.work to remove on the way out
let pgStarted = null; // Kura on PostgreSQL: its database is dropped on the way out, whatever the reason
function cleanupSync() {
  killAllSync();
  pgStarted?.dropSync();
  pgStarted = null;
  for (const p of temporary) rmSync(p, { recursive: true, force: true });
  temporary.clear();
}
process.on('exit', cleanupSync);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    process.stderr.write(`\nbench: ${sig}, stopping the servers\n`);
    cleanupSync();
    process.exit(sig === 'SIGINT' ? 130 : 143);
  });
}

const log = (msg) => process.stderr.write(`bench: ${msg}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function onPath(cmd) {
  return spawnSync('/bin/sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).stdout?.trim() || null;
}

// ---- prerequisites: missing tools are explained, and the benchmark exits 0 ----
const wrkPath = onPath('wrk');
const motoPath = onPath('moto_server');
const haproxyPath = onPath('haproxy');
const missing = [];
if (!wrkPath) missing.push('wrk is not installed: `apt-get install wrk` (Debian/Ubuntu; wrk 4.x with Lua)');
if (!motoPath && TARGETS.includes('moto')) missing.push("moto_server is not installed: `pip install 'moto[server]'`");
if (!existsSync(KURA_DIST) && TARGETS.some((t) => t !== 'moto')) missing.push('Kura is not built: run `npm run build` at the repository root first');
if (missing.length) {
  for (const m of missing) log(m);
  log('nothing measured');
  process.exit(0);
}

const check = await crossCheckWithSmithy();
if (check.mismatch) throw new Error(`the bench's SigV4 signer disagrees with @smithy/signature-v4:\n${check.mismatch}`);

// ---- CPU placement: the load generators (wrk and this process) on the last CPU ----
const cpuCount = os.availableParallelism?.() ?? os.cpus().length;
const tasksetPath = onPath('taskset');
const PIN = !opts['no-pin'] && Boolean(tasksetPath) && cpuCount >= 2;
// By default each server may run on every CPU, as it would when started by hand; only the load
// generators are confined (to the last CPU). --server-cpus 0 gives the server a core of its own.
const SERVER_CPUS = PIN ? (opts['server-cpus'] ?? `0-${cpuCount - 1}`) : undefined;
const LOADGEN_CPUS = PIN ? String(cpuCount - 1) : undefined;
if (PIN) {
  // This process runs the seeding and the whole-path walkers: keep it off the server's CPU too.
  execFileSync('taskset', ['-a', '-p', '-c', LOADGEN_CPUS, String(process.pid)], { stdio: 'ignore' });
}

mkdirSync(WORK, { recursive: true });

// ---- wait (up to a minute) for the machine to be quiet: other processes' load distorts throughput ----
async function foreignLoad(seconds) {
  const stop = startCpuAccounting(null);
  await sleep(seconds * 1000);
  return stop().foreignCpu;
}
let quietBefore;
{
  const waitStart = Date.now();
  let load = await foreignLoad(2);
  while (load !== null && load > NOISY_CPU && Date.now() - waitStart < 60000) {
    log(`other processes are using ${load.toFixed(2)} CPU; waiting for the machine to quieten (up to a minute)`);
    load = await foreignLoad(5);
  }
  quietBefore = load === null ? 'unknown (no /proc)' : `${load.toFixed(2)} CPU${load > NOISY_CPU ? ' (still busy after waiting a minute; figures may be depressed)' : ''}`;
}
const startedAt = new Date();
const command = `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`;

// ---- the data both servers hold ----
const PATH_COUNT = 1000;
const PUT_NAMES = 2000;
const pad = (i) => String(i).padStart(4, '0');
const pathName = (i) => `/bench/path/p${pad(i)}`;
const putName = (i) => `/bench/put/w${pad(i)}`;
const isSecure = (i) => i % 100 === 0; // p0000, p0100, ... p0900: 10 SecureStrings among the 1,000
const valueOf = (i) => `value-${pad(i)}-`.padEnd(64, 'x');

async function seed(server) {
  const client = createClient(server.port, { maxSockets: 8 });
  try {
    await client.call('PutParameter', { Name: '/bench/one', Value: 'hello', Type: 'String', Overwrite: true });
    const indexes = Array.from({ length: PATH_COUNT }, (_, i) => i);
    await forEachLimited(indexes, 8, (i) =>
      client.call('PutParameter', { Name: pathName(i), Value: valueOf(i), Type: isSecure(i) ? 'SecureString' : 'String', Overwrite: true }),
    );
    // Smoke checks: a plain read, a decrypted SecureString, and the first page of the path.
    const one = await client.call('GetParameter', { Name: '/bench/one' });
    if (one.Parameter?.Value !== 'hello') throw new Error(`GetParameter /bench/one answered ${JSON.stringify(one)}`);
    const secure = await client.call('GetParameter', { Name: pathName(100), WithDecryption: true });
    if (secure.Parameter?.Value !== valueOf(100) || secure.Parameter?.Type !== 'SecureString') {
      throw new Error(`GetParameter ${pathName(100)} WithDecryption answered ${JSON.stringify(secure)}`);
    }
    const page = await client.call('GetParametersByPath', { Path: '/bench/path', MaxResults: 10, WithDecryption: true });
    if (page.Parameters?.length !== 10 || !page.NextToken) throw new Error(`GetParametersByPath first page answered ${JSON.stringify(page).slice(0, 300)}`);
  } finally {
    client.close();
  }
  await seedSecrets(server);
}

// Secrets Manager: JSON database credentials, the shape the reference design's app reads.
const SECRET_COUNT = 100;
const secretName = (i) => `bench/secret/s${pad(i)}`;
const secretValue = (i) => JSON.stringify({ username: `user${pad(i)}`, password: `p${pad(i)}-`.padEnd(32, 'x'), host: '127.0.0.1', port: 3306, dbname: 'sample' });

async function seedSecrets(server) {
  const client = createClient(server.port, { maxSockets: 8, service: 'secretsmanager' });
  try {
    const indexes = Array.from({ length: SECRET_COUNT }, (_, i) => i);
    await forEachLimited(indexes, 8, (i) => client.call('CreateSecret', { Name: secretName(i), SecretString: secretValue(i), ClientRequestToken: randomUUID() }));
    const got = await client.call('GetSecretValue', { SecretId: secretName(7) });
    if (got.SecretString !== secretValue(7)) throw new Error(`GetSecretValue ${secretName(7)} answered ${JSON.stringify(got).slice(0, 300)}`);
  } finally {
    client.close();
  }
}

// ---- the replayed operations: a pool of requests, signed just before each run ----
const OPERATIONS = [
  {
    key: 'get',
    label: 'GetParameter',
    target: 'AmazonSSM.GetParameter',
    mode: 'shared',
    bodies: () => Array.from({ length: PATH_COUNT }, (_, i) => ({ Name: pathName(i), WithDecryption: true })),
  },
  {
    key: 'page',
    label: 'GetParametersByPath, one page of 10',
    target: 'AmazonSSM.GetParametersByPath',
    mode: 'shared',
    bodies: () => [{ Path: '/bench/path', MaxResults: 10, WithDecryption: true }],
  },
  {
    key: 'put',
    label: 'PutParameter (Overwrite)',
    target: 'AmazonSSM.PutParameter',
    mode: 'slice', // each wrk thread owns every T-th name: no two in-flight writes to one name
    bodies: () => Array.from({ length: PUT_NAMES }, (_, i) => ({ Name: putName(i), Value: `written-${pad(i)}`, Type: 'String', Overwrite: true })),
  },
  {
    key: 'secret',
    label: 'GetSecretValue (JSON, by name)',
    service: 'secretsmanager',
    target: 'secretsmanager.GetSecretValue',
    mode: 'shared',
    bodies: () => Array.from({ length: SECRET_COUNT }, (_, i) => ({ SecretId: secretName(i) })),
  },
];
const CONCURRENCY = [
  { connections: 1, threads: 1 },
  { connections: 16, threads: 2 },
];

function signPool(server, op) {
  const host = `127.0.0.1:${server.port}`;
  const sign = createSigner({ ...CREDENTIALS, region: REGION, service: op.service ?? 'ssm' });
  const file = path.join(WORK, `pool-${server.name}-${op.key}.bin`);
  temporary.add(file);
  writePool(file, op.bodies().map((input) => {
    const body = JSON.stringify(input);
    return rawRequest(sign({ host, target: op.target, body }), body);
  }));
  return file;
}

/**
 * One row of a replayed operation: per target, sign the pool and warm up; then ROUNDS measured pairs
 * of wrk runs, alternating between the targets (Kura, moto, Kura, moto, ...) so that drift hits both
 * alike. A pair during which other processes used more than NOISY_CPU is discarded and run again, at
 * most MAX_REDOS times per row (never a pair with an error: those always count). Each target's
 * figures are the medians over its kept runs.
 */
async function wrkRow(row, targets, op, conc) {
  const pools = {};
  const rounds = {};
  for (const target of targets) {
    const server = servers[target];
    pools[target] = signPool(server, op); // signed now: valid for ±5 minutes, the row takes about one
    rounds[target] = [];
    if (WARMUP_S > 0) await runWrk(wrkArgs(server, op, conc, pools[target], WARMUP_S));
  }
  let redos = 0;
  while (Object.values(rounds)[0].length < ROUNDS && targets.every((t) => alive(servers[t]))) {
    const pair = {};
    for (const target of targets) {
      const server = servers[target];
      const stopCpu = startCpuAccounting(server.pids, { balancer: server.balancerPids, database: (await server.databasePids?.()) ?? [] });
      const r = await runWrk(wrkArgs(server, op, conc, pools[target], MEASURE_S));
      const cpu = stopCpu((await server.databasePids?.()) ?? []);
      // Measured only where there is one: a load balancer, a database whose processes are visible here.
      if (!server.balancerPids?.length) cpu.balancerCpuS = null;
      if (!server.databasePids) cpu.databaseCpuS = null;
      pair[target] = { ...r, ...cpu };
      await sleep(300);
    }
    const runs = Object.values(pair);
    if (redos < MAX_REDOS && runs.every((r) => r.valid) && runs.some((r) => r.foreignCpu > NOISY_CPU)) {
      redos += 1;
      continue;
    }
    for (const target of targets) rounds[target].push(pair[target]);
  }
  row.redos = redos;
  for (const target of targets) {
    rmSync(pools[target], { force: true });
    const rs = rounds[target];
    if (rs.length < ROUNDS) rs.push({ valid: false, problems: ['a server process exited during the row'], requests: 0, durationS: 0, reqPerSec: NaN, latency: {} });
    const med = (f) => median(rs.map(f).filter(Number.isFinite));
    row[target] = {
      rate: med((r) => r.reqPerSec),
      rounds: rs.map((r) => r.reqPerSec),
      count: rs.reduce((a, r) => a + r.requests, 0),
      seconds: rs.reduce((a, r) => a + r.durationS, 0),
      p50: med((r) => r.latency.p50), p90: med((r) => r.latency.p90), p99: med((r) => r.latency.p99),
      max: Math.max(...rs.map((r) => r.latency.max ?? NaN)),
      cpuUsPerUnit: med((r) => (r.serverCpuS ?? NaN) * 1e6 / r.requests),
      balancerCpuUsPerUnit: med((r) => (r.balancerCpuS ?? NaN) * 1e6 / r.requests),
      databaseCpuUsPerUnit: med((r) => (r.databaseCpuS ?? NaN) * 1e6 / r.requests),
      // Every process serving the request: Kura's, the balancer's and the database's (when measured).
      totalCpuUsPerUnit: med((r) => ((r.serverCpuS ?? NaN) + (r.balancerCpuS ?? 0) + (r.databaseCpuS ?? (isPg(target) ? NaN : 0))) * 1e6 / r.requests),
      foreignCpu: med((r) => r.foreignCpu ?? NaN),
      valid: rs.every((r) => r.valid),
      problems: [...new Set(rs.flatMap((r) => r.problems))],
    };
    logRow(row, target);
  }
  if (redos) log(`  (${redos} noisy pair(s) of runs discarded and run again)`);
}

function wrkArgs(server, op, conc, poolFile, seconds) {
  return { port: server.port, threads: conc.threads, connections: conc.connections, poolFile, mode: op.mode, cpus: LOADGEN_CPUS, track, seconds };
}

async function walkRun(server, concurrency) {
  const stopCpu = startCpuAccounting(server.pid);
  const r = await measureWalks({ port: server.port, concurrency, seconds: WALK_S, expected: PATH_COUNT });
  const cpu = stopCpu();
  return {
    cpuUsPerUnit: (cpu.serverCpuS ?? NaN) * 1e6 / r.walks,
    foreignCpu: cpu.foreignCpu ?? NaN,
    rate: r.pathsPerSec, count: r.walks, seconds: r.elapsedS, pages: r.pagesPerWalk,
    p50: r.medianMs, p90: NaN, p99: r.p99Ms, max: NaN,
    valid: r.valid, problems: r.problems,
  };
}

/** "0-2,5" -> Set {0,1,2,5} */
function cpuList(text) {
  const cpus = new Set();
  for (const part of text.split(',')) {
    const [a, b = a] = part.split('-').map(Number);
    for (let i = a; i <= b; i += 1) cpus.add(i);
  }
  return cpus;
}

function logRow(row, target) {
  const r = row[target];
  const rounds = r.rounds?.length > 1 ? `  (rounds ${r.rounds.map((x) => x.toFixed(0)).join(' / ')})` : '';
  log(`${row.label.slice(0, 36).padEnd(36)} c=${String(row.concurrency).padEnd(2)} ${target.padEnd(4)} ${r.rate.toFixed(1).padStart(9)} ${row.unit}  p50 ${r.p50.toFixed(2)} ms  p99 ${r.p99.toFixed(2)} ms${rounds}${r.valid ? '' : `  INVALID: ${r.problems.join('; ')}`}`);
}

function alive(server) {
  if (server.alive) return server.alive();
  try {
    process.kill(server.pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Scans Kura's per-request log for error lines (unexpected failures), keeping them in .work. */
async function kuraLoggedErrors(file, keptAs = 'kura-errors.log') {
  if (!existsSync(file)) return { count: 0, first: null };
  let count = 0;
  let first = null;
  const kept = [];
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  for await (const line of lines) {
    if (!line.includes('"level":"error"')) continue;
    count += 1;
    if (kept.length < 50) kept.push(line);
    if (!first) first = line.slice(0, 400);
  }
  if (kept.length) writeFileSync(path.join(WORK, keptAs), `${kept.join('\n')}\n`);
  return { count, first };
}

// ---- main ----
const servers = {};
const failures = [];
const notes = [];
const kuraLog = path.join(WORK, 'kura-stdout.log');
const postgres = { wanted: TARGETS.filter(isPg), skipped: [], started: null };
try {
  for (const target of TARGETS.filter((t) => !isPg(t))) {
    try {
      if (target === 'kura') {
        const kuraData = mkdtempSync(path.join(WORK, 'kura-data-'));
        temporary.add(kuraData);
        temporary.add(kuraLog);
        log('starting kura serve');
        servers.kura = await startKura({ bin: KURA_BIN, dataDir: kuraData, cpus: SERVER_CPUS, logFile: kuraLog });
      } else {
        log('starting moto_server');
        const motoLog = path.join(WORK, 'moto.log');
        temporary.add(motoLog);
        servers.moto = await startMoto({ command: motoPath, cpus: SERVER_CPUS, logFile: motoLog });
      }
      const t0 = Date.now();
      await seed(servers[target]);
      log(`${target} on port ${servers[target].port}: seeded ${PATH_COUNT + 1} parameters in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    } catch (error) {
      failures.push(`${target === 'kura' ? 'Kura' : 'moto'} could not be started or seeded: ${error.message.split('\n').slice(0, 12).join(' / ')}`);
      log(`${target} unusable: ${error.message}`);
      await servers[target]?.stop();
      delete servers[target];
    }
  }
  if (postgres.wanted.length) {
    try {
      pgStarted = await startPostgresTargets({ wanted: postgres.wanted, adminUrl: opts.postgres, bin: KURA_BIN, work: WORK, temporary, cpus: SERVER_CPUS, haproxyPath, seed, log });
      postgres.started = pgStarted;
      postgres.skipped.push(...pgStarted.skipped);
      Object.assign(servers, pgStarted.servers);
    } catch (error) {
      // Not a failure of Kura: this machine has no usable PostgreSQL (or it refused the bench's database).
      postgres.skipped.push(`Kura on PostgreSQL (${redacted(opts.postgres)}): ${error.message.split('\n').slice(0, 6).join(' / ')}`);
      log(`PostgreSQL rows skipped: ${error.message}`);
    }
  }
  const running = TARGETS.filter((t) => servers[t]);
  if (running.length === 0) throw new Error(`no server could be started:\n${failures.join('\n')}`);
  // Measured where Kura's data directory lives, while neither server is loaded.
  const durable = measureDurableFloor(WORK, { seconds: 2 });
  log(`durable-write floor: fdatasync ${durable.fdatasync.p50Us.toFixed(0)} µs, fsync ${durable.fsync.p50Us.toFixed(0)} µs (p50 per 4 KiB write)`);

  const rows = [];
  const measure = async (row, fn) => {
    for (const target of walkers) {
      if (!alive(servers[target])) {
        row[target] = { rate: NaN, count: 0, seconds: 0, p50: NaN, p90: NaN, p99: NaN, max: NaN, valid: false, problems: ['server process had exited'] };
        continue;
      }
      row[target] = await fn(servers[target]);
      if (row[target].valid && row[target].foreignCpu > NOISY_CPU) {
        // Once: a whole-path row that other processes disturbed is measured again.
        log(`  (${target}: other processes used ${row[target].foreignCpu.toFixed(2)} CPU; measuring again)`);
        await sleep(500);
        row[target] = { ...(await fn(servers[target])), redone: true };
      }
      logRow(row, target);
      await sleep(500);
    }
  };

  for (const op of OPERATIONS) {
    for (const conc of CONCURRENCY) {
      const targets = running.filter((t) => !isPg(t) || PG_ROWS.has(`${op.key}/${conc.connections}`));
      if (targets.length === 0) continue; // --only pg1,pg3: Kura on PostgreSQL is measured at concurrency 16 only
      const row = { key: op.key, label: op.label, concurrency: conc.connections, unit: 'req/s' };
      rows.push(row);
      await wrkRow(row, targets, op, conc);
    }
  }
  // Whole-path reads (SQLite and moto): a warm-up walk each, then 1 and 16 concurrent walkers.
  const walkers = running.filter((t) => !isPg(t));
  for (const target of walkers) await measureWalks({ port: servers[target].port, concurrency: 1, seconds: 0, expected: PATH_COUNT });
  const pagesSeen = {};
  for (const concurrency of [1, 16]) {
    const row = { label: `GetParametersByPath, whole path of ${PATH_COUNT.toLocaleString('en-US')} (NextToken chain)`, concurrency, unit: 'paths/s' };
    rows.push(row);
    await measure(row, async (server) => {
      const r = await walkRun(server, concurrency);
      pagesSeen[server.name] = r.pages;
      return r;
    });
  }

  for (const target of running) {
    if (!alive(servers[target])) failures.push(`${target} exited during the run: ${servers[target].stderrTail().slice(-600)}`);
  }
  const stopped = await Promise.all(running.map((t) => servers[t].stop().then(() => t)));
  if (pgStarted) {
    await pgStarted.stop(); // the replicas, HAProxy, and the bench's database
    pgStarted = null;
  }
  log(`stopped ${stopped.join(', ')}`);
  if (servers.kura) {
    const errs = await kuraLoggedErrors(kuraLog);
    if (errs.count) failures.push(`Kura logged ${errs.count} error line(s) (kept in bench/.work/kura-errors.log); first: \`${errs.first}\``);
  }
  for (const file of postgres.started?.logs ?? []) {
    const keptAs = `${path.basename(file, '.log')}-errors.log`;
    const errs = await kuraLoggedErrors(file, keptAs);
    if (errs.count) failures.push(`Kura on PostgreSQL (${path.basename(file)}) logged ${errs.count} error line(s) (kept in bench/.work/${keptAs}); first: \`${errs.first}\``);
  }

  // ---- facts, settings, report ----
  const sh = (cmd, args) => {
    try {
      return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
    } catch (error) {
      return (error.stdout || error.stderr || '').toString().trim() || 'unknown';
    }
  };
  const motoPython = servers.moto?.executable?.includes('python') ? servers.moto.executable : 'python3';
  const facts = [
    ['CPUs (nproc)', `${cpuCount} × ${os.cpus()[0]?.model ?? 'unknown'}`],
    ['memory', `${Math.round(os.totalmem() / 2 ** 30)} GiB`],
    ['OS', `${os.type()} ${os.release()}`],
    ['Node', process.version],
    ['Kura', `${JSON.parse(readFileSync(path.join(ROOT, 'packages/kura/package.json'), 'utf8')).version} (\`kura serve --port 0 --data <temp dir> --dev\`, default log level: one JSON line per request to a file)`],
    ['moto', `${sh(motoPython, ['-c', 'import moto; print(moto.__version__)']).split('\n').pop()} (\`moto_server -H 127.0.0.1 -p <port>\`, its request log to a file)`],
    ['wrk', sh('wrk', ['-v']).split('\n')[0].replace(/ Copyright.*/, '')],
    ...(postgres.started
      ? [
          ['PostgreSQL', `${postgres.started.database.version} at ${redacted(opts.postgres).replace(/\/[^/]*$/, '')} (${Object.entries(postgres.started.database.settings).map(([k, v]) => `${k}=${v}`).join(', ')}); the bench's own database, created and dropped by the run`],
          ...(haproxyPath && postgres.wanted.includes('pg3') ? [['HAProxy', sh(haproxyPath, ['-v']).split('\n')[0]]] : []),
        ]
      : []),
    ['date', startedAt.toISOString()],
  ];
  const settings = [
    `Replayed operations (wrk): per row and target a ${WARMUP_S} s warm-up, then ${ROUNDS} measured runs of ${MEASURE_S} s, alternating Kura, moto, Kura, moto, …; the table gives the median of the ${ROUNDS} runs' requests/s and of their p50 and p99 latencies (the details give each run's requests/s). A pair of runs during which other processes on the machine used more than ${NOISY_CPU} CPU on average is discarded and run again (at most ${MAX_REDOS} times per row; a run with errors always counts). Concurrency 1 is \`wrk -t1 -c1\`, 16 is \`wrk -t2 -c16\`. The two servers are never loaded at the same time.`,
    `Load from other processes before the run: ${quietBefore}.`,
    PIN
      ? `CPU placement: wrk, the seeding and the whole-path walkers (this Node process) are confined to CPU ${LOADGEN_CPUS} with \`taskset\`, so the load generator never spreads over the server's cores; the server under test runs on CPUs ${SERVER_CPUS}${cpuList(SERVER_CPUS).has(Number(LOADGEN_CPUS)) ? ` (all of them, as when started by hand: it shares CPU ${LOADGEN_CPUS} with wrk, which spends a few microseconds of CPU per request; \`--server-cpus 0\` gives it a core of its own instead)` : ', a core of its own that the load generator never takes'}.`
      : 'CPU placement: not pinned (no taskset, fewer than 2 CPUs, or --no-pin): the load generator shares the CPUs with the server.',
    `Data: ${PATH_COUNT.toLocaleString('en-US')} parameters \`/bench/path/p0000…p0999\` (64-byte values; every 100th, 10 in all, a SecureString under the default key) plus \`/bench/one\`, seeded identically into both through signed PutParameter calls. Reads pass \`WithDecryption: true\`.`,
    `GetParameter replays 1,000 pre-signed requests, one per name under /bench/path, round-robin. GetParametersByPath one page is \`Path=/bench/path, MaxResults=10\` (the first page). PutParameter replays ${PUT_NAMES.toLocaleString('en-US')} pre-signed \`Overwrite: true\` writes to \`/bench/put/w0000…w${pad(PUT_NAMES - 1)}\`, each wrk thread cycling through its own half, so two concurrent writes never hit one name.`,
    `Every request is signed with SigV4 (\`test\`/\`test\`, us-east-1, ssm) just before its run and replayed as is; a run in which any response was not HTTP 200, or any socket error occurred, is reported as invalid.`,
    `Whole-path reads (${WALK_S} s per target and concurrency, after one warm-up read): a Node client (keep-alive agent, hand-signed requests, JSON parsing) chains NextToken over MaxResults=10 pages until the path is exhausted (Kura: ${pagesSeen.kura ?? '–'} requests per read, moto: ${pagesSeen.moto ?? '–'}), checking that 1,000 parameters came back; 16 walkers run at once for concurrency 16. This client runs in Node on the load generator's CPU and costs CPU per call, so these two rows understate both servers a little; the latency columns are the median and p99 time of one whole-path read.`,
  ];
  notes.push(...(check.checked ? ['The hand-written SigV4 signer was checked against @smithy/signature-v4 at start-up.'] : []));
  if (postgres.started) {
    const spread = postgres.started.spread;
    settings.push(
      'Kura on PostgreSQL: each replica is `kura serve --port 0 --data <temp dir> --dev --allowed-host 127.0.0.1` with `KURA_STORE` naming the bench\'s database and one `KURA_MASTER_KEY` for all (the store\'s default pool of 16 connections per replica). ' +
        `The database is seeded once, through replica A, with the same data as SQLite and moto; the one-replica rows are A alone, the three-replica rows go through HAProxy (HTTP mode, \`balance roundrobin\` per request over keep-alive connections, health check \`GET /_kura/health\`, one thread) to A, B and C.${spread ? ` Before measuring, ${spread.calls} calls through HAProxy on one connection reached the replicas ${spread.perReplica.join(' / ')} times.` : ''} ` +
        'These rows alternate with SQLite and moto within the same pairs of runs (SQLite, moto, one replica, three replicas, …).',
      'CPU per request on PostgreSQL: Kura is the replicas\' own CPU (utime+stime from /proc); HAProxy\'s is counted apart; PostgreSQL\'s is that of the backends connected to the bench\'s database plus the server\'s WAL writer, background writer and checkpointer (which serve every database on the server), from /proc, listed from `pg_stat_activity` before and after each run. Total is all three.',
    );
  }
  const text = renderResults({ rows, facts, command, settings, notes, startedAt, failures, durable, postgres: { wanted: postgres.wanted, skipped: postgres.skipped, measured: Boolean(postgres.started), measuresDatabase: postgres.started?.measuresDatabase ?? false }, cpuCount });
  // The driver comparison (bench/pg-drivers.mjs --record) is measured apart: keep its section.
  const previous = existsSync(OUT) ? readFileSync(OUT, 'utf8') : '';
  const from = previous.indexOf(DRIVERS_START);
  const to = previous.indexOf(DRIVERS_END);
  writeFileSync(OUT, from >= 0 && to > from ? `${text.trimEnd()}\n\n${previous.slice(from, to + DRIVERS_END.length)}\n` : text);
  log(`wrote ${path.relative(process.cwd(), OUT)} in ${((Date.now() - startedAt) / 1000).toFixed(0)} s`);
  process.stdout.write(`${text.split('\n## Failures')[0].split('\n## Details')[0]}\n`);
} finally {
  cleanupSync();
}
