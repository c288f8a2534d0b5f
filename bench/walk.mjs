// Whole-path reads: GetParametersByPath over /bench/path (1,000 parameters, MaxResults=10), chaining
// NextToken until it is absent. wrk can't replay a chain whose every request depends on the previous
// answer, so this is a Node client loop (keep-alive agent, hand-signed requests, JSON parsing); it
// runs in this process and shares the machine's CPUs with the server it measures.
import { performance } from 'node:perf_hooks';
import { createClient } from './client.mjs';

export const WALK_PATH = '/bench/path';

/** One whole-path read. Returns { ms, pages, count } or throws. */
async function walkOnce(client, expected) {
  const start = performance.now();
  let token;
  let pages = 0;
  let count = 0;
  do {
    const input = { Path: WALK_PATH, MaxResults: 10, WithDecryption: true };
    if (token) input.NextToken = token;
    const out = await client.call('GetParametersByPath', input);
    pages += 1;
    count += out.Parameters?.length ?? 0;
    token = out.NextToken;
    if (pages > expected) throw new Error(`more than ${expected} pages (NextToken never ends?)`);
  } while (token);
  const ms = performance.now() - start;
  if (count !== expected) throw new Error(`a whole-path read returned ${count} parameters, expected ${expected}`);
  return { ms, pages, count };
}

export function median(values) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function percentile(values, p) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/**
 * `concurrency` walkers each read the whole path again and again until `seconds` have passed (a walk
 * started before the deadline is finished; every walker completes at least one). Returns
 * { walks, pathsPerSec, medianMs, p99Ms, pagesPerWalk, elapsedS, valid, problems }.
 */
export async function measureWalks({ port, concurrency, seconds, expected = 1000 }) {
  const client = createClient(port, { maxSockets: concurrency });
  const times = [];
  const problems = [];
  let pagesPerWalk = 0;
  const start = performance.now();
  const deadline = start + seconds * 1000;
  const walker = async () => {
    do {
      try {
        const walk = await walkOnce(client, expected);
        times.push(walk.ms);
        pagesPerWalk = walk.pages;
      } catch (error) {
        problems.push(error.message.slice(0, 300));
        return;
      }
    } while (performance.now() < deadline);
  };
  await Promise.all(Array.from({ length: concurrency }, walker));
  const elapsedS = (performance.now() - start) / 1000;
  client.close();
  const unique = [...new Set(problems)];
  return {
    walks: times.length,
    pathsPerSec: times.length / elapsedS,
    medianMs: median(times),
    p99Ms: percentile(times, 99),
    pagesPerWalk,
    elapsedS,
    valid: problems.length === 0 && times.length > 0,
    problems: unique.map((p) => `${problems.filter((q) => q === p).length}× ${p}`),
  };
}
