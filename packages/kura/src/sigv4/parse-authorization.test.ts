// What a caller presented: both forms, AWS's messages for malformed ones, and refusal of the
// ambiguous (two signatures, repeated Host or X-Amz-* headers, repeated query parameters).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { presentedSignature } from './parse-authorization.js';
import {
  assertRefused,
  authenticate,
  headerValue,
  replaceHeader,
  sdkPresigned,
  sdkSigned,
  SESSION_TOKEN,
  withHeader,
  withoutHeader,
} from './testing/kit.js';
import { AuthFailure, type AuthFailureKind, type ReceivedRequest } from './types.js';

function refusedAtParse(req: ReceivedRequest, kind: AuthFailureKind, message?: string | RegExp): void {
  assert.throws(
    () => presentedSignature(req),
    (error: unknown) => {
      assert.ok(error instanceof AuthFailure, String(error));
      assert.equal(error.kind, kind, error.message);
      if (typeof message === 'string') assert.equal(error.message, message);
      else if (message) assert.match(error.message, message);
      return true;
    },
  );
}

const bare = (rawHeaders: string[], rawUrl = '/'): ReceivedRequest => ({ method: 'POST', rawUrl, rawHeaders, body: Buffer.alloc(0) });
const DATE = ['Host', 'localhost', 'X-Amz-Date', '20240309T235930Z'];
const SIG = 'a'.repeat(64);
const GOOD_AUTH = `AWS4-HMAC-SHA256 Credential=AKID/20240309/eu-west-1/ssm/aws4_request, SignedHeaders=host;x-amz-date, Signature=${SIG}`;

