#!/usr/bin/env node
// `node bench/exec/run.mjs`: start-up cost of `kura exec` against the reference design's entrypoint
// (docker-entrypoint.sh: five `aws ssm get-parameters` calls, then exec), both reading the same five
// parameters from the same `kura serve`, side by side in one run; writes bench/exec/RESULTS.md.
//
//   node bench/exec/run.mjs [--runs N] [--ref-runs N] [--node BIN]... [--no-node24] [--out FILE]
//
// Each target is started N times with spawnSync, rounds interleaved (kura, reference, kura without a
// source, node -e 0, …) so that a neighbour's load hits all alike; the program each one starts is
// `true`. Kura is the installed bin (node_modules/.bin/kura), run on the machine's `node` and on each
// other node given: Node 24 (installed from npm into bench/.work/node24 unless --no-node24, the
// containers' runtime, which has process.execve) and any --node BIN. Each node has its own rows,
// compared with its own `node -e 0`.

import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { killAllSync, startKura } from '../servers.mjs';
import { renderExecResults } from './report.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');
const WORK = path.join(ROOT, 'bench/.work');
const KURA = path.join(ROOT, 'node_modules/.bin/kura');
const SERVE_BIN = path.join(ROOT, 'packages/kura/bin/kura.js');
const ENTRYPOINT = path.join(HERE, 'docker-entrypoint.sh');
const NODE24_DIR = path.join(WORK, 'node24');
const NODE24 = path.join(NODE24_DIR, 'node_modules/node/bin/node');
const PREFIX = 'goecssample';
const PATH_ = `/${PREFIX}/database/sample/master`;
// The reference design's five parameters (its blog post's values; the password a SecureString).
const VALUES = { user: 'user', password: 'password', host: 'host', name: 'sample', port: '3306' };
const REGION = 'ap-northeast-1'; // the entrypoint script passes --region ap-northeast-1; used as is

const { values: opts } = parseArgs({
  options: {
    runs: { type: 'string', default: '40' },
    'ref-runs': { type: 'string', default: '15' },
    node: { type: 'string', multiple: true, default: [] },
    'no-node24': { type: 'boolean', default: false },
    out: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});
if (opts.help) {
  process.stdout.write('usage: node bench/exec/run.mjs [--runs N] [--ref-runs N] [--node BIN]... [--no-node24] [--out FILE]\nSee bench/exec/README.md.\n');
  process.exit(0);
}
const RUNS = Math.max(3, Number(opts.runs));
const REF_RUNS = Math.max(3, Number(opts['ref-runs']));
const OUT = path.resolve(opts.out ?? path.join(HERE, 'RESULTS.md'));

const missing = [];
if (!existsSync(path.join(ROOT, 'packages/kura/dist/exec.cjs')) || !existsSync(path.join(ROOT, 'packages/kura/dist/ssm-sdk.cjs'))) missing.push('Kura is not built: run `npm ci` (or `npm run build`)');
if (!existsSync(KURA)) missing.push('node_modules/.bin/kura is missing: run `npm ci` at the repository root');
if (spawnSync('aws', ['--version']).status !== 0) missing.push('the AWS CLI v1 is missing: `pip install awscli`');
if (missing.length) {
  process.stdout.write(`bench/exec: not measuring:\n- ${missing.join('\n- ')}\n`);
  process.exit(0);
}

/** The nodes to measure on: this one first, then Node 24 (installed if need be), then each --node. */
const nodes = [{ bin: process.execPath, version: process.version }];
const extra = [...(opts['no-node24'] ? [] : [node24()]), ...opts.node].filter((bin) => bin !== undefined);
for (const bin of extra) {
  const version = spawnSync(bin, ['--version'], { encoding: 'utf8' }).stdout?.trim();
  if (!version) process.stderr.write(`bench/exec: ${bin} does not run; its rows are left out\n`);
  else if (!nodes.some((n) => n.version === version)) nodes.push({ bin, version });
}

process.on('exit', killAllSync);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));

mkdirSync(WORK, { recursive: true });
const dataDir = mkdtempSync(path.join(WORK, 'exec-data-'));
const server = await startKura({ bin: SERVE_BIN, dataDir, logFile: path.join(WORK, 'exec-kura.log') });
const endpoint = `http://127.0.0.1:${server.port}`;
// What an ECS task would have: credentials, region, and here the endpoint of the local store.
const env = {
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  AWS_ENDPOINT_URL: endpoint,
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
  AWS_REGION: REGION,
  AWS_DEFAULT_REGION: REGION,
  AWS_CONFIG_FILE: '/nonexistent/bench-exec-config',
  AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/bench-exec-credentials',
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_PAGER: '',
};
// A shared config file that exists (empty: it changes no setting) makes `kura exec` read through the
// AWS SDK instead of its direct reader (docs/exec.md): the SDK path's row, same settings otherwise.
const sdkConfig = path.join(dataDir, 'aws-config');
writeFileSync(sdkConfig, '');
const sdkEnv = { ...env, AWS_CONFIG_FILE: sdkConfig };

