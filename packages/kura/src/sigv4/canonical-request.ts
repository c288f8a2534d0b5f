// The SigV4 algorithm itself: canonical request, string to sign, signing key, signature
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html).
// Exported piece by piece so that tests can hold each step against AWS's published test vectors,
// not just the final signature.

import { hmacSha256, sha256Hex, uriEncodeBytes } from './encoding.js';
import { canonicalHeaderValue, headerMap, queryPairs, splitRawUrl, type HeaderMap } from './request-parts.js';

export { canonicalHeaderValue };
import type { PresentedSignature, ReceivedRequest } from './types.js';

export const ALGORITHM = 'AWS4-HMAC-SHA256';
export const TERMINATOR = 'aws4_request';
export const EMPTY_BODY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/**
 * Canonical URI: `.` and `..` segments resolved and empty segments dropped (a trailing `/` kept),
 * then every byte outside the unreserved set and `/` percent-encoded. The path arrives as the
 * client put it on the wire, already encoded once, so `%` itself is encoded again: that is AWS's
 * "double encoding" for every service but S3, and what botocore and SDK v3 sign.
 */
export function canonicalUri(rawPath: string): string {
  const segments: string[] = [];
  for (const segment of rawPath.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  const trailing = segments.length > 0 && rawPath.endsWith('/') ? '/' : '';
  const normalized = '/' + segments.join('/') + trailing;
  return uriEncodeBytes(Buffer.from(normalized, 'utf8'), true);
}

/**
 * Canonical query string: each name and value decoded then re-encoded with the unreserved set,
 * sorted by name then value (byte order: the encodings are ASCII), joined with `&`. A presigned
 * request signs everything except its own X-Amz-Signature.
 */
export function canonicalQueryString(rawQuery: string, excludeSignature: boolean): string {
  const pairs = queryPairs(rawQuery)
    .filter((pair) => !(excludeSignature && pair.name === 'X-Amz-Signature'))
    .map((pair) => [pair.encodedName, pair.encodedValue] as const);
  pairs.sort(([an, av], [bn, bv]) => (an < bn ? -1 : an > bn ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  return pairs.map(([name, value]) => `${name}=${value}`).join('&');
}

/**
 * The canonical headers block, `name:value\n` for each signed name in the order given, each
 * value being every occurrence joined with `,`. A signed header the request lacks contributes
 * `name:` (the verifier refuses such requests before it gets here; see verify.ts).
 */
export function canonicalHeaders(headers: HeaderMap, signedHeaders: readonly string[]): string {
  let block = '';
  for (const name of signedHeaders) {
    const values = headers.get(name) ?? [];
    block += `${name}:${values.map(canonicalHeaderValue).join(',')}\n`;
  }
  return block;
}

/** The whole canonical request for a received request, given what the caller claims to have signed. */
export function canonicalRequest(
  req: ReceivedRequest,
  signedHeaders: readonly string[],
  payloadHash: string,
  form: PresentedSignature['form'],
): string {
  const { path, query } = splitRawUrl(req.rawUrl);
  return [
    req.method,
    canonicalUri(path),
    canonicalQueryString(query, form === 'query'),
    canonicalHeaders(headerMap(req.rawHeaders), signedHeaders),
    signedHeaders.join(';'),
    payloadHash,
  ].join('\n');
}

export function credentialScope(scope: PresentedSignature['scope']): string {
  return `${scope.date}/${scope.region}/${scope.service}/${scope.terminator}`;
}

export function stringToSign(amzDate: string, scope: string, canonical: string): string {
  return `${ALGORITHM}\n${amzDate}\n${scope}\n${sha256Hex(canonical)}`;
}

/** kSigning = HMAC chain over date, region, service and terminator, keyed by "AWS4" + secret. */
// Derived keys are cached: the four-HMAC chain is the same for every request a key signs on one day
// in one region for one service. The cache lives only in this process's memory and stays small.
const derivedKeys = new Map<string, Buffer>();
const MAX_DERIVED_KEYS = 1024;

export function signingKey(secretAccessKey: string, date: string, region: string, service: string): Buffer {
  const cacheKey = `${date}\u0000${region}\u0000${service}\u0000${secretAccessKey}`;
  const cached = derivedKeys.get(cacheKey);
  if (cached) return cached;
  const kDate = hmacSha256(Buffer.from(`AWS4${secretAccessKey}`, 'utf8'), date);
  const kRegion = hmacSha256(kDate, region);
  const kService = hmacSha256(kRegion, service);
  const key = hmacSha256(kService, TERMINATOR);
  if (derivedKeys.size >= MAX_DERIVED_KEYS) derivedKeys.clear();
  derivedKeys.set(cacheKey, key);
  return key;
}

export function signatureHex(key: Uint8Array, toSign: string): string {
  return hmacSha256(key, toSign).toString('hex');
}

/** Lower-case hex SHA-256 of the body: the payload hash every request to these services signs. */
export function bodySha256(body: Uint8Array): string {
  return sha256Hex(body);
}
