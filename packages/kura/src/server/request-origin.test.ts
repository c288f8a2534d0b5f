import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isLoopbackName, judgeRequestOrigin, normalizeAllowedHost, originPolicy, parseHostHeader } from './request-origin.js';

const dev = originPolicy({ dev: true, allowedHosts: [] });
const open = originPolicy({ dev: false, allowedHosts: [] });
const named = originPolicy({ dev: false, allowedHosts: ['kura.example.com', '[fd00::1]'] });
const http4566 = { port: 4566, secure: false };

/** rawHeaders as node gives them: name, value, name, value… */
const judge = (policy = dev, headers: Record<string, string | string[]> = {}, listener = http4566) =>
  judgeRequestOrigin(
    policy,
    listener,
    Object.entries(headers).flatMap(([name, value]) => (Array.isArray(value) ? value.flatMap((v) => [name, v]) : [name, value])),
  );
const code = (...args: Parameters<typeof judge>) => judge(...args)?.code;

describe('Host in --dev', () => {
  test('accepts loopback names with the server port: IPv4 (all of 127/8), IPv6 in brackets, localhost', () => {
    for (const host of ['127.0.0.1:4566', '127.1.2.3:4566', 'localhost:4566', '[::1]:4566', '[0:0:0:0:0:0:0:1]:4566']) {
      assert.equal(judge(dev, { Host: host }), undefined, host);
    }
  });
  test('ignores case and a trailing dot (`localhost.` is the same absolute name)', () => {
    for (const host of ['LOCALHOST:4566', 'LocalHost.:4566', 'localhost.:4566']) assert.equal(judge(dev, { host }), undefined, host);
  });
  test('refuses any other name, including a rebinding page signing for its own name', () => {
    const refusal = judge(dev, { Host: 'evil.example:4566' });
    assert.deepEqual(refusal, {
      code: 'HostNotAllowedException',
      message:
        "Kura refused this request: its Host header 'evil.example:4566' does not name this server. This server accepts localhost, " +
        '127.0.0.1 or [::1] with port 4566, and the names given with --allowed-host (a defence against DNS rebinding).',
    });
    for (const host of ['localhost.evil.example:4566', '127.0.0.1.nip.io:4566', 'evil.localhost:4566', '10.0.0.1:4566', '[::2]:4566', '0.0.0.0:4566']) {
      assert.equal(code(dev, { Host: host }), 'HostNotAllowedException', host);
    }
  });
  test('refuses loopback names with another port, and a missing port unless the server is on the default one', () => {
    assert.equal(code(dev, { Host: '127.0.0.1:4567' }), 'HostNotAllowedException');
    assert.equal(code(dev, { Host: 'localhost' }), 'HostNotAllowedException');
    assert.equal(judge(dev, { Host: 'localhost' }, { port: 80, secure: false }), undefined);
    assert.equal(judge(dev, { Host: '127.0.0.1' }, { port: 443, secure: true }), undefined);
    assert.equal(code(dev, { Host: '127.0.0.1' }, { port: 80, secure: true }), 'HostNotAllowedException');
  });
  test('refuses IP forms that are not canonical dotted quads, and octets over 255', () => {
    for (const host of ['127.1:4566', '2130706433:4566', '0x7f.0.0.1:4566', '127.0.0.256:4566']) assert.equal(code(dev, { Host: host }), 'HostNotAllowedException', host);
  });
  test('refuses a request without Host (an HTTP/1.0 client may send none), with two, or a malformed one', () => {
    assert.match(judge(dev, {})?.message ?? '', /^Kura refused this request: it has no Host header\./);
    assert.match(judge(dev, { Host: ['127.0.0.1:4566', 'evil.example:4566'] })?.message ?? '', /more than one Host header/);
    assert.match(judge(dev, { Host: '<script>:4566' })?.message ?? '', /its Host header a malformed value is malformed/);
    assert.equal(code(dev, { Host: '127.0.0.1:99999' }), 'HostNotAllowedException');
    assert.equal(code(dev, { Host: 'user@127.0.0.1:4566' }), 'HostNotAllowedException');
  });
});

describe('Host with --allowed-host, and without either flag', () => {
  test('the allowed names pass on any port, loopback names still pass, others are refused', () => {
    assert.equal(judge(named, { Host: 'kura.example.com' }, { port: 4566, secure: true }), undefined);
    assert.equal(judge(named, { Host: 'KURA.example.com.:8443' }), undefined);
    assert.equal(judge(named, { Host: '[fd00::1]:4566' }), undefined);
    assert.equal(judge(named, { Host: '127.0.0.1:4566' }), undefined);
    assert.equal(code(named, { Host: 'other.example.com' }), 'HostNotAllowedException');
    assert.equal(code(named, {}), 'HostNotAllowedException');
  });
  test('without --dev and --allowed-host any Host, or none, is served', () => {
    for (const headers of [{ Host: 'evil.example:4566' }, { Host: 'kura.internal' }, {}] as Record<string, string>[]) assert.equal(judge(open, headers), undefined);
  });
});

