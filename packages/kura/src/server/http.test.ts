import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { renderUnrouted } from '../gateway/route.js';
import { builtInServices } from '../gateway/services.js';
import type { GatewayRequest } from '../gateway/types.js';
import { createHttpServer, type KuraHttpServer } from './http.js';
import { createLogger } from './logger.js';
import { originPolicy } from './request-origin.js';
import { fixtureSite, FIXTURE_SCRIPT } from './testing/console-fixture.js';

interface Line {
  level: string;
  msg: string;
  [field: string]: unknown;
}

/** Signature headers scoped to a Query service: only the scope matters here (the adapter routes errors by it). */
const scoped = (service: string) =>
  `AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20260301/us-east-1/${service}/aws4_request, SignedHeaders=host;x-amz-date, Signature=${'0'.repeat(64)}\r\nX-Amz-Date: 20260301T000000Z`;
const STS_AUTHORIZATION = scoped('sts');
const IAM_AUTHORIZATION = scoped('iam');

/** One HTTP/1.1 exchange over a raw socket, so every header (Host included) is exactly what we write. */
function exchange(port: number, head: string, body = ''): Promise<{ status: number; headers: string; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.end(`${head}\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`));
    let text = '';
    socket.on('data', (d: Buffer) => (text += d.toString()));
    socket.on('error', reject);
    socket.on('close', () => {
      const [headers = '', rest = ''] = text.split('\r\n\r\n');
      resolve({ status: Number(headers.split(' ')[1]), headers, body: rest });
    });
  });
}

