// Runs wrk with replay.lua over a pool of pre-signed requests and parses what done() prints.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const REPLAY_LUA = path.join(here, 'replay.lua');

/** Writes raw requests (Buffers) as "<length>\n<bytes>" records. */
export function writePool(file, requests) {
  const parts = [];
  for (const request of requests) parts.push(Buffer.from(`${request.length}\n`), request);
  writeFileSync(file, Buffer.concat(parts));
}

/**
 * Runs wrk once. Returns { reqPerSec, requests, durationS, non200, socketErrors, latency: {p50,p90,p99,
 * mean,max} in ms, sample, statuses, valid, problems[] }.
 */
export async function runWrk({ port, threads, connections, seconds, poolFile, mode, cpus, timeoutS = 10, track }) {
  const args = [
    '-t', String(threads), '-c', String(connections), '-d', `${seconds}s`, '--timeout', `${timeoutS}s`,
    '-s', REPLAY_LUA, `http://127.0.0.1:${port}/`, '--', poolFile, mode, String(threads),
  ];
  const [cmd, argv] = cpus ? ['taskset', ['-c', cpus, 'wrk', ...args]] : ['wrk', args];
  const { code, stdout, stderr } = await new Promise((resolve, reject) => {
    const child = spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
    track?.(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
  const line = stdout.split('\n').find((l) => l.startsWith('BENCH_JSON '));
  if (code !== 0 || !line) throw new Error(`wrk failed (exit ${code}):\n${stdout}\n${stderr}`);
  const raw = JSON.parse(line.slice('BENCH_JSON '.length));
  const socketErrors = Object.values(raw.errors).reduce((a, b) => a + b, 0) - raw.errors.status;
  const problems = [];
  if (raw.requests === 0) problems.push('no request completed');
  if (raw.non200 > 0) {
    const statuses = [...new Set(raw.statuses.split(',').filter(Boolean))].join('/');
    problems.push(`${raw.non200} of ${raw.requests} responses were not 200 (HTTP ${statuses}; first: ${raw.sample.slice(0, 200)})`);
  }
  if (socketErrors > 0) problems.push(`socket errors ${JSON.stringify(raw.errors)}`);
  const ms = (us) => us / 1000;
  return {
    reqPerSec: raw.requests / (raw.duration_us / 1e6),
    requests: raw.requests,
    durationS: raw.duration_us / 1e6,
    non200: raw.non200,
    socketErrors,
    latency: {
      p50: ms(raw.latency_us.p50), p90: ms(raw.latency_us.p90), p99: ms(raw.latency_us.p99),
      mean: ms(raw.latency_us.mean), max: ms(raw.latency_us.max),
    },
    sample: raw.sample,
    valid: problems.length === 0,
    problems,
  };
}
