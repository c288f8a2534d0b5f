// The shapes the SigV4 verifier works on. The verifier knows nothing of HTTP servers, services or
// stores: the gateway hands it the request as received and the secret it looked up.

/** A request exactly as it arrived on the socket. */
export interface ReceivedRequest {
  method: string;
  /** The request target as sent (path plus optional `?query`), undecoded: node's `req.url`. */
  rawUrl: string;
  /** node's `req.rawHeaders`: `[name, value, name, value, …]`, names in any case, duplicates kept. */
  rawHeaders: readonly string[];
  body: Buffer;
}

/** The parts of the signature a caller presented, before any secret is looked up. */
export interface PresentedSignature {
  form: 'header' | 'query';
  accessKeyId: string;
  /** The credential scope: `<date>/<region>/<service>/<terminator>`. */
  scope: { date: string; region: string; service: string; terminator: string };
  /** Lower-case signed header names, in the order presented. */
  signedHeaders: string[];
  /** 64 lower-case hex characters. */
  signature: string;
  /** The request time from X-Amz-Date (or Date), as presented. */
  amzDate: string;
  requestTime: Date;
  /** X-Amz-Security-Token, when present (header or query form). */
  sessionToken?: string;
  /** Query form only: X-Amz-Expires in seconds. */
  expiresSeconds?: number;
}

/**
 * Why a request failed authentication. The gateway renders each kind in the protocol's own code:
 * JSON services and Query services spell them differently (InvalidSignatureException on SSM,
 * SignatureDoesNotMatch on STS, for one).
 */
export type AuthFailureKind =
  | 'missing' // no Authorization header and no X-Amz-Algorithm
  | 'incomplete' // malformed or incomplete authorization data
  | 'invalid-token' // unknown access key id or session token
  | 'expired-token' // session credentials past their expiry
  | 'signature'; // mismatch, clock window, scope mismatch, expired presigned URL

export class AuthFailure extends Error {
  readonly kind: AuthFailureKind;
  constructor(kind: AuthFailureKind, message: string) {
    super(message);
    this.name = 'AuthFailure';
    this.kind = kind;
  }
}

export interface VerifyOptions {
  /** The time the server holds to be now. */
  now: Date;
  /** Allowed clock difference either way, in seconds (default 300, AWS's five minutes). */
  clockSkewSeconds?: number;
  /** The service signing name this request is for (`ssm`, `kms`, `iam`, `sts`). */
  service: string;
}
