// The fuzz target, on a short fixed-seed budget: model-generated inputs for every implemented
// operation of SSM, KMS, IAM, STS and Secrets Manager, mutated (wrong types, nulls, missing members, hostile strings,
// boundary numbers, invalid base64 and UTF-8, deep nesting, broken framing) and validly signed as
// the administrator, a low-privilege user and a role session, against the built `kura serve`.
// No answer may be a 5xx or fail to parse in its protocol; the logs may show no stack trace; the
// server must be healthy afterwards. The long run is `node packages/kura/scripts/fuzz.mjs`.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatReport, runFuzz } from './fuzz/run.js';

const SEED = 20_241_206;
const REQUESTS = Number(process.env.KURA_FUZZ_REQUESTS ?? 2000);

test(`${REQUESTS} fuzzed, signed requests (seed ${SEED}): no 5xx, every answer well-formed, no stack trace, still healthy`, { timeout: 180_000 }, async () => {
  const report = await runFuzz({ seed: SEED, requests: REQUESTS, concurrency: 8 });
  const text = formatReport(report);
  assert.equal(report.sent, REQUESTS, text);
  assert.deepEqual(
    report.failures.map((f) => `#${f.index} ${f.summary}`),
    [],
    text,
  );
  assert.equal(report.fiveXx, 0, text);
  assert.deepEqual(report.logProblems, [], text);
  assert.ok(report.healthy, text);
  assert.equal(report.exitCode, 0, text);
  // The run is only worth something if requests got past authentication into the handlers:
  // successes, authorization denials and the handlers' own errors must all be common.
  const atLeast = (what: string, n: number, min: number) => assert.ok(n >= min, `${what}: ${n} < ${min}\n${text}`);
  atLeast('HTTP 200', report.statuses['200'] ?? 0, REQUESTS * 0.04);
  atLeast('authorization denials', (report.errorCodes.AccessDeniedException ?? 0) + (report.errorCodes.AccessDenied ?? 0), REQUESTS * 0.02);
  const notFound = ['ParameterNotFound', 'NotFoundException', 'NoSuchEntity', 'ResourceNotFoundException'].reduce((n, code) => n + (report.errorCodes[code] ?? 0), 0);
  atLeast('not-found answers from handlers', notFound, REQUESTS * 0.02);
});
