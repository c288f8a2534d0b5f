// The web console as `kura serve` starts it: read before anything is written (a --console-dir that
// cannot be served refuses the start and leaves no data directory), on the server's own port, and
// turned off by --no-console.

import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { ConfigError, parseServeArgs, type ServeConfig } from './config.js';
import { startServer } from './serve.js';
import { CONSOLE_FIXTURE } from './testing/console-fixture.js';

const parent = mkdtempSync(path.join(tmpdir(), 'kura-serve-console-'));
after(() => rmSync(parent, { recursive: true, force: true }));

const quiet = { log: () => undefined };
const start = (data: string, args: string[]) => startServer(parseServeArgs(['--port', '0', '--data', data, ...args], process.cwd(), {}) as ServeConfig, { env: {}, logger: quiet });

describe('kura serve and its web console', () => {
  test('a --console-dir that cannot be served refuses the start before anything is written', async () => {
    const data = path.join(parent, 'refused');
    await assert.rejects(start(data, ['--console-dir', path.join(parent, 'no-console-here')]), (e: Error) => e instanceof ConfigError && /^--console-dir .*no-console-here: it does not exist$/.test(e.message));
    assert.ok(!existsSync(data), 'no data directory was made');
  });

  test('served from --console-dir on the server’s port; --no-console turns the route off', async () => {
    const served = await start(path.join(parent, 'served'), ['--console-dir', CONSOLE_FIXTURE]);
    try {
      const page = await fetch(`${served.url}/_kura/console/`);
      assert.deepEqual([page.status, page.headers.get('content-type'), page.headers.get('x-frame-options')], [200, 'text/html; charset=utf-8', 'DENY']);
      assert.match(await page.text(), /Kura console \(test fixture\)/);
    } finally {
      await served.close();
    }
    const off = await start(path.join(parent, 'off'), ['--no-console']);
    try {
      const page = await fetch(`${off.url}/_kura/console/`);
      assert.deepEqual([page.status, await page.json()], [404, { __type: 'NotFoundException', message: 'The web console is turned off on this server (--no-console or KURA_NO_CONSOLE).' }]);
    } finally {
      await off.close();
    }
  });
});
