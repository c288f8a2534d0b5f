// Measures GET /posts of the posts API (built, on the real MariaDB) against a bare node:http server that
// answers the same bytes, with wrk, on this machine, and writes RESULTS.md. See README.md beside it.
//
//   npm run bench -w examples/posts-api [-- --rounds 5 --seconds 5 --warmup 3 --out FILE]
//
// A measurement, not a test: it exits non-zero only when the harness breaks; a server answering errors
// is reported as an invalid run.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createConnection } from 'mysql2/promise';
import { renderReport } from './report.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const pkg = path.dirname(here);
const { values: opts } = parseArgs({
  options: {
    rounds: { type: 'string', default: '5' },
    seconds: { type: 'string', default: '5' },
    warmup: { type: 'string', default: '3' },
    out: { type: 'string', default: path.join(here, 'RESULTS.md') },
  },
});
const ROUNDS = Number(opts.rounds);
const SECONDS = Number(opts.seconds);
const WARMUP = Number(opts.warmup);
const ROWS = [
  { concurrency: 1, threads: 1 },
  { concurrency: 16, threads: 2 },
];

const onPath = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).stdout.trim();
if (!onPath('wrk')) {
  console.log('wrk is not installed (Debian: apt-get install wrk); nothing measured.');
  process.exit(0);
}
const cpuCount = os.availableParallelism?.() ?? os.cpus().length;
// wrk gets the last CPU to itself when it can, so that it does not steal the servers' cycles at random.
const WRK_CPU = onPath('taskset') && cpuCount >= 2 ? String(cpuCount - 1) : undefined;
const TICK_US = 1e6 / Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());

const children = [];
const work = mkdtempSync(path.join(os.tmpdir(), 'posts-api-bench-'));
const DB = { name: 'posts_api_bench', user: 'posts_api_bench', password: randomBytes(18).toString('base64url') };
let root;

const loadAtStart = os.loadavg()[0];

async function main() {
  log('building the app');
  execFileSync('npx', ['--no-install', 'tsc', '-p', 'tsconfig.build.json'], { cwd: pkg, stdio: 'inherit' });
  root = await createConnection({ host: '127.0.0.1', port: 3306, user: 'root', password: '' });
  await dropDatabase();
  await root.query(`CREATE DATABASE ${root.escapeId(DB.name)} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await root.query('CREATE USER ?@? IDENTIFIED BY ?', [DB.user, '%', DB.password]);
  await root.query(`GRANT ALL PRIVILEGES ON ${root.escapeId(DB.name)}.* TO ?@?`, [DB.user, '%']);
  const dbEnv = { DB_USER: DB.user, DB_PASSWORD: DB.password, DB_HOST: '127.0.0.1', DB_NAME: DB.name, DB_PORT: '3306' };
  execFileSync(process.execPath, ['dist/migrate.js'], { cwd: pkg, env: { PATH: process.env.PATH, ...dbEnv }, stdio: 'ignore' });
  const [[version]] = await root.query('SELECT VERSION() AS v');

  log('starting the posts API and the bare server');
  const app = await startApp(dbEnv);
  const body = Buffer.from(await (await globalThis.fetch(`http://127.0.0.1:${app.port}/posts`)).arrayBuffer());
  const bodyFile = path.join(work, 'posts.json');
  writeFileSync(bodyFile, body);
  const bare = await startBare(bodyFile);
  const bareBody = Buffer.from(await (await globalThis.fetch(`http://127.0.0.1:${bare.port}/posts`)).arrayBuffer());
  if (!body.equals(bareBody) || JSON.parse(body.toString()).posts.length === 0) throw new Error('the two servers do not answer the same posts');
  const mariadbPid = Number(execFileSync('pidof', ['-s', 'mariadbd'], { encoding: 'utf8' }).trim()) || undefined;

  const targets = [
    { key: 'app', label: 'posts API', server: app, dbPid: mariadbPid },
    { key: 'bare', label: 'bare node:http', server: bare },
  ];
  const results = [];
  for (const row of ROWS) {
    for (const t of targets) {
      log(`warm-up ${t.label}, concurrency ${row.concurrency}`);
      await wrk(t.server.port, row, WARMUP);
    }
    const runs = { app: [], bare: [] };
    for (let round = 1; round <= ROUNDS; round++) {
      for (const t of targets) {
        const m = await measure(t, row);
        runs[t.key].push(m);
        log(`${t.label} c${row.concurrency} round ${round}: ${Math.round(m.reqPerSec)} req/s${m.valid ? '' : ` INVALID: ${m.problems.join('; ')}`}`);
      }
    }
    results.push({ ...row, runs });
  }
  const report = renderReport({
    results, rounds: ROUNDS, seconds: SECONDS, warmup: WARMUP, bodyBytes: body.length, posts: JSON.parse(body.toString()).posts.length,
    machine: {
      cpus: cpuCount, cpuModel: os.cpus()[0]?.model ?? 'unknown', node: process.version, mariadb: version.v,
      // wrk --version prints its version, then the usage, and exits 1.
      wrk: /^wrk \S+/.exec(spawnSync('wrk', ['--version'], { encoding: 'utf8' }).stdout)?.[0] ?? 'wrk',
      wrkCpu: WRK_CPU,
      // Other work on the machine moves throughput (never CPU per request much): say how busy it was.
      loadAtStart: loadAtStart.toFixed(2),
      loadAtEnd: os.loadavg()[0].toFixed(2),
    },
  });
  writeFileSync(opts.out, report);
  log(`wrote ${path.relative(process.cwd(), opts.out)}`);
}

async function measure(target, row) {
  const before = { server: ticks(target.server.pid), db: target.dbPid ? ticks(target.dbPid) : 0 };
  const r = await wrk(target.server.port, row, SECONDS);
  const after = { server: ticks(target.server.pid), db: target.dbPid ? ticks(target.dbPid) : 0 };
  const socketErrors = r.errors.connect + r.errors.read + r.errors.write + r.errors.timeout;
  const problems = [];
  if (r.requests === 0) problems.push('no request completed');
  if (r.errors.status > 0) problems.push(`${r.errors.status} responses were not 2xx/3xx`);
  if (socketErrors > 0) problems.push(`socket errors ${JSON.stringify(r.errors)}`);
  return {
    reqPerSec: r.requests / (r.duration_us / 1e6),
    requests: r.requests,
    p50: r.latency_us.p50 / 1000,
    p99: r.latency_us.p99 / 1000,
    serverCpuUs: ((after.server - before.server) * TICK_US) / Math.max(r.requests, 1),
    dbCpuUs: target.dbPid ? ((after.db - before.db) * TICK_US) / Math.max(r.requests, 1) : undefined,
    valid: problems.length === 0,
    problems,
  };
}

async function wrk(port, row, seconds) {
  const args = ['-t', String(row.threads), '-c', String(row.concurrency), '-d', `${seconds}s`, '--timeout', '10s', '-s', path.join(here, 'summary.lua'), `http://127.0.0.1:${port}/posts`];
  const [cmd, argv] = WRK_CPU ? ['taskset', ['-c', WRK_CPU, 'wrk', ...args]] : ['wrk', args];
  const out = await new Promise((resolve, reject) => {
    const child = spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`wrk exited ${code}: ${stderr}`))));
  });
  const line = out.split('\n').find((l) => l.startsWith('BENCH_JSON '));
  if (!line) throw new Error(`wrk printed no summary:\n${out}`);
  return JSON.parse(line.slice('BENCH_JSON '.length));
}

