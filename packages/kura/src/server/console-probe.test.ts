import assert from 'node:assert/strict';
import http from 'node:http';
import { after, describe, test } from 'node:test';
import { probeConsole } from './console-probe.js';

const servers: http.Server[] = [];
after(() => servers.forEach((s) => s.close()));

/** A server answering every request with `status`, `type` and `body`, recording what each request carried. */
async function answering(status: number, type: string, body: string): Promise<{ port: number; seen: string[] }> {
  const seen: string[] = [];
  const server = http.createServer((req, res) => {
    seen.push(`${req.method} ${req.url} host=${req.headers.host} accept=${req.headers.accept} auth=${req.headers.authorization ?? '-'}`);
    res.writeHead(status, { 'content-type': type }).end(body);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as { port: number }).port, seen };
}

describe("kura console's check of /_kura/console/", () => {
  test("asks as the browser will: GET with the URL's own Host, for HTML, with no credential", async () => {
    const { port, seen } = await answering(200, 'text/html; charset=utf-8', '<!doctype html>');
    assert.deepEqual(await probeConsole(new URL(`http://127.0.0.1:${port}/_kura/console/`), 2000), { status: 200, contentType: 'text/html; charset=utf-8' });
    assert.deepEqual(await probeConsole(new URL(`http://localhost:${port}/_kura/console/`), 2000), { status: 200, contentType: 'text/html; charset=utf-8' });
    assert.deepEqual(seen, [`GET /_kura/console/ host=127.0.0.1:${port} accept=text/html auth=-`, `GET /_kura/console/ host=localhost:${port} accept=text/html auth=-`]);
  });

  test("reads a Kura error's reason as one bounded line; other bodies are not read as one", async () => {
    const json = await answering(404, 'application/json', JSON.stringify({ __type: 'NotFoundException', message: `not built\n\u001b[31mred${'x'.repeat(400)}` }));
    const answer = await probeConsole(new URL(`http://127.0.0.1:${json.port}/_kura/console/`), 2000);
    assert.deepEqual([answer.status, answer.message?.length, answer.message?.slice(0, 20)], [404, 300, 'not built  [31mredxx']);
    const html = await answering(404, 'text/html', '<h1>{"message":"no"}</h1>');
    assert.deepEqual(await probeConsole(new URL(`http://127.0.0.1:${html.port}/_kura/console/`), 2000), { status: 404, contentType: 'text/html' });
  });

  test('nothing listening is a rejection with its code', async () => {
    const { port } = await answering(200, 'text/html', '');
    await new Promise<void>((resolve) => servers.pop()!.close(() => resolve()));
    await assert.rejects(probeConsole(new URL(`http://127.0.0.1:${port}/_kura/console/`), 2000), { code: 'ECONNREFUSED' });
  });
});
