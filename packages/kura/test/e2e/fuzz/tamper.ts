// The SigV4 tamper matrix on the wire: from one correctly signed request, every variant an attacker
// could make by changing, removing, adding or doubling one signed element. Each must be refused
// before anything runs. (src/sigv4/verify.test.ts proves the same of the verifier alone; this
// proves it of the whole server: node's parser, the HTTP adapter, routing and the gateway.)

import { createHash } from 'node:crypto';
import { headerOf, withHeaderValue, type WireRequest } from './sign.js';

export type Variant = [label: string, request: WireRequest];

const flip = (c: string) => (c === '0' ? '1' : '0');

/** The body with one byte's lowest bit flipped (ASCII stays ASCII, the length stays the same). */
function xorByte(body: Buffer, at: number): Buffer {
  if (body.length === 0) return Buffer.from('x');
  body[at] = (body[at] as number) ^ 1;
  return body;
}

/** `Authorization` rewritten by `change`. */
function withAuthorization(request: WireRequest, change: (auth: string) => string): WireRequest {
  const auth = headerOf(request.headers, 'authorization') ?? '';
  return { ...request, headers: withHeaderValue(request.headers, 'authorization', change(auth)) };
}

/** Variants of a request signed in the Authorization header. `otherKeyId` is another real key id. */
export function headerSignedVariants(request: WireRequest, otherKeyId: string, otherTarget?: string): Variant[] {
  const auth = headerOf(request.headers, 'authorization') ?? '';
  const signed = /SignedHeaders=([^,\s]+)/.exec(auth)?.[1]?.split(';') ?? [];
  const date = headerOf(request.headers, 'x-amz-date') ?? '';
  const shiftDate = (seconds: number) => {
    const t = new Date(Date.UTC(+date.slice(0, 4), +date.slice(4, 6) - 1, +date.slice(6, 8), +date.slice(9, 11), +date.slice(11, 13), +date.slice(13, 15)) + seconds * 1000);
    return t.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  };
  const body = (change: (b: Buffer) => Buffer): WireRequest => {
    const changed = change(Buffer.from(request.body));
    return { ...request, body: changed, headers: withHeaderValue(request.headers, 'content-length', String(changed.length)) };
  };
  const scope = /Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/(aws4_request)/.exec(auth);
  const [, keyId = '', day = '', region = '', service = ''] = scope ?? [];
  const variants: Variant[] = [
    ['the method', { ...request, method: 'PUT' }],
    ['the path', { ...request, path: '/x' }],
    // (A doubled slash is no tamper: SigV4 normalizes `//` to `/` for every service but S3, as AWS does.)
    ['the path, a segment added', { ...request, path: '/./x/' }],
    ['an added query parameter', { ...request, path: `${request.path}${request.path.includes('?') ? '&' : '?'}Extra=1` }],
    ['a middle body byte', body((b) => xorByte(b, b.length >> 1))],
    ['the last body byte', body((b) => xorByte(b, b.length - 1))],
    ['the body extended (Content-Length to match)', body((b) => Buffer.concat([b, Buffer.from(' ')]))],
    ['X-Amz-Date one second later', { ...request, headers: withHeaderValue(request.headers, 'x-amz-date', shiftDate(1)) }],
    ['X-Amz-Date one second earlier', { ...request, headers: withHeaderValue(request.headers, 'x-amz-date', shiftDate(-1)) }],
    ['the scope date', withAuthorization(request, (a) => a.replace(`/${day}/`, `/${shiftDate(-86_400).slice(0, 8)}/`))],
    ['the scope region', withAuthorization(request, (a) => a.replace(`/${region}/`, region === 'eu-west-1' ? '/eu-west-2/' : '/eu-west-1/'))],
    ['the scope service', withAuthorization(request, (a) => a.replace(`/${service}/`, service === 'kms' ? '/ssm/' : '/kms/'))],
    ['the scope terminator', withAuthorization(request, (a) => a.replace('/aws4_request', '/aws4_requesT'))],
    ['the algorithm', withAuthorization(request, (a) => a.replace('AWS4-HMAC-SHA256', 'AWS4-HMAC-SHA512'))],
    ['the access key id (another real one)', withAuthorization(request, (a) => a.replace(`Credential=${keyId}/`, `Credential=${otherKeyId}/`))],
    ['SignedHeaders less one header', withAuthorization(request, (a) => a.replace(`;${signed[signed.length - 1]}`, ''))],
    ['SignedHeaders plus an absent header', withAuthorization(request, (a) => a.replace('SignedHeaders=', 'SignedHeaders=accept;'))],
    ['one signature character', withAuthorization(request, (a) => a.replace(/.$/, flip))],
    ['the signature in upper case', withAuthorization(request, (a) => a.replace(/Signature=([0-9a-f]+)/, (_, s: string) => `Signature=${s.toUpperCase()}`))],
    ['the signature one character short', withAuthorization(request, (a) => a.slice(0, -1))],
    ['no signature', withAuthorization(request, (a) => a.replace(/,\s*Signature=[0-9a-f]+/, ''))],
    ['a second Authorization header, forged', { ...request, headers: [...request.headers, 'Authorization', auth.replace(/.$/, flip)] }],
    ['a second Authorization header, forged, first', { ...request, headers: ['Authorization', auth.replace(/.$/, flip), ...request.headers] }],
    ['a second X-Amz-Date', { ...request, headers: [...request.headers, 'X-Amz-Date', shiftDate(1)] }],
  ];
  if (otherTarget !== undefined) variants.push(['a second X-Amz-Target naming another operation', { ...request, headers: [...request.headers, 'X-Amz-Target', otherTarget] }]);
  for (const name of signed) {
    // Content-Length is changed only with the body (above): a wrong one leaves node waiting for bytes.
    if (name === 'content-length') continue;
    const value = headerOf(request.headers, name) ?? '';
    const changed = {
      host: value.replace(/^[^:]+/, 'evil.example'),
      'x-amz-target': otherTarget ?? `${value}X`,
      'x-amz-content-sha256': createHash('sha256').update('another body').digest('hex'),
      'x-amz-date': shiftDate(60),
    }[name] ?? `${value}0`;
    variants.push([`header ${name}'s value`, { ...request, headers: withHeaderValue(request.headers, name, changed) }]);
    variants.push([`header ${name} removed`, { ...request, headers: withHeaderValue(request.headers, name, undefined) }]);
  }
  return variants;
}

