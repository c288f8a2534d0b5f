// superviseProgram with real child processes (a node script that logs what it was started with and
// the signals it got), fake sources and short intervals: a change restarts or signals the program,
// a failed or refused read keeps it running, the program's exit is Kura's, files go at the end.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { ExecError, EXIT } from './errors.js';
import type { WatchOptions } from './options.js';
import { alive, eventually, fakeRun, makeKit, shellProgram, sleep, type Kit } from './testing/supervised.js';
import { jitteredTiming, superviseProgram } from './watch.js';

const FAST = { delayMs: () => 100 };
/** A regression that hangs fails the test; afterEach then kills what it left running. */
const LIMIT = { timeout: 15_000 };
const restart = (killTimeoutSeconds = 5): WatchOptions => ({ intervalSeconds: 5, action: { kind: 'restart' }, killTimeoutSeconds });
const reload: WatchOptions = { intervalSeconds: 5, action: { kind: 'signal', signal: 'SIGHUP' }, killTimeoutSeconds: 5 };

let kit: Kit;
beforeEach(() => {
  kit = makeKit();
});
afterEach(() => kit.cleanup());

const starts = () => kit.events().filter((e) => e.event === 'start');

describe('supervising under --watch', () => {
  test('--restart: an equal result does nothing; a change restarts the program with the new environment, reported by name', LIMIT, async () => {
    const run = fakeRun(kit.program(), kit.outputs({ VALUE: 'old-secret-value' }), restart());
    const exit = superviseProgram(run, FAST);
    const [first] = await eventually('the first start', () => starts().length === 1 && starts());
    await eventually('a few equal reads', () => run.reads >= 3);
    assert.equal(starts().length, 1);
    assert.deepEqual(run.lines, [], 'an equal result is not reported');

    run.source = kit.outputs({ VALUE: 'new-secret-value', ADDED: 'x' });
    const second = await eventually('the restart', () => starts()[1]);
    assert.equal(second.value, 'new-secret-value');
    assert.ok(!alive(first!.pid), 'the old program is gone');
    assert.ok(kit.events().some((e) => e.event === 'term' && e.pid === first!.pid), 'it was stopped with SIGTERM');
    await eventually('the restart report', () => run.lines.length === 2);
    assert.deepEqual(run.lines, [
      'VALUE changed; ADDED added: restarting the program (SIGTERM, then SIGKILL after 5 s)',
      'the program ended (exit 0); started it again with the new environment',
    ]);
    await sleep(400);
    assert.equal(starts().length, 2, 'the same result again is no change');

    process.kill(second.pid, 'SIGTERM'); // the program ending on its own, as far as Kura knows
    assert.equal(await exit, 0);
    assert.ok(!run.lines.join('\n').includes('secret-value'));
  });

  test('--reload-signal: files rewritten first, then the signal; a variable change says it cannot reach the program', LIMIT, async () => {
    const file = kit.file('db.conf');
    const run = fakeRun(kit.program(), kit.outputs({ VALUE: 'v1' }, [{ path: file, content: 'content-1', origin: `--file ${file}` }]), reload);
    const exit = superviseProgram(run, FAST);
    const [first] = await eventually('the start', () => starts().length === 1 && starts());
    assert.equal(first!.file, 'content-1', 'the file is there before the program starts');

    run.source = kit.outputs({ VALUE: 'v2' }, [{ path: file, content: 'content-2', origin: `--file ${file}` }]);
    const signalled = await eventually('SIGHUP', () => kit.events().find((e) => e.event === 'signal'));
    assert.deepEqual([signalled.signal, signalled.file], ['SIGHUP', 'content-2'], 'the program sees the new file when the signal arrives');
    assert.equal(run.lines[0], `VALUE changed; ${file} rewritten; the environment of a running program cannot change: sent SIGHUP (use --restart to apply it)`);

    run.source = kit.outputs({ VALUE: 'v2' }, [{ path: file, content: 'content-3', origin: `--file ${file}` }]);
    await eventually('the second SIGHUP', () => kit.events().filter((e) => e.event === 'signal').length === 2);
    assert.equal(run.lines[1], `${file} rewritten: sent SIGHUP`);
    assert.equal(starts().length, 1, 'never restarted');
    assert.deepEqual(run.writes, [[file], [file], [file]]);

    process.kill(first!.pid, 'SIGTERM');
    assert.equal(await exit, 0);
    assert.ok(!existsSync(file), 'files removed at exit');
  });

  for (const [kind, error] of [
    ['a denied read', new ExecError('cannot read --path /app: AccessDeniedException: User: arn:aws:iam::123456789012:user/task is not authorized to perform: ssm:GetParametersByPath', EXIT.fetch)],
    ['a result that turned invalid', new ExecError('refused: the parameter /app/ld_preload would set LD_PRELOAD, which changes how programs load (--allow-name LD_PRELOAD to allow it)', EXIT.rejected)],
  ] as const) {
    test(`${kind} keeps the program running as it is, reported by name, retried at the interval only`, LIMIT, async () => {
      const file = kit.file('app.conf');
      const run = fakeRun(kit.program(), kit.outputs({ VALUE: 'v1' }, [{ path: file, content: 'good', origin: `--file ${file}` }]), restart());
      const exit = superviseProgram(run, FAST);
      const [first] = await eventually('the start', () => starts().length === 1 && starts());
      run.source = error;
      const since = run.reads;
      const started = Date.now();
      await eventually('three failed reads', () => run.reads >= since + 3);
      const elapsed = Date.now() - started;
      assert.ok(elapsed >= 200, `three reads took ${elapsed} ms: never faster than the interval`);
      assert.equal(run.lines[0], `kept the running environment: ${error.message}`);
      assert.ok(alive(first!.pid));
      assert.equal(starts().length, 1);
      assert.equal(readFileSync(file, 'utf8'), 'good');
      assert.deepEqual(run.writes, [[file]], 'nothing rewritten');

      run.source = kit.outputs({ VALUE: 'v2' }, [{ path: file, content: 'better', origin: `--file ${file}` }]);
      const second = await eventually('the restart once the read works again', () => starts()[1]);
      assert.equal(second.value, 'v2');
      assert.equal(second.file, 'better');
      process.kill(second.pid, 'SIGTERM');
      assert.equal(await exit, 0);
    });
  }

  test('a program that ignores SIGTERM is killed after --kill-timeout, then started again', LIMIT, async () => {
    const run = fakeRun(kit.program('ignore-term'), kit.outputs({ VALUE: 'v1' }), restart(0.5));
    const exit = superviseProgram(run, FAST);
    const [first] = await eventually('the start', () => starts().length === 1 && starts());
    run.source = kit.outputs({ VALUE: 'v2' });
    await eventually('SIGTERM ignored', () => kit.events().some((e) => e.event === 'ignored'));
    const changedAt = Date.now();
    const second = await eventually('the restart', () => starts()[1]);
    assert.ok(Date.now() - changedAt >= 350, 'SIGKILL waited for the kill timeout');
    assert.equal(second.value, 'v2');
    assert.ok(!alive(first!.pid));
    await eventually('the reports', () => run.lines.length === 3);
    assert.deepEqual(run.lines.slice(1), ['the program did not exit 0.5 s after SIGTERM: sent SIGKILL', 'the program ended (exit 137); started it again with the new environment']);
    process.kill(second.pid, 'SIGKILL');
    assert.equal(await exit, 137, '128 + SIGKILL');
  });

  test('SIGTERM to Kura during a restart ends everything with the program\'s code, without starting it again', LIMIT, async () => {
    const run = fakeRun(kit.program('ignore-term'), kit.outputs({ VALUE: 'v1' }), restart(0.6));
    const exit = superviseProgram(run, FAST);
    await eventually('the start', () => starts().length === 1);
    run.source = kit.outputs({ VALUE: 'v2' });
    await eventually('the restart begun', () => kit.events().some((e) => e.event === 'ignored'));
    process.kill(process.pid, 'SIGTERM');
    assert.equal(await exit, 137);
    await sleep(300);
    assert.equal(starts().length, 1);
    assert.equal(run.removals, 1);
  });

  test('a restart whose program cannot be started ends Kura with 127, files removed', LIMIT, async () => {
    const program = shellProgram(kit.dir, 'echo started >> "$LOG"; trap "exit 0" TERM; while :; do sleep 0.05; done');
    const file = kit.file('out');
    const run = fakeRun(program, kit.outputs({ VALUE: 'v1' }, [{ path: file, content: 'x', origin: `--file ${file}` }]), restart());
    const exit = superviseProgram(run, FAST);
    await eventually('the start', () => existsSync(kit.file('log.jsonl')));
    rmSync(program.file);
    run.source = kit.outputs({ VALUE: 'v2' }, [{ path: file, content: 'y', origin: `--file ${file}` }]);
    await assert.rejects(exit, (error: ExecError) => error.exitCode === EXIT.notFound && error.message === 'app.sh: cannot run (ENOENT)');
    assert.ok(!existsSync(file));
  });
});

