// SigV4 for the direct reader's requests, built from the same pieces `kura serve` verifies with
// (src/sigv4, held against AWS's published test vectors): canonical request, string to sign, derived
// key, signature. Every header sent is signed (host, the date, the target, the content type, the
// session token), so nothing on the wire can be changed without breaking the signature.

import { ALGORITHM, bodySha256, canonicalRequest, credentialScope, isoBasic, signatureHex, signingKey, stringToSign, TERMINATOR } from '../../sigv4/index.js';
import type { Credentials } from './settings.js';

export interface ToSign {
  method: 'POST';
  /** The request path as sent. */
  path: string;
  /** Every header that will be sent, Host included; X-Amz-Date and the token are added here. */
  headers: Record<string, string>;
  body: Buffer;
  region: string;
  service: string;
  credentials: Credentials;
  /** The signing time: the SDK's is the local clock corrected by the server's Date (json-rpc.ts). */
  now: Date;
}

/** The headers to send: those given, X-Amz-Date, X-Amz-Security-Token when there is a session, and Authorization. */
export function sign(request: ToSign): Record<string, string> {
  const amzDate = isoBasic(request.now);
  const headers: Record<string, string> = { ...request.headers, 'x-amz-date': amzDate };
  if (request.credentials.sessionToken) headers['x-amz-security-token'] = request.credentials.sessionToken;
  const names = Object.keys(headers)
    .map((name) => name.toLowerCase())
    .sort();
  const rawHeaders = Object.entries(headers).flat();
  const canonical = canonicalRequest({ method: request.method, rawUrl: request.path, rawHeaders, body: request.body }, names, bodySha256(request.body), 'header');
  const scope = { date: amzDate.slice(0, 8), region: request.region, service: request.service, terminator: TERMINATOR };
  const key = signingKey(request.credentials.secretAccessKey, scope.date, scope.region, scope.service);
  const signature = signatureHex(key, stringToSign(amzDate, credentialScope(scope), canonical));
  headers.authorization = `${ALGORITHM} Credential=${request.credentials.accessKeyId}/${credentialScope(scope)}, SignedHeaders=${names.join(';')}, Signature=${signature}`;
  return headers;
}
