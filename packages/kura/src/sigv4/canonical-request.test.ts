// The canonical forms, piece by piece, on the inputs that trip canonicalizers up (`+` versus
// `%20`, `~` over-escaped, percent-escapes re-cased, dot segments, repeated keys).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canonicalHeaders, canonicalHeaderValue, canonicalQueryString, canonicalUri, canonicalRequest } from './canonical-request.js';
import { isoBasic, parseAmzDate, parseHttpDate } from './dates.js';
import { sha256Hex } from './encoding.js';
import { headerMap } from './request-parts.js';

describe('canonical URI', () => {
  const cases: [string, string][] = [
    ['/', '/'],
    ['', '/'],
    ['/a/./b/../c', '/a/c'],
    ['//a//b//', '/a/b/'],
    ['/..', '/'],
    ['/../../x', '/x'],
    ['/a%20b', '/a%2520b'], // the wire path is encoded once; SigV4 (not S3) encodes it again
    ['/a+b~c', '/a%2Bb~c'],
    ['/ü', '/%C3%BC'],
    ['/%2E%2E/x', '/%252E%252E/x'], // escaped dots are not dot segments
  ];
  for (const [path, expected] of cases) {
    it(`turns ${JSON.stringify(path)} into ${expected}`, () => assert.equal(canonicalUri(path), expected));
  }
});

describe('canonical query string', () => {
  const cases: [string, string][] = [
    ['b=2&a=1', 'a=1&b=2'],
    ['a=2&a=1&a=10', 'a=1&a=10&a=2'],
    ['a-b=1&a=2', 'a=2&a-b=1'], // sorted by name first: "a" before "a-b" although "-" < "="
    ['a=b+c', 'a=b%2Bc'], // `+` is a plus, not a space
    ['a=b%20c&c=d e', 'a=b%20c&c=d%20e'],
    ['a=%7E~', 'a=~~'],
    ['a=%2f%2F', 'a=%2F%2F'],
    ['a=%zz%4', 'a=%25zz%254'], // a stray % is a literal %, not an error
    ['key', 'key='],
    ['a=b=c', 'a=b%3Dc'],
    ['&&a=1&', 'a=1'],
    ['%E1%88%B4=bar', '%E1%88%B4=bar'],
    ['ሴ=bar', '%E1%88%B4=bar'],
    ['a=%FF', 'a=%FF'], // bytes that are not UTF-8 keep their exact encoding
  ];
  for (const [query, expected] of cases) {
    it(`turns ${JSON.stringify(query)} into ${JSON.stringify(expected)}`, () => assert.equal(canonicalQueryString(query, false), expected));
  }

  it('leaves out X-Amz-Signature only for presigned requests', () => {
    assert.equal(canonicalQueryString('X-Amz-Signature=abc&A=1', true), 'A=1');
    assert.equal(canonicalQueryString('X-Amz-Signature=abc&A=1', false), 'A=1&X-Amz-Signature=abc');
  });
});

describe('canonical headers', () => {
  it('trims values and collapses runs of spaces and tabs', () => {
    assert.equal(canonicalHeaderValue('  a \t  b  c '), 'a b c');
  });

  it('joins repeated headers with "," in arrival order, and writes an absent one as "name:"', () => {
    const headers = headerMap(['My-Header', 'v2', 'Host', 'h', 'my-header', ' v1 ']);
    assert.equal(canonicalHeaders(headers, ['absent', 'host', 'my-header']), 'absent:\nhost:h\nmy-header:v2,v1\n');
  });

  it('hashes header values as the bytes received (node hands them over as latin1)', () => {
    // A client that signed the UTF-8 value "café" sent bytes 63 61 66 C3 A9, which node reads as "cafÃ©".
    const received = { method: 'GET', rawUrl: '/', rawHeaders: ['Host', 'h', 'X-Note', Buffer.from('café').toString('latin1')], body: Buffer.alloc(0) };
    const canonical = canonicalRequest(received, ['host', 'x-note'], sha256Hex(''), 'header');
    assert.equal(sha256Hex(canonical), sha256Hex(Buffer.from(canonical.replace('cafÃ©', 'café'), 'utf8')));
  });
});

describe('dates', () => {
  it('reads ISO 8601 basic format strictly', () => {
    assert.equal(parseAmzDate('20240229T120000Z')?.toISOString(), '2024-02-29T12:00:00.000Z');
    for (const bad of ['20230229T120000Z', '20240101T240000Z', '20240101T120000', '2024-01-01T12:00:00Z', ' 20240101T120000Z']) {
      assert.equal(parseAmzDate(bad), undefined, bad);
    }
  });

  it('reads RFC 1123 dates strictly, weekday included', () => {
    assert.equal(parseHttpDate('Sun, 06 Nov 1994 08:49:37 GMT')?.toISOString(), '1994-11-06T08:49:37.000Z');
    for (const bad of ['Mon, 06 Nov 1994 08:49:37 GMT', 'Sunday, 06-Nov-94 08:49:37 GMT', 'Sun Nov  6 08:49:37 1994', 'Sun, 6 Nov 1994 08:49:37 GMT']) {
      assert.equal(parseHttpDate(bad), undefined, bad);
    }
  });

  it('formats instants as AWS signs them, without milliseconds', () => {
    assert.equal(isoBasic(new Date('2020-06-05T19:11:17.999Z')), '20200605T191117Z');
    assert.equal(isoBasic(new Date(Number.NaN)), 'invalid-date');
  });
});
