// The SigV4 verifier's public face: parse what was presented, then verify it with the secret.

export { AuthFailure } from './types.js';
export type { AuthFailureKind, PresentedSignature, ReceivedRequest, VerifyOptions } from './types.js';
export { MISSING_TOKEN, presentedSignature } from './parse-authorization.js';
export { SIGNATURE_MISMATCH, signaturesEqual, verifySignature } from './verify.js';
export {
  ALGORITHM,
  bodySha256,
  canonicalHeaders,
  canonicalHeaderValue,
  canonicalQueryString,
  canonicalRequest,
  canonicalUri,
  credentialScope,
  EMPTY_BODY_SHA256,
  signatureHex,
  signingKey,
  stringToSign,
  TERMINATOR,
} from './canonical-request.js';
export { isoBasic, parseAmzDate, parseHttpDate } from './dates.js';
export { headerMap, type HeaderMap } from './request-parts.js';
