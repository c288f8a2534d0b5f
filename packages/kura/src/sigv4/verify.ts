// Decides whether a presented SigV4 signature is good for the request as received, given the
// secret the gateway looked up: signature, signed headers, payload hash, scope and clock window.
// Every "no" is an AuthFailure; nothing else is thrown for any input.

import { timingSafeEqual } from 'node:crypto';
import {
  bodySha256,
  canonicalRequest,
  credentialScope,
  signatureHex,
  signingKey,
  stringToSign,
  TERMINATOR,
} from './canonical-request.js';
import { isoBasic } from './dates.js';
import { isLowerHex64 } from './encoding.js';
import { headerMap, singleHeader, type HeaderMap } from './request-parts.js';
import { AuthFailure, type PresentedSignature, type ReceivedRequest, type VerifyOptions } from './types.js';

export const SIGNATURE_MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

const DEFAULT_CLOCK_SKEW_SECONDS = 300;

export function verifySignature(
  req: ReceivedRequest,
  presented: PresentedSignature,
  secretAccessKey: string,
  options: VerifyOptions,
): void {
  const requestMs = presented.requestTime.getTime();
  const nowMs = options.now.getTime();
  if (!Number.isFinite(requestMs) || !Number.isFinite(nowMs)) {
    throw new AuthFailure('incomplete', 'The request time could not be read.');
  }
  const requestIso = isoBasic(presented.requestTime);
  const headers = headerMap(req.rawHeaders);

  checkScope(presented, options.service, requestIso);
  checkSignedHeaderSet(presented, headers);
  checkClock(presented, requestMs, nowMs, requestIso, options);
  const payloadHash = checkPayload(headers, req.body);

  const canonical = canonicalRequest(req, presented.signedHeaders, payloadHash, presented.form);
  const scope = credentialScope(presented.scope);
  const key = signingKey(secretAccessKey, presented.scope.date, presented.scope.region, presented.scope.service);
  const expected = signatureHex(key, stringToSign(requestIso, scope, canonical));
  if (!signaturesEqual(expected, presented.signature)) throw new AuthFailure('signature', SIGNATURE_MISMATCH);
}

/**
 * The credential scope must name this service, a plausible region, the request's own date and
 * the SigV4 terminator. Like AWS, all scope faults are reported in one message, region first.
 */
function checkScope(presented: PresentedSignature, service: string, requestIso: string): void {
  const { date, region, service: scopeService, terminator } = presented.scope;
  const faults: string[] = [];
  // Kura accepts any region (SDKs sign with the client's region under an endpoint override)
  // but only region-shaped strings: exact case, as AWS compares scope parts.
  if (!/^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/.test(region)) {
    faults.push(`Credential should be scoped to a valid region, not '${region}'.`);
  }
  if (scopeService !== service) faults.push(`Credential should be scoped to correct service: '${service}'.`);
  if (terminator !== TERMINATOR) {
    faults.push(`Credential should be scoped with a valid terminator: 'aws4_request', not '${terminator}'.`);
  }
  const requestDay = requestIso.slice(0, 8);
  if (date !== requestDay) {
    faults.push(
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${date}' != '${requestDay}', from '${requestIso}'.`,
    );
  }
  if (faults.length > 0) throw new AuthFailure('signature', faults.join(' '));
}

/**
 * What must be signed, and what is signed must be there. `host` always (AWS's rule and message);
 * the Date header when it is the request time; every X-Amz-* header present, so that no unsigned
 * header can steer dispatch (X-Amz-Target), identity (X-Amz-Security-Token), the payload check
 * (X-Amz-Content-Sha256) or the clock (X-Amz-Date). AWS itself lets some of these
 * through unsigned (its test suite adds a token after signing); Kura refuses them.
 */
