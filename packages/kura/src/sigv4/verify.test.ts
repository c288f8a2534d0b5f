// The verifier's verdicts: tampering, unsigned headers, malformed signatures, scope binding and
// payload hashes. Clock and expiry are in clock-window.test.ts.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canonicalRequest, credentialScope, signatureHex, signingKey, stringToSign } from './canonical-request.js';
import { isoBasic } from './dates.js';
import { sha256Hex } from './encoding.js';
import { presentedSignature } from './parse-authorization.js';
import {
  ACCESS_KEY_ID,
  assertRefused,
  authenticate,
  headerValue,
  options,
  replaceHeader,
  SECRET,
  SESSION_TOKEN,
  sdkPresigned,
  sdkSigned,
  SIGNED_AT,
  withHeader,
  withoutHeader,
} from './testing/kit.js';
import { AuthFailure, type ReceivedRequest } from './types.js';
import { SIGNATURE_MISMATCH, signaturesEqual, verifySignature } from './verify.js';

const at = (seconds: number, from: Date = SIGNED_AT): Date => new Date(from.getTime() + seconds * 1000);

const jsonPost = (extra: Parameters<typeof sdkSigned>[0] = {}): Promise<ReceivedRequest> =>
  sdkSigned({
    path: '/pfx/',
    query: { Name: 'a b', Filter: ['x', 'y'], '~k': '+' },
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': 'AmazonSSM.GetParameter',
      'amz-sdk-request': 'attempt=1; max=3',
      'user-agent': 'aws-cli/1.0',
    },
    body: '{"Name":"/app/db password","WithDecryption":true}',
    sessionToken: SESSION_TOKEN,
    ...extra,
  });

const presignedGet = (extra: Parameters<typeof sdkPresigned>[0] = {}): Promise<ReceivedRequest> =>
  sdkPresigned({ service: 'sts', query: { Action: 'GetCallerIdentity', Version: '2011-06-15' }, ...extra });

/** Rewrites the index-th raw `name=value` pair of the query string. */
function mutateQuery(req: ReceivedRequest, index: number, change: (pair: string) => string | undefined): ReceivedRequest {
  const [path, query = ''] = req.rawUrl.split('?');
  const pairs = query.split('&').flatMap((pair, i) => (i === index ? (change(pair) ?? []) : [pair]));
  return { ...req, rawUrl: `${path}?${pairs.join('&')}` };
}

function queryPairCount(req: ReceivedRequest): number {
  return (req.rawUrl.split('?')[1] ?? '').split('&').length;
}

