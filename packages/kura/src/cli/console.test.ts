import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import type { Io } from '../manage/command.js';
import type { ConsoleSite } from '../server/console-files.js';
import { createHttpServer, type KuraHttpServer } from '../server/http.js';
import { createLogger } from '../server/logger.js';
import { originPolicy } from '../server/request-origin.js';
import { fixtureSite } from '../server/testing/console-fixture.js';
import { CONSOLE_HELP, consoleUrl, run } from './console.js';

/** A server with only Kura's own routes: the gateway is never reached by these tests. */
async function listen(site: ConsoleSite, dev = false): Promise<{ kura: KuraHttpServer; port: number }> {
  const kura = createHttpServer({
    maxBodyBytes: 1024,
    gateway: async () => assert.fail('the gateway is not asked'),
    health: async () => ({ ok: true }),
    origins: originPolicy({ dev, allowedHosts: [] }),
    console: site,
    errorResponse: () => ({ status: 500, headers: {}, body: '' }),
    logger: createLogger('error', () => undefined),
  });
  await new Promise<void>((resolve) => kura.server.listen(0, '127.0.0.1', resolve));
  return { kura, port: (kura.server.address() as { port: number }).port };
}

async function kuraConsole(args: string[], env: NodeJS.ProcessEnv = {}, opened: string[] = [], open?: (url: string) => Promise<void>) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  stderr.on('data', (d: Buffer) => (err += d.toString()));
  const io: Io = { stdin: new PassThrough(), stdout, stderr, env };
  const code = await run(args, io, open ?? (async (url) => void opened.push(url)));
  return { code, stdout: out, stderr: err };
}

describe('kura console', () => {
  let served: { kura: KuraHttpServer; port: number };
  let off: { kura: KuraHttpServer; port: number };
  let closedPort: number;
  before(async () => {
    served = await listen(await fixtureSite(), true);
    off = await listen({ state: 'off' });
    const closed = await listen({ state: 'off' });
    closedPort = closed.port;
    await closed.kura.drain();
  });
  after(async () => {
    await served.kura.drain();
    await off.kura.drain();
  });

  test("prints the console's URL once the server answers its page, and opens nothing without --open", async () => {
    const opened: string[] = [];
    const r = await kuraConsole(['--endpoint-url', `http://127.0.0.1:${served.port}`], {}, opened);
    assert.deepEqual(r, { code: 0, stdout: `http://127.0.0.1:${served.port}/_kura/console/\n`, stderr: '' });
    assert.deepEqual(opened, []);
  });

  test('--open hands the URL to the browser opener, and nothing else', async () => {
    const opened: string[] = [];
    const r = await kuraConsole(['--open'], { AWS_ENDPOINT_URL: `http://localhost:${served.port}/some/path` }, opened);
    assert.deepEqual([r.code, r.stdout, r.stderr], [0, `http://localhost:${served.port}/_kura/console/\n`, '']);
    assert.deepEqual(opened, [`http://localhost:${served.port}/_kura/console/`]);
  });

  test('an opener that cannot start: the URL is still printed, exit 1 with the reason', async () => {
    const r = await kuraConsole(['--open', '--endpoint-url', `http://127.0.0.1:${served.port}`], {}, [], async () => {
      throw new Error('xdg-open: ENOENT');
    });
    assert.deepEqual(r, {
      code: 1,
      stdout: `http://127.0.0.1:${served.port}/_kura/console/\n`,
      stderr: 'kura console: could not open a browser (xdg-open: ENOENT); open the URL above yourself\n',
    });
  });

  test('a server that does not answer: exit 1, naming it, and nothing printed or opened', async () => {
    const opened: string[] = [];
    const r = await kuraConsole(['--open'], { KURA_PORT: String(closedPort) }, opened);
    assert.deepEqual(r, { code: 1, stdout: '', stderr: `kura console: http://127.0.0.1:${closedPort} did not answer (ECONNREFUSED): is kura serve running there?\n` });
    assert.deepEqual(opened, []);
  });

  test("a server that answers without the console: exit 1 with the server's reason", async () => {
    const r = await kuraConsole(['--endpoint-url', `http://127.0.0.1:${off.port}`]);
    assert.deepEqual(r, {
      code: 1,
      stdout: '',
      stderr: `kura console: http://127.0.0.1:${off.port}/_kura/console/ answered 404: The web console is turned off on this server (--no-console or KURA_NO_CONSOLE).\n`,
    });
  });

  test('where the server is: --endpoint-url, else AWS_ENDPOINT_URL, else KURA_HOST, KURA_PORT and KURA_TLS_CERT, else 127.0.0.1:4566', () => {
    assert.equal(consoleUrl(undefined, {}).href, 'http://127.0.0.1:4566/_kura/console/');
    assert.equal(consoleUrl(undefined, { KURA_HOST: '0.0.0.0', KURA_PORT: '8443', KURA_TLS_CERT: 'c.pem' }).href, 'https://127.0.0.1:8443/_kura/console/');
    assert.equal(consoleUrl(undefined, { AWS_ENDPOINT_URL: 'https://kura.example.com', KURA_PORT: '1' }).href, 'https://kura.example.com/_kura/console/');
    assert.equal(consoleUrl('http://[::1]:4567/', { AWS_ENDPOINT_URL: 'http://x' }).href, 'http://[::1]:4567/_kura/console/');
  });

  test('usage errors: exit 2, one line; an endpoint with credentials is refused, never printed', async () => {
    const cases: [string[], NodeJS.ProcessEnv, string | RegExp][] = [
      [['--endpoint-url', 'not a url'], {}, "kura console: --endpoint-url is not a URL: 'not a url'\n"],
      [['--endpoint-url', 'ftp://127.0.0.1'], {}, 'kura console: --endpoint-url must be an http:// or https:// URL\n'],
      [[], { AWS_ENDPOINT_URL: 'http://admin:hunter2@127.0.0.1:4566' }, 'kura console: AWS_ENDPOINT_URL must not carry credentials (user:password@)\n'],
      [[], { KURA_PORT: 'http' }, "kura console: KURA_PORT must be a port from 1 to 65535 to be asked, not 'http'\n"],
      // node:util's own words (the first line only), which differ between Node versions.
      [['--url', 'x'], {}, /^kura console: Unknown option '--url'[^\n]*\n$/],
      [['extra'], {}, /^kura console: Unexpected argument 'extra'[^\n]*\n$/],
    ];
    for (const [args, env, stderr] of cases) {
      const r = await kuraConsole(args, env);
      assert.deepEqual([r.code, r.stdout], [2, ''], args.join(' '));
      if (typeof stderr === 'string') assert.equal(r.stderr, stderr);
      else assert.match(r.stderr, stderr);
      assert.doesNotMatch(r.stderr, /hunter2/);
    }
  });

  test('--help', async () => {
    const r = await kuraConsole(['--help']);
    assert.deepEqual(r, { code: 0, stdout: CONSOLE_HELP, stderr: '' });
    assert.match(CONSOLE_HELP, /^Usage: kura console /);
  });
});