describe('the HTTP adapter', () => {
  const lines: Line[] = [];
  const seen: GatewayRequest[] = [];
  let resets = 0;
  let failNext = false;
  let slowNext = false;
  let kura: KuraHttpServer;
  let port: number;
  before(async () => {
    const consoleSite = await fixtureSite();
    kura = createHttpServer({
      maxBodyBytes: 64 * 1024,
      errorResponse: (request, requestId, error) => renderUnrouted(builtInServices, request, requestId, error),
      gateway: async (request) => {
        seen.push(request);
        if (failNext) throw new Error('a genuine bug');
        // As a store across the network answers: after the client's next packets have arrived.
        if (slowNext) await new Promise((r) => setTimeout(r, 50));
        return { response: { status: 200, headers: { 'content-type': 'application/json' }, body: '{}' }, record: { requestId: 'r-1', status: 200, durationMs: 1 } };
      },
      health: async () => ({ ok: true }),
      reset: async () => void resets++,
      origins: originPolicy({ dev: true, allowedHosts: [] }),
      console: consoleSite,
      logger: createLogger('debug', (line) => lines.push(JSON.parse(line) as Line)),
    });
    await new Promise<void>((resolve) => kura.server.listen(0, '127.0.0.1', resolve));
    port = (kura.server.address() as AddressInfo).port;
  });
  after(() => kura.drain());
  beforeEach(() => {
    lines.length = 0;
    seen.length = 0;
    failNext = false;
    slowNext = false;
  });

  test('a client that closes its sending side after the request still gets an answer that takes a while', async () => {
    slowNext = true;
    // `exchange` ends its side of the socket with the request, as HTTP/1.0 tools may.
    const r = await exchange(port, `POST / HTTP/1.1\r\nHost: 127.0.0.1:${port}`, '{}');
    assert.equal(r.status, 200);
    assert.equal(r.body, '{}');
    assert.equal(seen.length, 1);
  });

  test('a client that hangs up mid-body is a debug line with a request id, not an error, and the server keeps serving', async () => {
    await new Promise<void>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.write(`POST / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/x-amz-json-1.1\r\nContent-Length: 1000\r\n\r\n${'a'.repeat(500)}`);
        setTimeout(() => socket.destroy(), 50);
      });
      socket.on('close', () => resolve());
    });
    await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(lines.filter((l) => l.level === 'error'), []);
    const aborted = lines.filter((l) => l.msg === 'client aborted the request');
    assert.equal(aborted.length, 1);
    assert.equal(aborted[0]?.level, 'debug');
    assert.match(String(aborted[0]?.requestId), /^[0-9a-f-]{36}$/);
    assert.deepEqual([aborted[0]?.method, aborted[0]?.path, aborted[0]?.reason], ['POST', '/', 'ECONNRESET']);
    assert.equal(seen.length, 0, 'the gateway never saw the half request');
    const next = await exchange(port, `POST / HTTP/1.1\r\nHost: 127.0.0.1:${port}`, '{}');
    assert.equal(next.status, 200);
  });

  test('a genuine failure is still an error line and a 500, in the protocol of the request', async () => {
    failNext = true;
    const r = await exchange(port, `POST / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nX-Amz-Target: AmazonSSM.GetParameter`, '{}');
    assert.equal(r.status, 500);
    assert.match(r.headers, /\r\ncontent-type: application\/x-amz-json-1.1\r\n/i);
    assert.deepEqual(JSON.parse(r.body), { __type: 'InternalFailure', Message: 'The request processing has failed because of an unknown error, exception or failure.' });
    assert.deepEqual(lines.map((l) => [l.level, l.msg, l.error]), [['error', 'unhandled failure in the HTTP adapter', 'Error: a genuine bug']]);
    failNext = true;
    const query = await exchange(port, `POST / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: ${STS_AUTHORIZATION}`, 'Action=GetCallerIdentity&Version=2011-06-15');
    assert.equal(query.status, 500);
    assert.match(query.headers, /\r\ncontent-type: text\/xml\r\n/i);
    assert.match(query.body, /^<ErrorResponse xmlns="https:\/\/sts.amazonaws.com\/doc\/2011-06-15\/"><Error><Type>Receiver<\/Type><Code>ServiceFailure<\/Code>/);
  });

  test('a body over the limit is a 413 in the protocol of the request, and the gateway never sees it', async () => {
    const big = 'x'.repeat(65 * 1024);
    const json = await exchange(port, `POST / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nX-Amz-Target: TrentService.Encrypt\r\nContent-Type: application/x-amz-json-1.1`, big);
    assert.equal(json.status, 413);
    assert.deepEqual(JSON.parse(json.body), { __type: 'RequestEntityTooLargeException', message: 'Request body exceeds 65536 bytes.' });
    const query = await exchange(port, `POST / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: ${IAM_AUTHORIZATION}`, big);
    assert.equal(query.status, 413);
    assert.match(query.headers, /\r\ncontent-type: text\/xml\r\n/i);
    assert.match(query.body, /^<ErrorResponse xmlns="https:\/\/iam.amazonaws.com\/doc\/2010-05-08\/"><Error><Type>Sender<\/Type><Code>RequestEntityTooLargeException<\/Code><Message>Request body exceeds 65536 bytes.<\/Message>/);
    assert.equal(seen.length, 0);
  });

  test('a refused AWS Query request (IAM, STS) is answered in XML, in its service\'s namespace', async () => {
    const r = await exchange(port, `POST / HTTP/1.1\r\nHost: evil.example:${port}\r\nAuthorization: ${STS_AUTHORIZATION}`, 'Action=GetCallerIdentity&Version=2011-06-15');
    assert.equal(r.status, 403);
    assert.match(r.headers, /\r\ncontent-type: text\/xml\r\n/i);
    assert.match(r.body, /^<ErrorResponse xmlns="https:\/\/sts.amazonaws.com\/doc\/2011-06-15\/"><Error><Type>Sender<\/Type><Code>HostNotAllowedException<\/Code>/);
    assert.equal(seen.length, 0);
  });

  test('a refused request is a 403 with a JSON reason, never reaches the gateway, and is logged at warn with its request id', async () => {
    const r = await exchange(port, `POST /?X-Amz-Signature=abc HTTP/1.1\r\nHost: evil.example:${port}\r\nX-Amz-Target: AmazonSSM.GetParameter`, '{}');
    assert.equal(r.status, 403);
    assert.match(r.headers, /\r\ncontent-type: application\/x-amz-json-1.1\r\n/i);
    assert.match(r.headers, /\r\nx-amzn-errortype: HostNotAllowedException\r\n/i);
    assert.equal(JSON.parse(r.body).__type, 'HostNotAllowedException');
    assert.equal(seen.length, 0);
    const requestId = /\r\nx-amzn-requestid: (\S+)\r\n/i.exec(r.headers)?.[1];
    assert.deepEqual(lines, [
      {
        time: lines[0]?.time,
        level: 'warn',
        msg: 'request refused',
        requestId,
        errorCode: 'HostNotAllowedException',
        method: 'POST',
        path: '/',
        host: `evil.example:${port}`,
        remoteAddress: '127.0.0.1',
      },
    ]);
  });

  test('the health route is refused to a foreign Host too', async () => {
    const r = await exchange(port, `GET /_kura/health HTTP/1.1\r\nHost: evil.example:${port}`);
    assert.equal(r.status, 403);
    assert.equal((await exchange(port, `GET /_kura/health HTTP/1.1\r\nHost: localhost:${port}`)).status, 200);
  });

  test('POST /_kura/reset needs x-kura-reset: yes', async () => {
    const before = resets;
    for (const extra of ['', '\r\nx-kura-reset: no', '\r\nContent-Type: text/plain']) {
      const r = await exchange(port, `POST /_kura/reset HTTP/1.1\r\nHost: 127.0.0.1:${port}${extra}`, 'x=y');
      assert.equal(r.status, 403);
      assert.deepEqual(JSON.parse(r.body), {
        __type: 'ResetNotConfirmedException',
        message: "Kura refused this reset: POST /_kura/reset needs the header 'x-kura-reset: yes', which a web page cannot send.",
      });
    }
    assert.equal(resets, before);
    const ok = await exchange(port, `POST /_kura/reset HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nX-Kura-Reset: yes`);
    assert.equal(ok.status, 200);
    assert.equal(resets, before + 1);
  });

  test('the web console is served on the same port, to GET and HEAD, without reaching the gateway', async () => {
    const page = await exchange(port, `GET /_kura/console/ HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nSec-Fetch-Site: none`);
    assert.equal(page.status, 200);
    assert.match(page.headers, /\r\ncontent-type: text\/html; charset=utf-8\r\n/i);
    assert.match(page.headers, /\r\ncontent-security-policy: default-src 'none'; script-src 'self';/i);
    assert.match(page.body, /<script type="module" crossorigin src="\/_kura\/console\/assets\/index-Dk3vQ9xZ\.js"><\/script>/);
    const head = await exchange(port, `HEAD /_kura/console/${FIXTURE_SCRIPT} HTTP/1.1\r\nHost: localhost:${port}\r\nAccept-Encoding: gzip`);
    assert.equal(head.status, 200);
    assert.match(head.headers, /\r\ncontent-encoding: gzip\r\n/i);
    assert.match(head.headers, /\r\ncontent-length: [1-9]\d*\r\n/i, "the length GET's body would have");
    assert.equal(head.body, '');
    const moved = await exchange(port, `GET /_kura/console HTTP/1.1\r\nHost: 127.0.0.1:${port}`);
    assert.deepEqual([moved.status, /\r\nlocation: (\S+)\r\n/i.exec(moved.headers)?.[1]], [301, '/_kura/console/']);
    const post = await exchange(port, `POST /_kura/console/ HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nX-Amz-Target: AmazonSSM.GetParameter`, '{}');
    assert.deepEqual([post.status, /\r\nallow: ([^\r]+)\r\n/i.exec(post.headers)?.[1]], [405, 'GET, HEAD']);
    // Sent as written: node:http does not normalize the path, so the adapter sees the dots.
    const traversal = await exchange(port, `GET /_kura/console/../../package.json HTTP/1.1\r\nHost: 127.0.0.1:${port}`);
    assert.deepEqual([traversal.status, JSON.parse(traversal.body).__type], [404, 'NotFoundException']);
    assert.equal(seen.length, 0);
    assert.doesNotMatch(page.headers + head.headers + post.headers, /access-control-/i);
  });

  test('the console is judged like every route: a cross-site or rebinding request for it is refused first', async () => {
    const crossSite = await exchange(port, `GET /_kura/console/ HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nSec-Fetch-Site: cross-site`);
    assert.deepEqual([crossSite.status, JSON.parse(crossSite.body).__type], [403, 'CrossOriginRequestException']);
    assert.match(crossSite.headers, /\r\nx-frame-options: DENY\r\n/i, 'confined like every console answer');
    assert.match(crossSite.headers, /\r\ncontent-security-policy: default-src 'none';/i);
    const rebound = await exchange(port, `GET /_kura/console/ HTTP/1.1\r\nHost: evil.example:${port}`);
    assert.deepEqual([rebound.status, JSON.parse(rebound.body).__type], [403, 'HostNotAllowedException']);
  });

  test('a link from another site opens the console page (a navigation), and nothing else', async () => {
    const navigate = 'Sec-Fetch-Site: cross-site\r\nSec-Fetch-Mode: navigate\r\nSec-Fetch-Dest: document';
    const opened = await exchange(port, `GET /_kura/console/ HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n${navigate}`);
    assert.equal(opened.status, 200);
    assert.match(opened.headers, /\r\ncontent-security-policy: default-src 'none';[^\r]*frame-ancestors 'none'/i);
    // The same page as a cross-site subresource (an <iframe>, a fetch) is refused, as is any other route.
    const framed = await exchange(port, `GET /_kura/console/ HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nSec-Fetch-Site: cross-site\r\nSec-Fetch-Mode: navigate\r\nSec-Fetch-Dest: iframe`);
    assert.equal(framed.status, 403);
    const fetched = await exchange(port, `GET /_kura/console/ HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nSec-Fetch-Site: cross-site\r\nSec-Fetch-Mode: cors\r\nSec-Fetch-Dest: empty`);
    assert.equal(fetched.status, 403);
    const health = await exchange(port, `GET /_kura/health HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n${navigate}`);
    assert.equal(health.status, 403);
    const posted = await exchange(port, `POST / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n${navigate}\r\nOrigin: https://evil.example`, '{}');
    assert.equal(posted.status, 403);
    const rebound = await exchange(port, `GET /_kura/console/ HTTP/1.1\r\nHost: evil.example:${port}\r\n${navigate}`);
    assert.deepEqual([rebound.status, JSON.parse(rebound.body).__type], [403, 'HostNotAllowedException']);
    assert.equal(seen.length, 0);
  });

  test("the console page's own calls pass: POST / from the same origin, marked same-origin, reaches the gateway", async () => {
    const r = await exchange(
      port,
      `POST / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nOrigin: http://127.0.0.1:${port}\r\nSec-Fetch-Site: same-origin\r\nSec-Fetch-Mode: cors\r\nX-Amz-Target: AmazonSSM.GetParameter`,
      '{}',
    );
    assert.equal(r.status, 200);
    assert.equal(seen.length, 1);
    const other = await exchange(port, `POST / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nOrigin: http://localhost:${port + 1}\r\nSec-Fetch-Site: same-site`, '{}');
    assert.equal(other.status, 403, 'a page on another local port is another origin');
    assert.equal(seen.length, 1);
  });
});