describe('tamper matrix', () => {
  it('refuses a change to any signed element of a header-signed request', async () => {
    const req = await jsonPost();
    authenticate(req);
    const presented = presentedSignature(req);
    const auth = headerValue(req, 'authorization') as string;
    const tampered: [string, ReceivedRequest][] = [
      ['method', { ...req, method: 'PUT' }],
      ['path', { ...req, rawUrl: req.rawUrl.replace('/pfx/', '/pfx/x') }],
      ['path without its trailing slash', { ...req, rawUrl: req.rawUrl.replace('/pfx/', '/pfx') }],
      ['an added query parameter', { ...req, rawUrl: `${req.rawUrl}&Extra=1` }],
      ['a first body byte', { ...req, body: Buffer.concat([Buffer.from('['), req.body.subarray(1)]) }],
      ['a last body byte', { ...req, body: Buffer.concat([req.body.subarray(0, -1), Buffer.from(']')]) }],
      ['X-Amz-Date by one second', replaceHeader(req, 'x-amz-date', isoBasic(at(1)))],
      ['the scope date', replaceHeader(req, 'authorization', auth.replace('/20240309/', '/20240308/'))],
      ['the scope region', replaceHeader(req, 'authorization', auth.replace('/eu-west-1/', '/eu-west-2/'))],
      ['the scope service', replaceHeader(req, 'authorization', auth.replace('/ssm/', '/kms/'))],
      ['the scope terminator', replaceHeader(req, 'authorization', auth.replace('/aws4_request', '/aws4_requesT'))],
      ['SignedHeaders less one header', replaceHeader(req, 'authorization', auth.replace('amz-sdk-request;', ''))],
      ['SignedHeaders plus a header that is present', replaceHeader(req, 'authorization', auth.replace(';x-amz-content-sha256;', ';user-agent;x-amz-content-sha256;'))],
      ['SignedHeaders plus a header that is absent', replaceHeader(req, 'authorization', auth.replace('SignedHeaders=', 'SignedHeaders=accept;'))],
      ['one signature character', replaceHeader(req, 'authorization', auth.replace(/.$/, (c) => (c === '0' ? '1' : '0')))],
    ];
    for (let i = 0; i < queryPairCount(req); i++) {
      tampered.push([`query pair ${i}'s value`, mutateQuery(req, i, (pair) => `${pair}z`)]);
      tampered.push([`query pair ${i}'s name`, mutateQuery(req, i, (pair) => `z${pair}`)]);
      tampered.push([`query pair ${i} removed`, mutateQuery(req, i, () => undefined)]);
    }
    for (const name of presented.signedHeaders) {
      const value = headerValue(req, name) as string;
      tampered.push([`header ${name}'s value`, replaceHeader(req, name, name === 'host' ? 'evil.example:4566' : `${value}0`)]);
      tampered.push([`header ${name} deleted`, withoutHeader(req, name)]);
    }
    for (const [what, changed] of tampered) {
      assert.throws(() => authenticate(changed), AuthFailure, `a change to ${what} was accepted`);
    }
  });

  it('refuses a body change that only the signature itself can catch (no X-Amz-Content-Sha256, as botocore signs)', async () => {
    const req = await jsonPost({ applyChecksum: false, sessionToken: undefined });
    assert.equal(headerValue(req, 'x-amz-content-sha256'), undefined);
    authenticate(req);
    const body = Buffer.from(req.body);
    body[10] = (body[10] as number) ^ 1;
    assertRefused({ ...req, body }, options(), { kind: 'signature', message: SIGNATURE_MISMATCH });
  });

  it('refuses a change to any element of a presigned URL', async () => {
    const req = await presignedGet({ sessionToken: SESSION_TOKEN });
    authenticate(req, options('sts'));
    const tampered: [string, ReceivedRequest][] = [
      ['method', { ...req, method: 'POST' }],
      ['path', { ...req, rawUrl: req.rawUrl.replace('/?', '/x?') }],
      ['host', replaceHeader(req, 'host', 'evil.example:4566')],
      ['an added parameter', { ...req, rawUrl: `${req.rawUrl}&Action=AssumeRole` }],
    ];
    for (let i = 0; i < queryPairCount(req); i++) {
      tampered.push([`query pair ${i}'s value`, mutateQuery(req, i, (pair) => (pair.endsWith('0') ? `${pair.slice(0, -1)}1` : `${pair.slice(0, -1)}0`))]);
      tampered.push([`query pair ${i} removed`, mutateQuery(req, i, () => undefined)]);
    }
    for (const [what, changed] of tampered) {
      assert.throws(() => authenticate(changed, options('sts')), AuthFailure, `a change to ${what} was accepted`);
    }
  });
});

describe('headers that must be signed', () => {
  it("refuses a request whose SignedHeaders leave out host, with AWS's message", async () => {
    const req = await jsonPost();
    const auth = headerValue(req, 'authorization') as string;
    assertRefused(replaceHeader(req, 'authorization', auth.replace(';host;', ';')), options(), {
      kind: 'signature',
      message: "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.",
    });
  });

  for (const [name, value] of [
    ['X-Amz-Target', 'AmazonSSM.DeleteParameter'],
    ['X-Amz-Security-Token', SESSION_TOKEN],
    ['X-Amz-Content-Sha256', sha256Hex('{}')],
    ['X-Amz-Date', '20240309T235930Z'],
    ['X-Amz-Anything', 'x'],
  ] as const) {
    it(`refuses an unsigned ${name} header`, async () => {
      // Signed without the header (and, for X-Amz-Date, with the Date header as the request time).
      const base =
        name === 'X-Amz-Date'
          ? dateHeaderSigned(['content-type', 'date', 'host'])
          : await sdkSigned({ body: '{}', applyChecksum: false, headers: { 'content-type': 'application/x-amz-json-1.1' } });
      authenticate(base);
      assertRefused(withHeader(base, name, value), options(), {
        kind: 'incomplete',
        message: `There were headers present in the request which were not signed: ${name.toLowerCase()}.`,
      });
    });
  }

  it('refuses a duplicate Host header even when each value is the signed one', async () => {
    const req = await jsonPost();
    assertRefused(withHeader(req, 'Host', headerValue(req, 'host') as string), options(), { kind: 'incomplete' });
  });

  it('accepts the Date header as the request time when it is signed, and refuses it unsigned', () => {
    authenticate(dateHeaderSigned(['content-type', 'date', 'host']));
    assertRefused(dateHeaderSigned(['content-type', 'host']), options(), { kind: 'incomplete', message: /'Date' must be a 'SignedHeader'/ });
  });
});

