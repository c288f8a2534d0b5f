import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { CONSOLE_NOT_BUILT, loadConsoleFiles, type ConsoleSite } from './console-files.js';
import { answerConsole, chooseEncoding, CONSOLE_OFF, fileKey, isConsolePath, type ConsoleAnswer } from './console-response.js';
import { CONSOLE_FIXTURE, copyFixture, fixtureSite, FIXTURE_SCRIPT, FIXTURE_STYLE } from './testing/console-fixture.js';

const SECURITY = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

let site: ConsoleSite;
before(async () => {
  site = await fixtureSite();
});

const ask = (rawUrl: string, headers: Record<string, string> = {}, method = 'GET', on: ConsoleSite = site) => answerConsole(on, { method, rawUrl, headers });
const json = (a: ConsoleAnswer) => JSON.parse(Buffer.from(a.body).toString('utf8')) as { __type: string; message: string };
const file = (key: string) => (site.state === 'served' ? site.files.get(key)! : assert.fail('served'));

function assertConfined(answer: ConsoleAnswer) {
  for (const [name, value] of Object.entries(SECURITY)) assert.equal(answer.headers[name], value, name);
  assert.match(answer.headers['permissions-policy'] ?? '', /^(?:[a-z-]+=\(\), )+[a-z-]+=\(\)$/);
  for (const feature of ['camera', 'microphone', 'geolocation', 'payment', 'usb']) assert.ok(answer.headers['permissions-policy']?.includes(`${feature}=()`), feature);
  assert.deepEqual(Object.keys(answer.headers).filter((h) => h.startsWith('access-control-')), [], 'never a CORS header');
}

