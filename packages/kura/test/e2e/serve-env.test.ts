// `kura serve` configured by KURA_* variables, as the server image and CI configure it: the
// variables apply, the command line wins, a misspelt variable is warned about by name, a bad one refused.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, test } from 'node:test';
import { kuraBin, startKura } from './harness.js';

describe('kura serve from the environment', () => {
  test('variables configure the server; a flag on the command line wins; a misspelt variable is warned about, never its value', async () => {
    const kura = await startKura({
      args: ['--log-level', 'info'],
      env: { KURA_ACCOUNT_ID: '123456789012', KURA_LOG_LEVEL: 'error', KURA_PROT: 'value-7f3a9c1e' },
    });
    try {
      assert.match(kura.stderr(), /\(account 123456789012; /);
      // The log lines reach stdout a moment after the banner reaches stderr.
      for (let waited = 0; !kura.stdout().includes('audit events name this server') && waited < 5000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
      // --log-level info (the command line) wins over KURA_LOG_LEVEL=error: the info lines are there.
      const lines = kura.stdout().trim().split('\n').map((line) => JSON.parse(line) as { level: string; msg: string });
      assert.ok(lines.some((line) => line.level === 'info'), 'info lines are logged');
      assert.ok(lines.some((line) => line.level === 'warn' && line.msg === 'KURA_PROT is not a kura serve variable (did you mean KURA_PORT?); it is ignored'));
      assert.ok(!kura.stdout().includes('value-7f3a9c1e') && !kura.stderr().includes('value-7f3a9c1e'));
    } finally {
      await kura.stop();
    }
  });

  test('a variable that is neither on nor off, or a bad value, stops the server with exit 2, naming the variable', () => {
    for (const [env, message] of [
      [{ KURA_DEV: 'maybe' }, "kura serve: KURA_DEV expects 1, true or yes (on), or 0, false, no or nothing (off), got 'maybe'\n"],
      [{ KURA_PORT: 'http' }, "kura serve: KURA_PORT must be a number from 0 to 65535, not 'http'\n"],
    ] as const) {
      const r = spawnSync(process.execPath, [kuraBin, 'serve'], { env: { PATH: process.env.PATH, ...env }, encoding: 'utf8', timeout: 30_000 });
      assert.deepEqual([r.status, r.stderr], [2, message]);
    }
  });
});