/** utime + stime of a process, in clock ticks (fields 14 and 15 of /proc/PID/stat). */
function ticks(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

async function startApp(dbEnv) {
  // The app's JSON logs (one line per request) go to a file, as they would go to the log driver.
  const logFile = path.join(work, 'app.log');
  const fd = openSync(logFile, 'w');
  const child = spawn(process.execPath, ['dist/server.js'], { cwd: pkg, env: { PATH: process.env.PATH, ...dbEnv, PORT: '0' }, stdio: ['ignore', fd, fd] });
  children.push(child);
  for (let i = 0; i < 200; i++) {
    const line = readFileSync(logFile, 'utf8').split('\n').find((l) => l.includes('"msg":"listening"'));
    if (line) return { pid: child.pid, port: JSON.parse(line).port };
    if (child.exitCode !== null) break;
    await sleep(50);
  }
  throw new Error(`the posts API did not start:\n${readFileSync(logFile, 'utf8')}`);
}

async function startBare(bodyFile) {
  const child = spawn(process.execPath, [path.join(here, 'bare-server.mjs'), bodyFile], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  const port = await new Promise((resolve, reject) => {
    child.stdout.once('data', (d) => resolve(JSON.parse(d.toString()).port));
    child.once('exit', (code) => reject(new Error(`bare server exited ${code}`)));
  });
  return { pid: child.pid, port };
}

async function dropDatabase() {
  await root.query(`DROP DATABASE IF EXISTS ${root.escapeId(DB.name)}`);
  await root.query('DROP USER IF EXISTS ?@?', [DB.user, '%']);
}

function log(message) {
  console.log(`[bench] ${message}`);
}

async function cleanup() {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  if (root) {
    await dropDatabase().catch(() => {});
    await root.end().catch(() => {});
  }
  rmSync(work, { recursive: true, force: true });
}

process.on('SIGINT', () => cleanup().finally(() => process.exit(130)));
main().then(
  () => cleanup(),
  async (error) => {
    console.error(`[bench] ${error instanceof Error ? error.stack : error}`);
    await cleanup();
    process.exitCode = 1;
  },
);
