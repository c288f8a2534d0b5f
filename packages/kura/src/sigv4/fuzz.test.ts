// Property tests over random and mutated authentication data. Whatever arrives, the
// verifier answers with an AuthFailure or an acceptance, never another exception; nothing random
// is accepted; and a mutated request is accepted only if it canonicalizes to the request signed.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { canonicalQueryString, canonicalRequest, canonicalUri } from './canonical-request.js';
import { sha256Hex } from './encoding.js';
import { presentedSignature } from './parse-authorization.js';
import { ACCESS_KEY_ID, options, SECRET, sdkPresigned, sdkSigned, SESSION_TOKEN, SIGNED_AT } from './testing/kit.js';
import { AuthFailure, type ReceivedRequest } from './types.js';
import { verifySignature } from './verify.js';

// SIGV4_FUZZ_RUNS=50000 for a deeper run than the default one CI can afford on every push.
const RUNS = Number(process.env.SIGV4_FUZZ_RUNS ?? 600);

/**
 * Outcome of the gateway's steps, its key lookup modelled: only ACCESS_KEY_ID has SECRET, any
 * other key id has a secret of its own. Any exception but AuthFailure fails the property.
 */
function outcome(req: ReceivedRequest, service = 'ssm', now = SIGNED_AT): 'accepted' | 'refused' {
  try {
    const presented = presentedSignature(req);
    const secret = presented.accessKeyId === ACCESS_KEY_ID ? SECRET : `${SECRET}:${presented.accessKeyId}`;
    verifySignature(req, presented, secret, options(service, now));
    return 'accepted';
  } catch (error) {
    if (error instanceof AuthFailure) return 'refused';
    throw error;
  }
}

// What node can hand over: header values are latin1 strings (tab, SP, VCHAR and obs-text).
const latin1Char = fc.oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.integer({ min: 0x80, max: 0xff }), fc.constant(0x09)).map((c) => String.fromCharCode(c));
const latin1 = (maxLength = 80): fc.Arbitrary<string> => fc.string({ unit: latin1Char, maxLength });
const piece = fc.oneof(
  latin1(20),
  fc.constantFrom('AWS4-HMAC-SHA256', 'Credential=', 'SignedHeaders=', 'Signature=', ', ', ',', '/', ';', '=', ' ', 'aws4_request', 'host', 'x-amz-date', '20240309', 'eu-west-1', 'ssm', 'AKIAKURATEST0000001', 'a'.repeat(64), '%', '%2F', '&', 'X-Amz-'),
);
const soup = fc.array(piece, { maxLength: 14 }).map((parts) => parts.join(''));
const headerName = fc.oneof(
  fc.constantFrom('Host', 'host', 'Authorization', 'X-Amz-Date', 'Date', 'X-Amz-Security-Token', 'X-Amz-Target', 'X-Amz-Content-Sha256', 'Content-Type', 'x-amz-foo'),
  fc.stringMatching(/^[A-Za-z0-9-]{1,12}$/),
);
const headerValue = fc.oneof(soup, fc.constantFrom('20240309T235930Z', 'Sat, 09 Mar 2024 23:59:30 GMT', 'localhost:4566', 'UNSIGNED-PAYLOAD', sha256Hex('')));
const rawHeaders = fc.array(fc.tuple(headerName, headerValue), { maxLength: 8 }).map((pairs) => pairs.flat());
const queryName = fc.oneof(
  fc.constantFrom('X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Date', 'X-Amz-Expires', 'X-Amz-SignedHeaders', 'X-Amz-Signature', 'X-Amz-Security-Token', 'Action'),
  soup,
);
const rawQuery = fc.array(fc.tuple(queryName, soup), { maxLength: 8 }).map((pairs) => pairs.map(([k, v]) => `${k}=${v}`).join('&'));
const rawUrl = fc.tuple(fc.oneof(fc.constant('/'), soup.map((s) => `/${s}`)), rawQuery).map(([path, query]) => (query ? `${path}?${query}` : path));
const method = fc.constantFrom('POST', 'GET', 'PUT', 'post', '');
const body = fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes));