describe('Origin and Sec-Fetch-Site, in every mode', () => {
  test('a request from another origin is refused, whatever the mode', () => {
    for (const policy of [dev, open, named]) {
      const refusal = judge(policy, { Host: '127.0.0.1:4566', Origin: 'http://evil.example' });
      assert.deepEqual(refusal, {
        code: 'CrossOriginRequestException',
        message:
          "Kura refused this request: it comes from a web page (Origin 'http://evil.example') other than this server. " +
          'AWS clients send no Origin header; Kura serves web pages only on its own origin.',
      });
    }
  });
  test('the server’s own origin passes (a console served by Kura itself); any other port, host, null or odd form does not', () => {
    assert.equal(judge(dev, { Host: '127.0.0.1:4566', Origin: 'http://127.0.0.1:4566' }), undefined);
    assert.equal(judge(dev, { Host: 'localhost:4566', Origin: 'http://LOCALHOST:4566' }), undefined);
    assert.equal(judge(dev, { Host: '[::1]:4566', Origin: 'http://[::1]:4566' }), undefined);
    assert.equal(judge(named, { Host: 'kura.example.com', Origin: 'https://kura.example.com' }), undefined, 'behind a TLS proxy');
    for (const origin of ['http://127.0.0.1:4567', 'http://localhost:4566', 'null', 'http://127.0.0.1:4566/path', 'file://', 'http://u@127.0.0.1:4566', 'x']) {
      assert.equal(code(dev, { Host: '127.0.0.1:4566', Origin: origin }), 'CrossOriginRequestException', origin);
    }
    assert.equal(code(dev, { Host: '127.0.0.1:4566', Origin: ['http://127.0.0.1:4566', 'http://evil.example'] }), 'CrossOriginRequestException');
  });
  test('Sec-Fetch-Site cross-site or same-site is refused even without Origin (an <img>, a link)', () => {
    assert.match(judge(dev, { Host: '127.0.0.1:4566', 'Sec-Fetch-Site': 'cross-site' })?.message ?? '', /marked it Sec-Fetch-Site: cross-site/);
    assert.equal(code(open, { Host: '127.0.0.1:4566', 'sec-fetch-site': 'Same-Site' }), 'CrossOriginRequestException');
    assert.equal(judge(dev, { Host: '127.0.0.1:4566', 'Sec-Fetch-Site': 'same-origin' }), undefined);
    assert.equal(judge(dev, { Host: '127.0.0.1:4566', 'Sec-Fetch-Site': 'none' }), undefined, 'typed in the address bar');
  });
  test('Host is judged first: a rebinding page is refused for its name, not its origin', () => {
    assert.equal(code(dev, { Host: 'evil.example:4566', Origin: 'http://evil.example:4566' }), 'HostNotAllowedException');
    assert.equal(judge(open, { Host: 'evil.example:4566', Origin: 'http://evil.example:4566' }), undefined, 'without a Host check, same-origin is all Origin can tell');
  });
});

describe('parsing', () => {
  test('Host headers', () => {
    assert.deepEqual(parseHostHeader('Example.COM.:80'), { name: 'example.com', port: 80 });
    assert.deepEqual(parseHostHeader('[0::1]'), { name: '[::1]' });
    assert.equal(parseHostHeader('[::g]:1'), undefined);
    assert.equal(parseHostHeader(''), undefined);
    assert.equal(parseHostHeader('a b'), undefined);
  });
  test('--allowed-host names: normalized; no port, no wildcard, no junk', () => {
    assert.equal(normalizeAllowedHost('Kura.Example.com.'), 'kura.example.com');
    assert.equal(normalizeAllowedHost('my_service'), 'my_service');
    assert.equal(normalizeAllowedHost('fd00:0::1'), '[fd00::1]');
    assert.equal(normalizeAllowedHost('[::1]'), '[::1]');
    assert.equal(normalizeAllowedHost('10.0.0.5'), '10.0.0.5');
    for (const bad of ['kura.example.com:443', '*', '*.example.com', '', 'a..b', 'http://kura', 'a b']) assert.equal(normalizeAllowedHost(bad), undefined, bad);
  });
  test('loopback names', () => {
    assert.ok(isLoopbackName('127.255.255.255') && isLoopbackName('localhost') && isLoopbackName('[::1]'));
    assert.ok(!isLoopbackName('128.0.0.1') && !isLoopbackName('::1') && !isLoopbackName('localhost.localdomain'));
  });
});
