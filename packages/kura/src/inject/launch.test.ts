import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fitsExecve } from './launch.js';
import { signalExitCode } from './supervise.js';

describe('launching', () => {
  const program = { file: '/usr/bin/app', argv0: 'app', args: ['--port', '80'] };

  test('an ordinary environment goes through execve', () => {
    assert.ok(fitsExecve(program, { DB_HOST: 'db', DB_PASSWORD: 'x'.repeat(8192) }));
  });

  test('one string over 128 KiB, or a huge environment, goes through spawn (execve would fail with E2BIG and node abort)', () => {
    assert.ok(!fitsExecve(program, { BIG: 'x'.repeat(128 * 1024) }));
    const many = Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`P${i}`, 'x'.repeat(8192)]));
    assert.ok(!fitsExecve(program, many));
  });

  test('a death by signal is reported as 128 + its number', () => {
    assert.deepEqual([signalExitCode('SIGTERM'), signalExitCode('SIGKILL'), signalExitCode('SIGINT')], [143, 137, 130]);
  });
});
