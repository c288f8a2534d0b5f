// The fuzz run: start the built `kura serve`, seed the world, send N generated requests with
// bounded concurrency (each signed as its caller just before sending), check every answer, then
// check that the server is still healthy and that its logs show no stack trace or error line.

import { isUtf8 } from 'node:buffer';
import { writeFileSync } from 'node:fs';
import http from 'node:http';
import { startKura } from '../harness.js';
import { checkResponse, logProblems } from './check.js';
import { fuzzRequest, type FuzzRequest } from './requests.js';
import { sendRequest, signRequest, type WireRequest, type WireResponse } from './sign.js';
import { FUZZ_ACCOUNT, seedWorld } from './world.js';

export interface FuzzOptions {
  seed: number;
  requests: number;
  concurrency: number;
  pathAuthorization?: 'strict' | 'aws';
  /** Only these request indexes (to reproduce a failure); default: 0 … requests-1. */
  only?: number[];
  progress?: (sent: number) => void;
  /** Keep the server's log (at info level: one line per request, with its duration) in this file. */
  serverLog?: string;
}

export interface FuzzFailure {
  seed: number;
  index: number;
  summary: string;
  problems: string[];
  request: { service: string; operation: string; caller: string; method: string; path: string; headers: Record<string, string>; body: string; mutations: string[] };
  response?: { status: number; body: string };
}

export interface FuzzReport {
  seed: number;
  sent: number;
  seconds: number;
  statuses: Record<string, number>;
  errorCodes: Record<string, number>;
  /** The first request index that drew each error code: where to look when a code surprises. */
  firstIndexOf: Record<string, number>;
  /** 5xx answers, not counting 501 NotImplementedException for operations Kura does not implement. */
  fiveXx: number;
  failures: FuzzFailure[];
  logProblems: string[];
  healthy: boolean;
  exitCode: number | null;
}

/** `kura serve`'s request body limit (config.ts). */
const SERVER_BODY_LIMIT = 1024 * 1024;

const count = (map: Record<string, number>, key: string) => (map[key] = (map[key] ?? 0) + 1);

/** A body as it can be printed and pasted back: UTF-8 text when it is, base64 otherwise. */
function printable(body: Buffer, limit = 4000): string {
  const head = body.subarray(0, limit);
  const shown = isUtf8(body) ? head.toString('utf8') : `(not UTF-8, base64) ${head.toString('base64')}`;
  return body.length > limit ? `${shown}… (${body.length} bytes in all)` : shown;
}

function failure(request: FuzzRequest, problems: string[], response?: WireResponse): FuzzFailure {
  const path = request.query ? `/?${new URLSearchParams(request.query).toString()}` : '/';
  return {
    seed: request.seed,
    index: request.index,
    summary: `${request.service}:${request.operation} as ${request.caller}: ${problems.join('; ')}`,
    problems,
    request: { service: request.signingService, operation: request.operation, caller: request.caller, method: request.method, path, headers: request.headers, body: printable(request.body), mutations: request.mutations },
    ...(response ? { response: { status: response.status, body: printable(response.body, 1000) } } : {}),
  };
}

