// The console's signer against the AWS SDK's own (@smithy/signature-v4): same request, same
// credentials and clock, same Authorization header.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SignatureV4 } from '@smithy/signature-v4';
import { Hash } from '@smithy/hash-node';
import { signRequest } from './sigv4.js';

const credentials = { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
const now = new Date('2026-12-07T09:30:00Z');

async function sdkAuthorization(body: string, headers: Record<string, string>, creds: typeof credentials & { sessionToken?: string }, query: Record<string, string> = {}) {
  const signer = new SignatureV4({ service: 'ssm', region: 'eu-west-1', credentials: creds, sha256: Hash.bind(null, 'sha256'), applyChecksum: false });
  const signed = await signer.sign(
    { method: 'POST', protocol: 'http:', hostname: '127.0.0.1', port: 4566, path: '/', query, headers: { ...headers, host: '127.0.0.1:4566' }, body },
    { signingDate: now },
  );
  return signed.headers['authorization'];
}

test('signs a JSON request exactly as the SDK does', async () => {
  const body = JSON.stringify({ Name: '/goecssample/database/sample/master/password', WithDecryption: true });
  const headers = { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AmazonSSM.GetParameter' };
  const ours = await signRequest({ method: 'POST', url: new URL('http://127.0.0.1:4566/'), headers, body, region: 'eu-west-1', service: 'ssm', credentials, now });
  assert.equal(ours['authorization'], await sdkAuthorization(body, headers, credentials));
  assert.equal(ours['x-amz-date'], '20261207T093000Z');
});

test('signs the session token of temporary credentials', async () => {
  const temporary = { ...credentials, sessionToken: 'FwoGZXIvYXdzE+token/with=chars' };
  const body = 'Action=GetCallerIdentity&Version=2011-06-15';
  const headers = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };
  const ours = await signRequest({ method: 'POST', url: new URL('http://127.0.0.1:4566/'), headers, body, region: 'eu-west-1', service: 'ssm', credentials: temporary, now });
  assert.equal(ours['x-amz-security-token'], temporary.sessionToken);
  assert.equal(ours['authorization'], await sdkAuthorization(body, headers, temporary));
});

test('signs a query string in canonical order', async () => {
  const ours = await signRequest({ method: 'POST', url: new URL("http://127.0.0.1:4566/?b=2&a=1&c=x y!'"), headers: {}, body: '', region: 'eu-west-1', service: 'ssm', credentials, now });
  assert.equal(ours['authorization'], await sdkAuthorization('', {}, credentials, { b: '2', a: '1', c: "x y!'" }));
});