describe('supervising: the program\'s end is Kura\'s', () => {
  test('the program exiting on its own: its code, files removed, no read after it', LIMIT, async () => {
    const file = kit.file('secret');
    const run = fakeRun(kit.program('exit', '5'), kit.outputs({}, [{ path: file, content: 's', origin: `--file ${file}` }]), restart());
    assert.equal(await superviseProgram(run, FAST), 5);
    assert.equal(starts()[0]?.file, 's');
    assert.ok(!existsSync(file));
    const reads = run.reads;
    await sleep(300);
    assert.equal(run.reads, reads, 'watching stopped');
  });

  test('SIGTERM to Kura is forwarded and the program\'s code returned; without --watch nothing is read', LIMIT, async () => {
    const file = kit.file('secret');
    const run = fakeRun(kit.program(), kit.outputs({ TERM_EXIT: '9' }, [{ path: file, content: 's', origin: `--file ${file}` }]), undefined);
    const listeners = process.listenerCount('SIGTERM');
    const exit = superviseProgram(run, FAST);
    await eventually('the start', () => starts().length === 1);
    process.kill(process.pid, 'SIGTERM');
    assert.equal(await exit, 9);
    assert.ok(kit.events().some((e) => e.event === 'term'));
    assert.equal(run.reads, 0);
    assert.ok(!existsSync(file));
    assert.equal(process.listenerCount('SIGTERM'), listeners, 'forwarding stopped');
  });

  test('the first files cannot be written: the program never starts', LIMIT, async () => {
    const run = fakeRun(kit.program(), kit.outputs({}, [{ path: kit.file('no-such-dir/secret'), content: 's', origin: '--file' }]), restart());
    await assert.rejects(superviseProgram(run, FAST), /ENOENT/);
    await sleep(200);
    assert.equal(starts().length, 0);
    assert.equal(run.removals, 1);
  });

  test('jitter: the first read within 0.5–1.5 intervals, then 0.8–1.2', () => {
    const low = jitteredTiming(30, () => 0);
    const high = jitteredTiming(30, () => 0.999999);
    assert.deepEqual([low.delayMs(true), low.delayMs(false)], [15_000, 24_000]);
    assert.ok(Math.abs(high.delayMs(true) - 45_000) < 1 && Math.abs(high.delayMs(false) - 36_000) < 1);
  });

  test('nothing keeps Kura alive once the program has exited: a process running it ends at once, with the code', LIMIT, async () => {
    const watch = fileURLToPath(new URL('./watch.ts', import.meta.url));
    const script = `
      import { superviseProgram } from ${JSON.stringify(watch)};
      const program = { file: process.execPath, argv0: 'node', args: ['-e', 'setTimeout(() => process.exit(3), 300)'] };
      const files = { write() {}, removeAll() {} };
      const watch = { intervalSeconds: 3600, action: { kind: 'restart' }, killTimeoutSeconds: 3600 };
      process.exitCode = await superviseProgram({ program, first: { env: {}, overrides: [], files: [] }, watch, next: () => new Promise(() => {}), files, report() {} });
    `;
    const started = Date.now();
    const error = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { timeout: 20_000 }).then(
      () => undefined,
      (failure: { code?: number; killed?: boolean }) => failure,
    );
    assert.equal(error?.killed, false, 'it ended by itself');
    assert.equal(error?.code, 3);
    assert.ok(Date.now() - started < 15_000);
  });
});