try {
  for (const [leaf, value] of Object.entries(VALUES)) {
    const type = leaf === 'password' ? 'SecureString' : 'String';
    execFileSync('aws', ['ssm', 'put-parameter', '--name', `${PATH_}/${leaf}`, '--type', type, '--value', value, '--overwrite'], { env, stdio: 'ignore' });
  }

  const read = ['exec', '--path', PATH_, '--prefix', 'DB_', '--', 'true'];
  const targets = [{ key: 'reference', label: '`docker-entrypoint.sh true` (5 × `aws ssm get-parameters`)', cmd: ENTRYPOINT, args: ['true'], env: { ...env, PARAMETER_STORE_PREFIX: PREFIX }, runs: REF_RUNS }];
  for (const [i, node] of nodes.entries()) {
    const on = i === 0 ? '' : ` on Node ${node.version}`;
    // Kura runs through its #! (`/usr/bin/env node`), as a container's entrypoint runs it: this node first on the PATH.
    const onPath = (e) => ({ ...e, PATH: `${path.dirname(node.bin)}:${e.PATH}` });
    const group = { node: node.version };
    targets.push(
      { key: `kura${i}`, role: 'kura', ...group, label: `\`kura exec --path … --prefix DB_ -- true\`${on}`, cmd: KURA, args: read, env: onPath(env), runs: RUNS },
      { key: `sdk${i}`, role: 'sdk', ...group, label: `the same, through the AWS SDK (a shared config file exists)${on}`, cmd: KURA, args: read, env: onPath(sdkEnv), runs: RUNS },
      { key: `bare${i}`, role: 'bare', ...group, label: `\`kura exec -- true\` (no source)${on}`, cmd: KURA, args: ['exec', '--', 'true'], env: onPath(env), runs: RUNS },
      { key: `node${i}`, role: 'node', ...group, label: `\`node -e 0\`${on}`, cmd: node.bin, args: ['-e', '0'], env, runs: RUNS },
    );
  }
  // A shell that sets NODE_EXTRA_CA_CERTS (this machine's does) makes every node start read and parse
  // that bundle first. A container seldom has it; measured too, so that neither number hides the other.
  const caBundle = process.env.NODE_EXTRA_CA_CERTS;
  if (caBundle) {
    const caEnv = { ...env, NODE_EXTRA_CA_CERTS: caBundle };
    targets.push(
      { key: 'kuraCa', label: `\`kura exec --path … --prefix DB_ -- true\` with NODE_EXTRA_CA_CERTS=${caBundle}`, cmd: KURA, args: read, env: caEnv, runs: RUNS },
      { key: 'nodeCa', label: `\`node -e 0\` with NODE_EXTRA_CA_CERTS=${caBundle}`, cmd: process.execPath, args: ['-e', '0'], env: caEnv, runs: RUNS },
    );
  }

  // Every entrypoint must hand the program the same five values before its time means anything.
  for (const t of targets.filter((t) => t.key === 'reference' || t.role === 'kura' || t.role === 'sdk')) {
    const out = spawnSync(t.cmd, t.args.slice(0, -1).concat('env'), { env: t.env, encoding: 'utf8' });
    const got = out.stdout.split('\n').filter((l) => l.startsWith('DB_')).map((l) => `${l.slice(3, l.indexOf('=')).toLowerCase()}=${l.slice(l.indexOf('=') + 1)}`).sort();
    const expected = Object.entries(VALUES).map(([k, v]) => `${k}=${v}`).sort();
    if (out.status !== 0 || JSON.stringify(got) !== JSON.stringify(expected)) {
      throw new Error(`${t.key} did not pass the five values (exit ${out.status}): ${out.stderr}`);
    }
  }

  const times = Object.fromEntries(targets.map((t) => [t.key, []]));
  for (const t of targets) timeOnce(t); // one unmeasured start each: page cache, Python's .pyc files
  const rounds = Math.max(...targets.map((t) => t.runs));
  for (let round = 0; round < rounds; round += 1) {
    for (const t of targets) if (times[t.key].length < t.runs) times[t.key].push(timeOnce(t));
    process.stderr.write(`\rround ${round + 1}/${rounds}`);
  }
  process.stderr.write('\n');

  const facts = {
    nodes: nodes.map((n) => `${n.version}${n.bin === process.execPath ? ' (the machine\'s)' : ` (${path.relative(ROOT, n.bin)})`}`),
    aws: spawnSync('aws', ['--version'], { encoding: 'utf8' }).stdout.trim() || spawnSync('aws', ['--version'], { encoding: 'utf8' }).stderr.trim(),
    cpus: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown'}`,
    load: os.loadavg().map((l) => l.toFixed(2)).join(' '),
    kernel: os.release(),
  };
  const command = `node bench/exec/run.mjs --runs ${RUNS} --ref-runs ${REF_RUNS}${opts['no-node24'] ? ' --no-node24' : ''}${opts.node.map((n) => ` --node ${n}`).join('')}`;
  const markdown = renderExecResults({ targets, times, facts, command, startedAt: new Date().toISOString() });
  writeFileSync(OUT, markdown);
  process.stdout.write(markdown.split('\n## Method')[0]);
  process.stdout.write(`\nwritten to ${path.relative(process.cwd(), OUT)}\n`);
} finally {
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
}

/** Node 24 from npm, into bench/.work/node24 (the machine's node is left alone); undefined if it cannot be had. */
function node24() {
  if (!existsSync(NODE24)) {
    process.stderr.write('bench/exec: installing Node 24 into bench/.work/node24 (npm install node@24)\n');
    const npm = spawnSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--prefix', NODE24_DIR, 'node@24'], { stdio: ['ignore', 'ignore', 'inherit'] });
    if (npm.status !== 0 || !existsSync(NODE24)) {
      process.stderr.write('bench/exec: could not install Node 24; its rows are left out (or pass --node BIN)\n');
      return undefined;
    }
  }
  return NODE24;
}

/** Wall time of one start, in milliseconds; a failed start aborts the bench (its time would mean nothing). */
function timeOnce(t) {
  const start = process.hrtime.bigint();
  const result = spawnSync(t.cmd, t.args, { env: t.env, stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`${t.key} exited ${result.status ?? result.signal}: ${result.stderr}`);
  return ms;
}
