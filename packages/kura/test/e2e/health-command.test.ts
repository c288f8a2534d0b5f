// `kura health` against a real `kura serve`: the server image's HEALTHCHECK and the CI recipe's wait.

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { KURA_VERSION } from '../../src/server/version.js';
import { kuraBin, startKura, type RunningKura } from './harness.js';

const health = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [kuraBin, 'health', ...args], { env: { PATH: process.env.PATH, ...env }, encoding: 'utf8', timeout: 30_000 });

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('kura health', () => {
  let kura: RunningKura;
  before(async () => {
    kura = await startKura();
  });
  after(async () => {
    await kura.stop();
  });

  test('exit 0 and the version when the server answers ok: by --url, or the server KURA_HOST and KURA_PORT configure', () => {
    const port = new URL(kura.url).port;
    const byUrl = health(['--url', kura.url]);
    assert.deepEqual([byUrl.status, byUrl.stdout, byUrl.stderr], [0, `ok: Kura ${KURA_VERSION} at ${kura.url}\n`, '']);
    const byEnv = health([], { KURA_PORT: port });
    assert.deepEqual([byEnv.status, byEnv.stdout], [0, `ok: Kura ${KURA_VERSION} at http://127.0.0.1:${port}\n`]);
    const wildcard = health([], { KURA_HOST: '0.0.0.0', KURA_PORT: port });
    assert.equal(wildcard.stdout, `ok: Kura ${KURA_VERSION} at http://127.0.0.1:${port}\n`, 'a server on every address is asked on loopback');
  });

  test('exit 1 when nothing answers, saying where it asked', async () => {
    const port = await freePort();
    const r = health([], { KURA_PORT: String(port) });
    assert.deepEqual([r.status, r.stdout, r.stderr], [1, '', `kura health: http://127.0.0.1:${port} did not answer (ECONNREFUSED)\n`]);
  });

  test('--wait asks until a server that starts later answers', async () => {
    const port = await freePort();
    const waiting = spawn(process.execPath, [kuraBin, 'health', '--wait', '60'], { env: { PATH: process.env.PATH, KURA_PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    waiting.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((resolve) => waiting.once('close', (code) => resolve(code)));
    await new Promise((resolve) => setTimeout(resolve, 1000));
    assert.equal(waiting.exitCode, null, 'still waiting');
    const later = await startKura({ args: ['--port', String(port)] });
    try {
      assert.equal(await exited, 0);
      assert.equal(out, `ok: Kura ${KURA_VERSION} at http://127.0.0.1:${port}\n`);
    } finally {
      await later.stop();
    }
  });

  test('usage errors exit 2', () => {
    for (const [args, env, message] of [
      [['--wait', 'soon'], {}, "kura health: --wait takes a whole number of seconds from 0 to 3600, not 'soon'\n"],
      [['--url', 'ftp://127.0.0.1:4566'], {}, 'kura health: --url must be an http:// or https:// URL without credentials\n'],
      [[], { KURA_PORT: '0' }, "kura health: KURA_PORT must be a port from 1 to 65535 to be asked, not '0'\n"],
    ] as const) {
      const r = health([...args], { ...env });
      assert.deepEqual([r.status, r.stderr], [2, message]);
    }
    assert.match(health(['--help']).stdout, /^Usage: kura health \[--url URL\] \[--wait SECONDS\]/);
  });
});
