// Authorization must add well under a millisecond to a request. This measures a realistic
// decision (testing/evaluate-fixture.ts: a role session decrypting a SecureString, six policies) and
// prints the numbers; it asserts only a generous bound so that a slow CI machine never flakes.

import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { describe, it } from 'node:test';
import { evaluate } from './evaluate.js';
import { realisticRequest, realisticSet } from './testing/evaluate-fixture.js';

const RUNS = 10_000;

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

describe('evaluate speed', () => {
  it(`decides a realistic request in well under a millisecond (median of ${RUNS})`, () => {
    assert.equal(evaluate(realisticSet, realisticRequest).decision, 'Allow');
    const samples: number[] = [];
    for (let i = 0; i < RUNS; i += 1) {
      const start = performance.now();
      evaluate(realisticSet, realisticRequest);
      samples.push(performance.now() - start);
    }
    const m = median(samples);
    const p99 = [...samples].sort((a, b) => a - b)[Math.floor(RUNS * 0.99)] ?? Number.NaN;
    const all = [...realisticSet.identity, ...(realisticSet.session ?? []), realisticSet.boundary, realisticSet.resource];
    const statements = all.reduce((n, p) => n + (p?.policy.statements.length ?? 0), 0);
    console.log(`evaluate: median ${(m * 1000).toFixed(1)} µs, p99 ${(p99 * 1000).toFixed(1)} µs over ${RUNS} runs (${all.length} policies, ${statements} statements)`);
    assert.ok(m < 1, `median ${m} ms`);
  });
});
