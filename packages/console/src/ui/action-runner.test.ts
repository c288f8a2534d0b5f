import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ActionRunner, type ActionState } from './action-runner.js';

/** A runner whose published states are recorded, and a write the test finishes by hand. */
function setup() {
  const published: ActionState[] = [];
  const runner = new ActionRunner((state) => published.push(state));
  let finish: (value: string) => void = () => undefined;
  let fail: (error: unknown) => void = () => undefined;
  const write = () =>
    new Promise<string>((resolve, reject) => {
      finish = resolve;
      fail = reject;
    });
  return { runner, published, write, finish: (v: string) => finish(v), fail: (e: unknown) => fail(e) };
}

test('a write that succeeds: busy while it runs, then idle with its value and no error', async () => {
  const { runner, published, write, finish } = setup();
  const outcome = runner.run(write);
  assert.deepEqual(runner.state, { busy: true, error: undefined });
  finish('v2');
  assert.deepEqual(await outcome, { status: 'done', value: 'v2' });
  assert.deepEqual(published, [
    { busy: true, error: undefined },
    { busy: false, error: undefined },
  ]);
});

test('a refused write keeps its error until the next run clears it', async () => {
  const { runner, write, finish, fail } = setup();
  const denied = new Error('AccessDeniedException: not authorized');
  const first = runner.run(write);
  fail(denied);
  assert.deepEqual(await first, { status: 'failed', error: denied });
  assert.deepEqual(runner.state, { busy: false, error: denied });
  const second = runner.run(write);
  assert.deepEqual(runner.state, { busy: true, error: undefined }, 'a new attempt starts without the old error');
  finish('ok');
  await second;
  assert.deepEqual(runner.state, { busy: false, error: undefined });
});

test('a second submit while the first runs is skipped: the write runs once', async () => {
  const { runner, write, finish } = setup();
  let calls = 0;
  const counted = () => {
    calls += 1;
    return write();
  };
  const first = runner.run(counted);
  // Raced with a tick, so that a second run that waits for a write of its own fails here, not hangs.
  const tick = new Promise((resolve) => setTimeout(() => resolve('still running'), 10));
  assert.deepEqual(await Promise.race([runner.run(counted), tick]), { status: 'skipped' });
  assert.equal(calls, 1);
  finish('once');
  assert.deepEqual(await first, { status: 'done', value: 'once' });
  // Once it is over, the form submits again.
  const again = runner.run(counted);
  finish('twice');
  await again;
  assert.equal(calls, 2);
});

test('clearError forgets the error; with no error to forget it publishes nothing', async () => {
  const { runner, published, write, fail } = setup();
  runner.clearError();
  assert.equal(published.length, 0);
  const run = runner.run(write);
  fail(new Error('ValidationException'));
  await run;
  runner.clearError();
  assert.deepEqual(runner.state, { busy: false, error: undefined });
  assert.deepEqual(published.at(-1), { busy: false, error: undefined });
});

test('after close (the form unmounted) a write still running finishes, and nothing is published', async () => {
  const { runner, published, write, fail } = setup();
  const run = runner.run(write);
  runner.close();
  const countAtClose = published.length;
  fail(new Error('ThrottlingException'));
  assert.equal((await run).status, 'failed');
  runner.clearError();
  assert.equal(published.length, countAtClose);
});
