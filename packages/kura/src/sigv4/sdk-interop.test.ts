// Interoperability: requests signed by the AWS SDK v3 signer (@smithy/signature-v4) as SDK v3
// sends them for the JSON protocol (SSM/KMS), the Query protocol (IAM/STS) and presigned URLs, with
// the characters that break naive canonicalizers (space, +, ~, %, =, non-ASCII).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { presentedSignature } from './parse-authorization.js';
import { authenticate, options, sdkPresigned, sdkSigned, SESSION_TOKEN } from './testing/kit.js';

const AWKWARD = 'a b+c~d%e=f&g/h?ü€😀';

function jsonHeaders(target: string): Record<string, string> {
  // The headers SDK v3 adds before signing; it signs all of them.
  return {
    'content-type': 'application/x-amz-json-1.1',
    'x-amz-target': target,
    'x-amz-user-agent': 'aws-sdk-js/3.1169.0',
    'amz-sdk-invocation-id': '0b4c2b0e-4a57-4bde-9bd5-6d0c8a6c6f0e',
    'amz-sdk-request': 'attempt=1; max=3',
    'user-agent': 'aws-sdk-js/3.1169.0 ua/2.1 os/linux lang/js md/nodejs#20.20.2',
  };
}

describe('requests signed by the SDK v3 signer', () => {
  it('accepts a JSON POST with X-Amz-Target and an awkward body', async () => {
    const body = JSON.stringify({ Name: `/app/${AWKWARD}`, Value: `${AWKWARD} \\" \n`, Type: 'SecureString' });
    const req = await sdkSigned({ headers: jsonHeaders('AmazonSSM.PutParameter'), body });
    const presented = presentedSignature(req);
    assert.equal(presented.form, 'header');
    assert.ok(presented.signedHeaders.includes('x-amz-target'));
    assert.ok(presented.signedHeaders.includes('x-amz-content-sha256'));
    assert.equal(presented.sessionToken, undefined);
    authenticate(req);
  });

  it('accepts a JSON POST signed with session credentials, and reads the token', async () => {
    const req = await sdkSigned({ headers: jsonHeaders('TrentService.Encrypt'), body: '{"KeyId":"alias/x"}', service: 'kms', sessionToken: SESSION_TOKEN });
    const presented = presentedSignature(req);
    assert.equal(presented.sessionToken, SESSION_TOKEN);
    assert.ok(presented.signedHeaders.includes('x-amz-security-token'));
    authenticate(req, options('kms'));
  });

  it('accepts a Query-protocol form POST with awkward parameter values', async () => {
    const form = new URLSearchParams({ Action: 'CreateUser', Version: '2010-05-08', UserName: AWKWARD, 'Tags.member.1.Value': '~ + %20 ü' });
    const body = form.toString();
    const req = await sdkSigned({ service: 'iam', region: 'us-east-1', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
    authenticate(req, options('iam'));
  });

  it('accepts a request with an awkward query string and an endpoint path prefix', async () => {
    const req = await sdkSigned({
      path: '/kura%20prefix/~a%2Bb%25',
      query: { [AWKWARD]: AWKWARD, empty: '', repeated: ['z', 'a b', 'A'], 'key+plus': '=' },
      headers: jsonHeaders('AmazonSSM.GetParameter'),
      body: '{}',
    });
    authenticate(req);
  });

  it('accepts a presigned GET (GetCallerIdentity) with awkward parameters', async () => {
    const req = await sdkPresigned({
      service: 'sts',
      region: 'us-east-1',
      query: { Action: 'GetCallerIdentity', Version: '2011-06-15', Extra: AWKWARD },
      headers: { 'x-k8s-aws-id': 'my cluster' },
    });
    const presented = presentedSignature(req);
    assert.equal(presented.form, 'query');
    assert.equal(presented.expiresSeconds, 900);
    assert.deepEqual(presented.signedHeaders, ['host', 'x-k8s-aws-id']);
    authenticate(req, options('sts'));
  });

  it('accepts a presigned GET made with session credentials, and reads the token from the query', async () => {
    const req = await sdkPresigned({
      service: 'sts',
      query: { Action: 'GetCallerIdentity', Version: '2011-06-15' },
      sessionToken: SESSION_TOKEN,
    });
    assert.equal(presentedSignature(req).sessionToken, SESSION_TOKEN);
    authenticate(req, options('sts'));
  });

  it('accepts a presigned URL for its whole lifetime, from the signing second on', async () => {
    const req = await sdkPresigned({ service: 'sts', query: { Action: 'GetCallerIdentity', Version: '2011-06-15' }, expiresIn: 3600 });
    const signedAt = new Date('2024-03-09T23:59:30Z').getTime();
    authenticate(req, options('sts', new Date(signedAt)));
    authenticate(req, options('sts', new Date(signedAt + 3600 * 1000)));
  });
});