export async function runFuzz(options: FuzzOptions): Promise<FuzzReport> {
  const kura = await startKura({ args: ['--account-id', FUZZ_ACCOUNT, '--path-authorization', options.pathAuthorization ?? 'strict', '--log-level', options.serverLog ? 'info' : 'warn'] });
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.concurrency });
  const report: FuzzReport = { seed: options.seed, sent: 0, seconds: 0, statuses: {}, errorCodes: {}, firstIndexOf: {}, fiveXx: 0, failures: [], logProblems: [], healthy: false, exitCode: null };
  try {
    const { world, callers } = await seedWorld(kura);
    const started = performance.now();
    const indexes = options.only ?? Array.from({ length: options.requests }, (_, i) => i);
    let next = 0;
    const worker = async () => {
      while (next < indexes.length) {
        const index = indexes[next++] as number;
        let request: FuzzRequest;
        try {
          request = fuzzRequest(world, options.seed, index);
        } catch (error) {
          // A bug of the fuzzer, not of Kura: reported like a failure so it is fixed, never hidden.
          report.failures.push({ seed: options.seed, index, summary: `the generator threw: ${String(error)}`, problems: [String(error)], request: { service: '', operation: '', caller: '', method: '', path: '', headers: {}, body: '', mutations: [] } });
          continue;
        }
        let wire: WireRequest;
        let response: WireResponse;
        try {
          wire = await signRequest(kura.url, {
            method: request.method,
            ...(request.query ? { query: request.query } : {}),
            headers: request.headers,
            body: request.body,
            service: request.signingService,
            region: kura.region,
            credentials: callers[request.caller],
            applyChecksum: request.index % 2 === 0,
          });
          response = await sendRequest(kura.url, wire, { agent });
        } catch (error) {
          // Over the body limit, the server answers 413 and closes without reading the rest: a
          // client still writing may see the reset instead of the answer, as Kura intends.
          if (request.body.length > SERVER_BODY_LIMIT) count(report.statuses, 'reset (body over the limit)');
          else report.failures.push(failure(request, [`no answer: ${String(error)}`]));
          continue;
        } finally {
          report.sent += 1;
          options.progress?.(report.sent);
        }
        count(report.statuses, String(response.status));
        const verdict = checkResponse(request, response);
        // 501 NotImplementedException for an operation Kura does not implement is by design.
        if (response.status >= 500 && !(response.status === 501 && !request.implemented && verdict.code === 'NotImplementedException')) report.fiveXx += 1;
        if (verdict.code) count(report.errorCodes, verdict.code);
        if (verdict.code) report.firstIndexOf[verdict.code] ??= request.index;
        if (verdict.problems.length > 0) report.failures.push(failure(request, verdict.problems, response));
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, options.concurrency) }, worker));
    report.seconds = (performance.now() - started) / 1000;
    const health = await fetch(`${kura.url}/_kura/health`).catch(() => undefined);
    report.healthy = health?.status === 200;
  } finally {
    agent.destroy();
    const exit = await kura.stop();
    report.exitCode = exit.code;
    report.logProblems = logProblems(`${kura.stdout()}\n${kura.stderr()}`);
    if (options.serverLog) writeFileSync(options.serverLog, kura.stdout());
  }
  report.failures.sort((a, b) => a.index - b.index);
  return report;
}

/** The report as text: the figures, then each failure with what reproduces it. */
export function formatReport(report: FuzzReport, limit = 20): string {
  const byCount = (map: Record<string, number>) =>
    Object.entries(map)
      .sort((a, b) => b[1] - a[1])
      .map(([k, v]) => `${k} ${v}`)
      .join(', ');
  const lines = [
    `seed ${report.seed}: ${report.sent} requests in ${report.seconds.toFixed(1)} s (${(report.sent / Math.max(report.seconds, 0.001)).toFixed(0)}/s)`,
    `status codes: ${byCount(report.statuses)}`,
    `5xx: ${report.fiveXx} (besides ${report.errorCodes.NotImplementedException ?? 0} × 501 for operations Kura does not implement)`,
    `error codes: ${byCount(report.errorCodes)}`,
    `server healthy at the end: ${report.healthy ? 'yes' : 'NO'}; exit code ${report.exitCode}`,
    `log lines showing a failure: ${report.logProblems.length}`,
    ...report.logProblems.slice(0, limit).map((l) => `  ${l.slice(0, 300)}`),
    `failures: ${report.failures.length}`,
  ];
  for (const f of report.failures.slice(0, limit)) {
    const r = f.request;
    lines.push(
      `- #${f.index} ${f.summary}`,
      `  reproduce: node packages/kura/scripts/fuzz.mjs --seed ${f.seed} --only ${f.index}`,
      `  ${r.method} ${r.path} signed for ${r.service} as ${r.caller}, headers ${JSON.stringify(r.headers)}`,
      `  body: ${r.body}`,
      `  mutations: ${r.mutations.join(' | ')}`,
    );
    if (f.response) lines.push(`  answer: ${f.response.status} ${f.response.body}`);
  }
  if (report.failures.length > limit) lines.push(`  … and ${report.failures.length - limit} more`);
  return lines.join('\n');
}