describe('reading the Authorization header', () => {
  it('calls a request with no Authorization header and no X-Amz-Algorithm missing authentication', () => {
    refusedAtParse(bare(DATE), 'missing', 'Request is missing Authentication Token');
    refusedAtParse(bare(DATE, '/?X-Amz-Credential=x'), 'missing');
  });

  it('lists every missing part and quotes the header back, as AWS does', () => {
    refusedAtParse(
      bare(['Host', 'localhost', 'Authorization', 'AWS4-HMAC-SHA256']),
      'incomplete',
      "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. " +
        "Authorization header requires 'SignedHeaders' parameter. Authorization header requires existence of either a " +
        "'X-Amz-Date' or a 'Date' header. Authorization=AWS4-HMAC-SHA256",
    );
    refusedAtParse(bare([...DATE, 'Authorization', 'Bearer abc']), 'incomplete');
    refusedAtParse(bare([...DATE, 'Authorization', '']), 'incomplete', /requires 'Credential' parameter/);
    refusedAtParse(
      bare(['Host', 'localhost', 'Authorization', GOOD_AUTH]),
      'incomplete',
      `Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=${GOOD_AUTH}`,
    );
  });

  it('reads the components in any order, separated by ", " or "," or " , "', async () => {
    const req = await sdkSigned({ body: '{}', headers: { 'x-amz-target': 'AmazonSSM.GetParameter' } });
    const original = headerValue(req, 'authorization') as string;
    const [, credential, signedHeaders, signature] = /^AWS4-HMAC-SHA256 (Credential=[^,]+), (SignedHeaders=[^,]+), (Signature=\w+)$/.exec(original) ?? [];
    assert.ok(credential && signedHeaders && signature);
    const orders = [
      [credential, signedHeaders, signature],
      [signature, credential, signedHeaders],
      [signedHeaders, signature, credential],
    ];
    for (const order of orders) {
      for (const separator of [', ', ',', ' , ', ',\t']) {
        const variant = replaceHeader(req, 'authorization', `AWS4-HMAC-SHA256 ${order.join(separator)}`);
        assert.deepEqual(presentedSignature(variant), presentedSignature(req));
        authenticate(variant);
      }
    }
  });

  it('names a component without "=" the way AWS does', () => {
    const auth = `AWS4-HMAC-SHA256 Signature=b,    Credential,    SignedHeaders=host`;
    refusedAtParse(
      bare([...DATE, 'Authorization', auth]),
      'incomplete',
      `'Credential' not a valid key=value pair (missing equal-sign) in Authorization header: '${auth}'.`,
    );
  });

  it('refuses a component given twice', () => {
    refusedAtParse(bare([...DATE, 'Authorization', `${GOOD_AUTH}, Signature=${'b'.repeat(64)}`]), 'incomplete', /more than one 'Signature'/);
  });

  it('refuses any algorithm but AWS4-HMAC-SHA256', () => {
    for (const algorithm of ['AWS4-HMAC-SHA512', 'AWS4-ECDSA-P256-SHA256', 'aws4-hmac-sha256', 'AWS3']) {
      refusedAtParse(
        bare([...DATE, 'Authorization', GOOD_AUTH.replace('AWS4-HMAC-SHA256', algorithm)]),
        'incomplete',
        `Unsupported AWS 'algorithm': '${algorithm}' (only AWS4-HMAC-SHA256 for now).`,
      );
    }
  });

  it('refuses a credential without exactly five parts, with AWS message', () => {
    refusedAtParse(
      bare([...DATE, 'Authorization', GOOD_AUTH.replace('AKID/20240309/eu-west-1/ssm/aws4_request', 'AKID/20240309/ssm/aws4_request')]),
      'incomplete',
      "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got 'AKID/20240309/ssm/aws4_request'",
    );
    refusedAtParse(bare([...DATE, 'Authorization', GOOD_AUTH.replace('AKID/', '/')]), 'invalid-token');
  });

  it('refuses a SignedHeaders list that is not sorted, distinct and lower-case', () => {
    for (const list of ['x-amz-date;host', 'host;host;x-amz-date', 'Host;x-amz-date', 'host;;x-amz-date', 'host; x-amz-date']) {
      refusedAtParse(bare([...DATE, 'Authorization', GOOD_AUTH.replace('host;x-amz-date', list)]), 'incomplete', /SignedHeaders must list/);
    }
  });

  it('refuses an X-Amz-Date that is not ISO 8601 basic format, with AWS message', () => {
    for (const value of ['2024-03-09T23:59:30Z', '20240230T000000Z', '20240309T235930', '201']) {
      refusedAtParse(
        bare(['Host', 'localhost', 'X-Amz-Date', value, 'Authorization', GOOD_AUTH]),
        'incomplete',
        `Date must be in ISO-8601 'basic format'. Got '${value}'. See http://en.wikipedia.org/wiki/ISO_8601`,
      );
    }
  });

  it('takes the request time from the Date header when there is no X-Amz-Date', () => {
    const presented = presentedSignature(bare(['Host', 'localhost', 'Date', 'Sat, 09 Mar 2024 23:59:30 GMT', 'Authorization', GOOD_AUTH]));
    assert.equal(presented.requestTime.toISOString(), '2024-03-09T23:59:30.000Z');
    refusedAtParse(bare(['Host', 'localhost', 'Date', 'Sun, 09 Mar 2024 23:59:30 GMT', 'Authorization', GOOD_AUTH]), 'incomplete');
  });
});

