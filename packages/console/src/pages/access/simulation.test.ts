import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decisionOf, pool } from './simulation.js';

test('pool runs at most `limit` at once and keeps the outcomes in order', async () => {
  let running = 0;
  let peak = 0;
  const settled: number[] = [];
  const outcomes = await pool(
    [5, 1, 4, 2, 3, 0],
    2,
    async (ms, i) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, ms));
      running--;
      if (i === 3) throw new Error('third');
      return ms * 10;
    },
    (i) => settled.push(i),
  );
  assert.equal(peak, 2);
  assert.equal(settled.length, 6);
  assert.deepEqual(
    outcomes.map((o) => (o.status === 'fulfilled' ? o.value : (o.reason as Error).message)),
    [50, 10, 40, 'third', 30, 0],
  );
});

test('pool starts nothing more once aborted', async () => {
  const controller = new AbortController();
  const started: number[] = [];
  await pool(
    [0, 1, 2, 3],
    1,
    async (n) => {
      started.push(n);
      if (n === 1) controller.abort();
    },
    undefined,
    controller.signal,
  );
  assert.deepEqual(started, [0, 1]);
});

test('pool of nothing is nothing', async () => {
  assert.deepEqual(await pool([], 4, async () => 1), []);
});

test('an unknown EvalDecision counts as a denial', () => {
  assert.equal(decisionOf('allowed'), 'allowed');
  assert.equal(decisionOf('explicitDeny'), 'explicitDeny');
  assert.equal(decisionOf('maybe'), 'implicitDeny');
});