describe('the console route', () => {
  test('is /_kura/console and what is below it, nothing else', () => {
    assert.ok(isConsolePath('/_kura/console') && isConsolePath('/_kura/console/') && isConsolePath('/_kura/console/assets/x.js'));
    assert.ok(!isConsolePath('/_kura/consoles') && !isConsolePath('/_kura/console.html') && !isConsolePath('/') && !isConsolePath('/_kura/health'));
  });

  test('/ of the console is index.html: no-cache, revalidated by ETag, confined by the security headers', () => {
    const answer = ask('/_kura/console/');
    assert.equal(answer.status, 200);
    assertConfined(answer);
    const index = file('index.html');
    assert.deepEqual(Buffer.from(answer.body), index.body);
    assert.deepEqual(
      [answer.headers['content-type'], answer.headers['cache-control'], answer.headers.etag, answer.headers.vary, answer.headers['content-length']],
      ['text/html; charset=utf-8', 'no-cache', index.etag, 'Accept-Encoding', String(index.body.length)],
    );
    assert.equal(answer.headers['content-encoding'], undefined);
    assert.deepEqual(Buffer.from(ask('/_kura/console/index.html?v=2').body), index.body, 'by its name too, the query ignored');
  });

  test('a hashed asset is cached for a year as immutable; an unhashed file is not', () => {
    for (const [key, type] of [[FIXTURE_SCRIPT, 'text/javascript; charset=utf-8'], [FIXTURE_STYLE, 'text/css; charset=utf-8']]) {
      const answer = ask(`/_kura/console/${key}`);
      assert.equal(answer.status, 200);
      assertConfined(answer);
      assert.deepEqual([answer.headers['content-type'], answer.headers['cache-control']], [type, 'public, max-age=31536000, immutable']);
    }
    assert.equal(ask('/_kura/console/assets/index-B7pL2mWq.css').headers.vary, undefined, 'too small to be compressed: no variants');
    const icon = ask('/_kura/console/favicon.svg');
    assert.deepEqual([icon.status, icon.headers['content-type'], icon.headers['cache-control']], [200, 'image/svg+xml', 'no-cache']);
  });

  test('If-None-Match with the current ETag is a 304 without a body, headers kept', () => {
    const { etag } = file(FIXTURE_SCRIPT);
    for (const ifNoneMatch of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
      const answer = ask(`/_kura/console/${FIXTURE_SCRIPT}`, { 'if-none-match': ifNoneMatch });
      assert.equal(answer.status, 304, ifNoneMatch);
      assert.equal(answer.body.length, 0);
      assertConfined(answer);
      assert.deepEqual([answer.headers.etag, answer.headers['cache-control'], answer.headers['content-length']], [etag, 'public, max-age=31536000, immutable', undefined]);
    }
    assert.equal(ask(`/_kura/console/${FIXTURE_SCRIPT}`, { 'if-none-match': '"stale"' }).status, 200);
    const gzipped = ask('/_kura/console/', { 'accept-encoding': 'gzip' });
    assert.equal(ask('/_kura/console/', { 'accept-encoding': 'gzip', 'if-none-match': gzipped.headers.etag! }).status, 304, "the encoded form's own tag");
    assert.equal(ask('/_kura/console/', { 'if-none-match': gzipped.headers.etag! }).status, 200, 'which is not the plain form’s');
  });

  test('brotli or gzip as Accept-Encoding allows, each with its own ETag; identity otherwise', () => {
    const index = file('index.html');
    const br = ask('/_kura/console/', { 'accept-encoding': 'gzip, deflate, br, zstd' });
    assert.deepEqual([br.headers['content-encoding'], br.headers.vary, br.headers.etag], ['br', 'Accept-Encoding', `${index.etag.slice(0, -1)}-br"`]);
    assert.deepEqual(brotliDecompressSync(br.body), index.body);
    assert.equal(br.headers['content-length'], String(br.body.length));
    const gz = ask('/_kura/console/', { 'accept-encoding': 'gzip;q=0.8, br;q=0' });
    assert.deepEqual([gz.headers['content-encoding'], gz.headers.etag], ['gzip', `${index.etag.slice(0, -1)}-gzip"`]);
    assert.deepEqual(gunzipSync(gz.body), index.body);
    for (const acceptEncoding of ['identity', 'gzip;q=0, br;q=0', 'deflate', '']) {
      const plain = ask('/_kura/console/', { 'accept-encoding': acceptEncoding });
      assert.deepEqual([plain.headers['content-encoding'], plain.headers.etag], [undefined, index.etag], acceptEncoding);
    }
    assert.equal(ask('/_kura/console/', { 'accept-encoding': '*' }).headers['content-encoding'], 'br');
    assert.equal(ask('/_kura/console/', { 'accept-encoding': '*;q=0, gzip' }).headers['content-encoding'], 'gzip');
    assert.equal(chooseEncoding({ encoded: {} }, 'br, gzip'), 'identity', 'not compressed yet: sent as it is');
  });

  test('HEAD: the headers GET would have, content-length included, and no body', () => {
    const get = ask(`/_kura/console/${FIXTURE_SCRIPT}`, { 'accept-encoding': 'gzip' });
    const head = ask(`/_kura/console/${FIXTURE_SCRIPT}`, { 'accept-encoding': 'gzip' }, 'HEAD');
    assert.deepEqual([head.status, head.headers, head.body.length], [200, get.headers, 0]);
    const missing = ask('/_kura/console/nothing.js', {}, 'HEAD');
    assert.deepEqual([missing.status, missing.body.length], [404, 0]);
  });

  test('any other method is a 405 naming GET and HEAD in Allow, in JSON like the other /_kura routes', () => {
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']) {
      for (const at of ['/_kura/console/', '/_kura/console', `/_kura/console/${FIXTURE_SCRIPT}`]) {
        const answer = ask(at, {}, method);
        assert.equal(answer.status, 405, `${method} ${at}`);
        assertConfined(answer);
        assert.deepEqual([answer.headers.allow, answer.headers['content-type'], answer.headers['x-amzn-errortype']], ['GET, HEAD', 'application/json', 'MethodNotAllowedException']);
        assert.deepEqual(json(answer), { __type: 'MethodNotAllowedException', message: `The web console answers GET and HEAD, not ${method}.` });
      }
    }
  });

  test('/_kura/console redirects to /_kura/console/, keeping a plain query', () => {
    const answer = ask('/_kura/console');
    assert.deepEqual([answer.status, answer.headers.location, answer.body.length], [301, '/_kura/console/', 0]);
    assertConfined(answer);
    assert.equal(ask('/_kura/console?region=eu-west-1').headers.location, '/_kura/console/?region=eu-west-1');
    assert.equal(ask('/_kura/console', {}, 'HEAD').status, 301);
  });

  test('an unknown path is a 404 in JSON, confined, never cached', () => {
    for (const at of ['/_kura/console/nothing.js', '/_kura/console/assets/', '/_kura/console/assets', '/_kura/console/parameters/app']) {
      const answer = ask(at);
      assert.equal(answer.status, 404, at);
      assertConfined(answer);
      assert.deepEqual([answer.headers['content-type'], answer.headers['cache-control'], answer.headers['x-amzn-errortype']], ['application/json', 'no-store', 'NotFoundException']);
      assert.match(answer.headers['x-amzn-requestid'] ?? '', /^[0-9a-f-]{36}$/);
      assert.deepEqual(json(answer), { __type: 'NotFoundException', message: 'The web console has no such file.' });
    }
  });

  test('no spelling of a path outside the directory finds anything: .., encoded, backslashes, NUL, empty segments', () => {
    const attempts = [
      '../package.json',
      '../../../../etc/passwd',
      'assets/../index.html',
      './index.html',
      '%2e%2e/%2e%2e/package.json',
      '%2E%2E%2F%2E%2E%2Fpackage.json',
      '..%2f..%2fpackage.json',
      '..%5c..%5cpackage.json',
      '..\\..\\package.json',
      `assets%5c${FIXTURE_SCRIPT.slice(7)}`,
      `assets\\${FIXTURE_SCRIPT.slice(7)}`,
      'index.html%00',
      'index.html%00.js',
      '%00',
      `${FIXTURE_SCRIPT}%0a`,
      '/etc/passwd',
      '//index.html',
      `assets//${FIXTURE_SCRIPT.slice(7)}`,
      '%2fetc%2fpasswd',
      '%ZZ',
      '%c0%ae%c0%ae/package.json',
      '.%2e/package.json',
    ];
    for (const attempt of attempts) {
      const answer = ask(`/_kura/console/${attempt}`);
      assert.equal(answer.status, 404, attempt);
      assert.equal(json(answer).__type, 'NotFoundException', attempt);
    }
    assert.equal(fileKey('%2e%2e'), undefined);
    assert.equal(fileKey('a%2Fb'), 'a/b', 'an encoded slash is a slash: keys are paths');
  });

  test('a file whose name has a space is asked for percent-encoded', () => {
    const { parent, dir } = copyFixture();
    try {
      writeFileSync(path.join(dir, 'read me.txt'), 'hello');
      const { files } = loadConsoleFiles(dir);
      const answer = ask('/_kura/console/read%20me.txt', {}, 'GET', { state: 'served', files, compressed: Promise.resolve() });
      assert.deepEqual([answer.status, Buffer.from(answer.body).toString(), answer.headers['content-type']], [200, 'hello', 'text/plain; charset=utf-8']);
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  });

  test('turned off, or not built: a 404 that says so, on every console path', () => {
    for (const [on, message] of [[{ state: 'off' }, CONSOLE_OFF], [{ state: 'missing' }, CONSOLE_NOT_BUILT]] as const) {
      for (const at of ['/_kura/console/', `/_kura/console/${FIXTURE_SCRIPT}`]) {
        const answer = ask(at, {}, 'GET', on);
        assert.equal(answer.status, 404);
        assertConfined(answer);
        assert.deepEqual(json(answer), { __type: 'NotFoundException', message });
      }
    }
    assert.match(CONSOLE_NOT_BUILT, /npm run build -w packages\/console/);
    assert.ok(CONSOLE_FIXTURE.endsWith(`testing${path.sep}console${path.sep}`));
  });
});