/** A request timed by its Date header alone (no X-Amz-Date), signed with our own primitives. */
function dateHeaderSigned(signedHeaders: string[]): ReceivedRequest {
  const base: ReceivedRequest = {
    method: 'POST',
    rawUrl: '/',
    rawHeaders: ['Host', 'localhost:4566', 'Date', 'Sat, 09 Mar 2024 23:59:30 GMT', 'Content-Type', 'application/x-amz-json-1.1'],
    body: Buffer.from('{}'),
  };
  const scope = { date: '20240309', region: 'eu-west-1', service: 'ssm', terminator: 'aws4_request' };
  const creq = canonicalRequest(base, signedHeaders, sha256Hex(base.body), 'header');
  const signature = signatureHex(signingKey(SECRET, scope.date, scope.region, scope.service), stringToSign('20240309T235930Z', credentialScope(scope), creq));
  return withHeader(base, 'Authorization', `AWS4-HMAC-SHA256 Credential=${ACCESS_KEY_ID}/${credentialScope(scope)}, SignedHeaders=${signedHeaders.join(';')}, Signature=${signature}`);
}

describe('malformed signatures, compared in constant time', () => {
  it('refuses signatures of the wrong length or shape with the mismatch message, throwing nothing else', async () => {
    const req = await jsonPost();
    const auth = headerValue(req, 'authorization') as string;
    const right = /Signature=(\w+)/.exec(auth)?.[1] as string;
    for (const wrong of [right.slice(1), `${right}0`, right + right, right.toUpperCase(), 'g'.repeat(64), 'é'.repeat(64), '0']) {
      assertRefused(replaceHeader(req, 'authorization', auth.replace(right, wrong)), options(), { kind: 'signature', message: SIGNATURE_MISMATCH });
    }
  });

  it('refuses a hand-built presented signature of any length without reaching timingSafeEqual', async () => {
    const req = await jsonPost();
    const presented = presentedSignature(req);
    for (const signature of ['', 'a', 'a'.repeat(63), 'a'.repeat(65), 'a'.repeat(10_000)]) {
      assert.throws(() => verifySignature(req, { ...presented, signature }, SECRET, options()), AuthFailure);
    }
    assert.equal(signaturesEqual('a'.repeat(64), 'a'.repeat(63)), false);
    assert.equal(signaturesEqual('a'.repeat(64), 'a'.repeat(64)), true);
  });
});

describe('scope binding', () => {
  it("refuses a signature scoped to another service, with AWS's message", async () => {
    const req = await jsonPost({ service: 'kms' });
    assertRefused(req, options('ssm'), { kind: 'signature', message: "Credential should be scoped to correct service: 'ssm'." });
  });

  it('refuses an upper-case or otherwise implausible region', async () => {
    for (const region of ['EU-WEST-1', 'eu_west_1', '-eu', 'x'.repeat(65)]) {
      const req = await jsonPost({ region });
      assertRefused(req, options(), { kind: 'signature', message: `Credential should be scoped to a valid region, not '${region}'.` });
    }
  });

  it('reports every scope fault at once, in AWS order', async () => {
    const req = await jsonPost();
    const auth = headerValue(req, 'authorization') as string;
    const bad = auth.replace('/20240309/eu-west-1/ssm/aws4_request', '/b/C/d/e');
    assertRefused(replaceHeader(req, 'authorization', bad), options(), {
      message:
        "Credential should be scoped to a valid region, not 'C'. Credential should be scoped to correct service: 'ssm'. " +
        "Credential should be scoped with a valid terminator: 'aws4_request', not 'e'. Date in Credential scope does not match " +
        "YYYYMMDD from ISO-8601 version of date from HTTP: 'b' != '20240309', from '20240309T235930Z'.",
    });
  });
});

describe('payload hash', () => {
  it('refuses a signed X-Amz-Content-Sha256 that is not the hash of the body', async () => {
    const req = await jsonPost({ headers: { 'x-amz-content-sha256': sha256Hex('{"other":"body"}') } });
    assertRefused(req, options(), { kind: 'signature', message: "The provided 'x-amz-content-sha256' header does not match what was computed." });
  });

  it('refuses the hash in upper-case hex', async () => {
    const req = await jsonPost({ body: '{}', headers: { 'x-amz-content-sha256': sha256Hex('{}').toUpperCase() } });
    assertRefused(req, options(), { kind: 'signature' });
  });

  for (const mode of ['UNSIGNED-PAYLOAD', 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD', 'STREAMING-UNSIGNED-PAYLOAD-TRAILER', 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER']) {
    it(`refuses ${mode}, even correctly signed`, async () => {
      const req = await jsonPost({ headers: { 'x-amz-content-sha256': mode } });
      assertRefused(req, options(), { kind: 'signature', message: /is not supported: this service signs every payload/ });
    });
  }
});

describe('source hygiene: signatures are compared in constant time only', () => {
  it('never compares a signature with ===, !== or Buffer.equals', async () => {
    const { readFile, readdir } = await import('node:fs/promises');
    const dir = new URL('.', import.meta.url);
    for (const file of (await readdir(dir)).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))) {
      const source = await readFile(new URL(file, dir), 'utf8');
      assert.doesNotMatch(source, /signature\w*\s*[!=]==|[!=]==\s*\w*\.?signature|\.equals\(/i, file);
    }
  });
});