describe('fuzzing', () => {
  it('answers random requests only with AuthFailure, and accepts none', () => {
    fc.assert(
      fc.property(method, rawUrl, rawHeaders, soup, body, (m, url, headers, authorization, b) => {
        const req = { method: m, rawUrl: url, rawHeaders: [...headers, 'Authorization', authorization], body: b };
        assert.equal(outcome(req), 'refused');
      }),
      { numRuns: RUNS },
    );
  });

  it('answers structured but random Authorization headers only with AuthFailure, and accepts none', () => {
    const component = fc.oneof(
      fc.tuple(fc.array(soup, { maxLength: 7 }), fc.boolean()).map(([parts, good]) => `Credential=${good ? 'AKIAKURATEST0000001/20240309/eu-west-1/ssm/aws4_request' : parts.join('/')}`),
      fc.array(fc.constantFrom('host', 'x-amz-date', 'content-type', 'x-amz-target', 'Host', ''), { maxLength: 5 }).map((names) => `SignedHeaders=${names.join(';')}`),
      fc.oneof(fc.stringMatching(/^[0-9a-f]{64}$/), soup).map((sig) => `Signature=${sig}`),
      soup,
    );
    const authorization = fc.tuple(fc.constantFrom('AWS4-HMAC-SHA256 ', 'AWS4-HMAC-SHA256', 'aws4-hmac-sha256 ', ' AWS4-HMAC-SHA256  '), fc.array(component, { maxLength: 5 }), fc.constantFrom(', ', ',', ' , '))
      .map(([algorithm, parts, separator]) => algorithm + parts.join(separator));
    fc.assert(
      fc.property(authorization, rawHeaders, (auth, headers) => {
        const req = { method: 'POST', rawUrl: '/', rawHeaders: ['Host', 'localhost:4566', 'X-Amz-Date', '20240309T235930Z', ...headers, 'Authorization', auth], body: Buffer.from('{}') };
        assert.equal(outcome(req), 'refused');
      }),
      { numRuns: RUNS },
    );
  });

  it('answers random presigned query strings only with AuthFailure, and accepts none', () => {
    const value = fc.oneof(soup, fc.constantFrom('AWS4-HMAC-SHA256', 'AKIAKURATEST0000001%2F20240309%2Feu-west-1%2Fssm%2Faws4_request', '20240309T235930Z', '900', 'host', 'a'.repeat(64)));
    const name = fc.constantFrom('X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Date', 'X-Amz-Expires', 'X-Amz-SignedHeaders', 'X-Amz-Signature', 'X-Amz-Security-Token', 'Action');
    const query = fc.array(fc.tuple(name, value), { minLength: 1, maxLength: 10 }).map((pairs) => `X-Amz-Algorithm=AWS4-HMAC-SHA256&${pairs.map(([k, v]) => `${k}=${v}`).join('&')}`);
    fc.assert(
      fc.property(query, rawHeaders, (q, headers) => {
        assert.equal(outcome({ method: 'GET', rawUrl: `/?${q}`, rawHeaders: ['Host', 'localhost:4566', ...headers], body: Buffer.alloc(0) }), 'refused');
      }),
      { numRuns: RUNS },
    );
  });

  it('accepts a mutated signed request only when it canonicalizes to the very request signed', async () => {
    const signed = await sdkSigned({ query: { Name: 'a b+c', List: ['x', '~'] }, headers: { 'x-amz-target': 'AmazonSSM.GetParameter', 'content-type': 'application/x-amz-json-1.1' }, body: '{"Name":"a"}', sessionToken: SESSION_TOKEN });
    const presigned = await sdkPresigned({ service: 'ssm', query: { Action: 'GetCallerIdentity', Extra: 'a b' } });
    const canonical = (req: ReceivedRequest): string => {
      const presented = presentedSignature(req);
      return [canonicalRequest(req, presented.signedHeaders, sha256Hex(req.body), presented.form), JSON.stringify(presented)].join('\n');
    };
    const mutate = (text: string, at: number, cut: number, insert: string): string => {
      const i = text.length === 0 ? 0 : at % (text.length + 1);
      return text.slice(0, i) + insert + text.slice(i + cut);
    };
    const mutation = fc.record({ target: fc.nat(), at: fc.nat(), cut: fc.nat({ max: 3 }), insert: fc.oneof(latin1(3), fc.constantFrom('%', '%2', '%20', '+', '&', '=', ',', ' ', '/', '.', '..', ';')) });
    for (const original of [signed, presigned]) {
      const before = canonical(original);
      fc.assert(
        fc.property(mutation, ({ target, at, cut, insert }) => {
          const req = { ...original, rawHeaders: [...original.rawHeaders] };
          const slot = target % (req.rawHeaders.length / 2 + 2);
          if (slot === 0) req.rawUrl = mutate(req.rawUrl, at, cut, insert);
          else if (slot === 1) req.body = Buffer.from(mutate(req.body.toString('latin1'), at, cut, insert), 'latin1');
          else req.rawHeaders[(slot - 2) * 2 + 1] = mutate(req.rawHeaders[(slot - 2) * 2 + 1] as string, at, cut, insert);
          if (outcome(req) === 'accepted') assert.equal(canonical(req), before);
        }),
        { numRuns: RUNS * 2 },
      );
    }
  });

  it('canonicalizes any path or query string without throwing, to ASCII', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), fc.boolean(), (text, exclude) => {
        assert.match(canonicalUri(text), /^\/[\x21-\x7e]*$/);
        assert.match(canonicalQueryString(text, exclude), /^[\x21-\x7e]*$/);
      }),
      { numRuns: RUNS },
    );
  });
});