function checkSignedHeaderSet(presented: PresentedSignature, headers: HeaderMap): void {
  const signed = new Set(presented.signedHeaders);
  if (!signed.has('host')) {
    throw new AuthFailure('signature', "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
  }
  if (presented.form === 'header' && !headers.has('x-amz-date') && !signed.has('date')) {
    throw new AuthFailure('incomplete', "'Date' must be a 'SignedHeader' in the AWS Authorization when it gives the request time.");
  }
  const unsigned = [...headers.keys()].filter((name) => name.startsWith('x-amz-') && !signed.has(name));
  if (unsigned.length > 0) {
    throw new AuthFailure('incomplete', `There were headers present in the request which were not signed: ${unsigned.join(', ')}.`);
  }
  // A signed header the request lacks cannot have been signed with the value it has (none).
  for (const name of signed) {
    if (!headers.has(name)) throw new AuthFailure('signature', SIGNATURE_MISMATCH);
  }
}

/**
 * The request time must be within the skew window of now (AWS's messages: first the request time,
 * then now ∓ window, then now). A presigned URL instead lives from its date until date + expires,
 * to the second, and may be dated no further ahead than the skew window.
 */
function checkClock(
  presented: PresentedSignature,
  requestMs: number,
  nowMs: number,
  requestIso: string,
  options: VerifyOptions,
): void {
  const skewSeconds = options.clockSkewSeconds ?? DEFAULT_CLOCK_SKEW_SECONDS;
  const skewMs = skewSeconds * 1000;
  const minutes = `${skewSeconds / 60} min.`;
  if (requestMs > nowMs + skewMs) {
    const now = isoBasic(options.now);
    const later = isoBasic(new Date(nowMs + skewMs));
    throw new AuthFailure('signature', `Signature not yet current: ${requestIso} is still later than ${later} (${now} + ${minutes})`);
  }
  if (presented.form === 'query') {
    const expires = presented.expiresSeconds;
    if (expires === undefined || !Number.isInteger(expires) || expires < 1 || expires > 604800) {
      throw new AuthFailure('incomplete', 'X-Amz-Expires must be between 1 and 604800 seconds.');
    }
    if (nowMs > requestMs + expires * 1000) throw new AuthFailure('signature', 'Request has expired');
    return;
  }
  if (requestMs < nowMs - skewMs) {
    const now = isoBasic(options.now);
    const earlier = isoBasic(new Date(nowMs - skewMs));
    throw new AuthFailure('signature', `Signature expired: ${requestIso} is now earlier than ${earlier} (${now} - ${minutes})`);
  }
}

/**
 * The payload hash is always the body's own SHA-256. A client may state it in
 * X-Amz-Content-Sha256 (SDK v3 does), and then it must be exactly that; UNSIGNED-PAYLOAD and the
 * STREAMING-* modes are S3 features and would let a request opt out of body integrity.
 */
function checkPayload(headers: HeaderMap, body: Buffer): string {
  const computed = bodySha256(body);
  const stated = singleHeader(headers, 'x-amz-content-sha256');
  if (stated === undefined) return computed;
  if (stated === 'UNSIGNED-PAYLOAD' || stated.startsWith('STREAMING-')) {
    throw new AuthFailure('signature', `x-amz-content-sha256 '${stated.slice(0, 64)}' is not supported: this service signs every payload.`);
  }
  if (!isLowerHex64(stated) || stated !== computed) {
    throw new AuthFailure('signature', "The provided 'x-amz-content-sha256' header does not match what was computed.");
  }
  return computed;
}

/**
 * Constant-time comparison of the expected and presented signatures. Anything that is not 64
 * lower-case hex characters cannot match; it is refused before timingSafeEqual, which throws on
 * unequal lengths. The length and shape of a presented value are no secret.
 */
export function signaturesEqual(expectedHex: string, presentedHex: string): boolean {
  if (!isLowerHex64(presentedHex) || !isLowerHex64(expectedHex)) return false;
  return timingSafeEqual(Buffer.from(expectedHex, 'hex'), Buffer.from(presentedHex, 'hex'));
}
