import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { probeHealth } from './health-probe.js';

const servers: (http.Server | https.Server)[] = [];
after(() => servers.forEach((s) => s.close()));

/** A server answering every request with `status` and `body`, recording the Host each one carried. */
async function answering(status: number, body: string, tls?: { cert: Buffer; key: Buffer }): Promise<{ url: URL; hosts: string[] }> {
  const hosts: string[] = [];
  const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
    hosts.push(`${req.method} ${req.url} ${req.headers.host}`);
    res.writeHead(status, { 'content-type': 'application/json' }).end(body);
  };
  const server = tls ? https.createServer(tls, handler) : http.createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { url: new URL(`${tls ? 'https' : 'http'}://127.0.0.1:${port}`), hosts };
}

describe('the /_kura/health probe', () => {
  test("reads Kura's answer, asking GET /_kura/health with the Host localhost:<port>", async () => {
    const { url, hosts } = await answering(200, '{"status":"ok","version":"9.8.7"}');
    assert.deepEqual(await probeHealth(url, 2000), { status: 200, health: { status: 'ok', version: '9.8.7' } });
    assert.deepEqual(hosts, [`GET /_kura/health localhost:${url.port}`]);
  });

  test('a store that is down, and an answer that is not Kura’s', async () => {
    assert.deepEqual(await probeHealth((await answering(503, '{"status":"unavailable","version":"1.0.0"}')).url, 2000), { status: 503, health: { status: 'unavailable', version: '1.0.0' } });
    assert.deepEqual(await probeHealth((await answering(200, '<html>hello</html>')).url, 2000), { status: 200 });
    assert.deepEqual(await probeHealth((await answering(200, '{"ok":true}')).url, 2000), { status: 200 });
  });

  test('nothing listening, and a server that never answers within the bound', async () => {
    const { url } = await answering(200, '{}');
    servers.pop()!.close();
    await assert.rejects(probeHealth(url, 2000), { code: 'ECONNREFUSED' });
    const silent = http.createServer(() => undefined);
    servers.push(silent);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const started = Date.now();
    await assert.rejects(probeHealth(new URL(`http://127.0.0.1:${(silent.address() as { port: number }).port}`), 300), /no answer in 300 ms/);
    assert.ok(Date.now() - started < 2000);
  });

  test('over HTTPS with a certificate that names another host: asked anyway (loopback, no credential, status only)', async (t) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kura-probe-tls-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const [cert, key] = [path.join(dir, 'cert.pem'), path.join(dir, 'key.pem')];
    try {
      execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=kura.example'], { stdio: 'ignore' });
    } catch {
      t.skip('openssl is not available to make a certificate');
      return;
    }
    const { url } = await answering(200, '{"status":"ok","version":"1.2.3"}', { cert: readFileSync(cert), key: readFileSync(key) });
    assert.deepEqual(await probeHealth(url, 2000), { status: 200, health: { status: 'ok', version: '1.2.3' } });
  });
});