/** Variants of a presigned GET: every query pair changed or removed, and the rest of the request. */
export function presignedVariants(request: WireRequest): Variant[] {
  const [path = '/', query = ''] = request.path.split('?');
  const pairs = query.split('&');
  const withPairs = (next: string[]): WireRequest => ({ ...request, path: `${path}?${next.join('&')}` });
  const variants: Variant[] = [
    ['the method', { ...request, method: 'POST', headers: [...request.headers, 'Content-Length', '0'] }],
    ['the path', { ...request, path: `/x?${query}` }],
    ['the host', { ...request, headers: withHeaderValue(request.headers, 'host', (headerOf(request.headers, 'host') ?? '').replace(/^[^:]+/, 'evil.example')) }],
    ['an added Action', withPairs([...pairs, 'Action=CreateUser'])],
    ['an added parameter', withPairs([...pairs, 'Extra=1'])],
    ['a header signature as well, forged', { ...request, headers: [...request.headers, 'Authorization', `AWS4-HMAC-SHA256 Credential=${/X-Amz-Credential=([^&]+)/.exec(query)?.[1] ?? ''}, SignedHeaders=host, Signature=${'0'.repeat(64)}`] }],
  ];
  pairs.forEach((pair, i) => {
    const [name = ''] = pair.split('=');
    const changed = pair.endsWith('0') ? `${pair.slice(0, -1)}1` : `${pair.slice(0, -1)}0`;
    variants.push([`${name}'s value`, withPairs(pairs.map((p, j) => (j === i ? changed : p)))]);
    variants.push([`${name} removed`, withPairs(pairs.filter((_, j) => j !== i))]);
    variants.push([`${name} doubled`, withPairs([...pairs, changed])]);
  });
  return variants;
}