describe('ambiguous requests', () => {
  it('refuses a request that carries both an Authorization header and query-string authentication', async () => {
    const presigned = await sdkPresigned({ query: { Action: 'GetCallerIdentity' } });
    refusedAtParse(
      withHeader(presigned, 'Authorization', GOOD_AUTH),
      'incomplete',
      "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header.",
    );
    refusedAtParse(bare([...DATE, 'Authorization', GOOD_AUTH], `/?X-Amz-Signature=${SIG}`), 'incomplete');
  });

  it('refuses a repeated Host, Authorization, Date or X-Amz-* header', async () => {
    const req = await sdkSigned({ body: '{}', headers: { 'x-amz-target': 'AmazonSSM.GetParameter' }, sessionToken: SESSION_TOKEN });
    refusedAtParse(withHeader(req, 'Host', 'evil.example'), 'incomplete', "The request carries more than one 'host' header.");
    refusedAtParse(withHeader(req, 'host', headerValue(req, 'host') as string), 'incomplete');
    for (const name of ['authorization', 'x-amz-date', 'x-amz-target', 'x-amz-security-token', 'x-amz-content-sha256', 'Date']) {
      const value = headerValue(req, name.toLowerCase()) ?? 'Sat, 09 Mar 2024 23:59:30 GMT';
      const twice = name === 'Date' ? withHeader(withHeader(req, name, value), name, value) : withHeader(req, name.toUpperCase(), value);
      refusedAtParse(twice, 'incomplete');
    }
  });

  it('refuses a session token given both as a header and as a query parameter', async () => {
    const presigned = await sdkPresigned({ query: { Action: 'GetCallerIdentity' }, sessionToken: SESSION_TOKEN });
    refusedAtParse(withHeader(presigned, 'X-Amz-Security-Token', SESSION_TOKEN), 'incomplete');
  });

  it('refuses an empty session token as an invalid one rather than reading it as none', async () => {
    const req = await sdkSigned({ body: '{}', sessionToken: SESSION_TOKEN });
    refusedAtParse(replaceHeader(req, 'x-amz-security-token', ''), 'invalid-token');
  });
});

describe('reading a presigned URL', () => {
  const base = async (): Promise<ReceivedRequest> => sdkPresigned({ service: 'sts', query: { Action: 'GetCallerIdentity' } });
  const setParam = (req: ReceivedRequest, name: string, value: string | undefined): ReceivedRequest => {
    const [path, query = ''] = req.rawUrl.split('?');
    const kept = query.split('&').filter((pair) => !pair.startsWith(`${name}=`));
    if (value !== undefined) kept.push(`${name}=${value}`);
    return { ...req, rawUrl: `${path}?${kept.join('&')}` };
  };

  it('lists every missing parameter, as AWS does', async () => {
    refusedAtParse(
      bare(['Host', 'localhost'], '/?X-Amz-Algorithm=AWS4-HMAC-SHA256'),
      'incomplete',
      "AWS query-string parameters must include 'X-Amz-Credential'. AWS query-string parameters must include 'X-Amz-Signature'. " +
        "AWS query-string parameters must include 'X-Amz-SignedHeaders'. AWS query-string parameters must include 'X-Amz-Date'. " +
        "AWS query-string parameters must include 'X-Amz-Expires'. Re-examine the query-string parameters.",
    );
    refusedAtParse(setParam(await base(), 'X-Amz-Expires', undefined), 'incomplete', /must include 'X-Amz-Expires'/);
  });

  it('accepts X-Amz-Expires from 1 to 604800 seconds and refuses anything else', async () => {
    const req = await base();
    assert.equal(presentedSignature(setParam(req, 'X-Amz-Expires', '1')).expiresSeconds, 1);
    assert.equal(presentedSignature(setParam(req, 'X-Amz-Expires', '604800')).expiresSeconds, 604800);
    refusedAtParse(setParam(req, 'X-Amz-Expires', '0'), 'incomplete', "X-Amz-Expires must be at least 1 second, got '0'.");
    refusedAtParse(
      setParam(req, 'X-Amz-Expires', '604801'),
      'incomplete',
      'X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires must be less than 604800 seconds',
    );
    for (const value of ['-1', '1.5', 'abc', '1e3', '%201']) {
      refusedAtParse(setParam(req, 'X-Amz-Expires', value), 'incomplete', 'X-Amz-Expires should be a number');
    }
  });

  it('refuses a repeated authentication parameter', async () => {
    const req = await base();
    const credential = /X-Amz-Credential=([^&]+)/.exec(req.rawUrl)?.[1] as string;
    refusedAtParse({ ...req, rawUrl: `${req.rawUrl}&X-Amz-Credential=${credential}` }, 'incomplete', /appears more than once/);
  });

  it('still answers a missing Host header with an AuthFailure', async () => {
    assertRefused(withoutHeader(await base(), 'host'), { service: 'sts', now: new Date('2024-03-09T23:59:30Z') });
  });
});
