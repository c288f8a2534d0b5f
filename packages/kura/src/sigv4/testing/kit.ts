// Shared by the *.test.ts files beside it (nothing else imports it): signs requests with the AWS
// SDK v3 signer and turns them into ReceivedRequests shaped as node would hand them to the gateway.

import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import assert from 'node:assert/strict';
import { presentedSignature } from '../parse-authorization.js';
import { AuthFailure, type AuthFailureKind, type ReceivedRequest, type VerifyOptions } from '../types.js';
import { verifySignature } from '../verify.js';

export const ACCESS_KEY_ID = 'AKIAKURATEST0000001';
export const SECRET = 'kura/Secret+Access=Key~0123456789abcdefgh';
export const SESSION_TOKEN = 'IQoJb3JpZ2luX2VjEP//////////wEaCXVzLWVhc3QtMSJHMEUCIQ+token/with=odd+chars';
export const SIGNED_AT = new Date('2024-03-09T23:59:30Z');

/** SDK v3's escapeUri, which its query-string builder uses for the URL it puts on the wire. */
export function escapeUri(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function wireQuery(query: Record<string, string | string[]>): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(query)) {
    for (const one of Array.isArray(value) ? value : [value]) parts.push(`${escapeUri(key)}=${escapeUri(one)}`);
  }
  return parts.join('&');
}

/** Header values as node presents them: one latin1 character per byte received. */
export function nodeHeaderValue(value: string): string {
  return Buffer.from(value, 'utf8').toString('latin1');
}

export interface SdkRequestSpec {
  method?: string;
  path?: string;
  query?: Record<string, string | string[]>;
  headers?: Record<string, string>;
  body?: string;
  service?: string;
  region?: string;
  sessionToken?: string;
  signedAt?: Date;
  /** false signs as botocore does: no X-Amz-Content-Sha256 header, the body hash only signed. */
  applyChecksum?: boolean;
}

function signerFor(spec: SdkRequestSpec): SignatureV4 {
  const credentials = { accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET };
  return new SignatureV4({
    credentials: spec.sessionToken ? { ...credentials, sessionToken: spec.sessionToken } : credentials,
    region: spec.region ?? 'eu-west-1',
    service: spec.service ?? 'ssm',
    sha256: Hash.bind(null, 'sha256'),
    applyChecksum: spec.applyChecksum ?? true,
  });
}

function httpRequest(spec: SdkRequestSpec): HttpRequest {
  const body = spec.body ?? '';
  const headers: Record<string, string> = { host: 'localhost:4566', ...spec.headers };
  if (spec.method !== 'GET') headers['content-length'] = String(Buffer.byteLength(body));
  return new HttpRequest({
    method: spec.method ?? 'POST',
    protocol: 'http:',
    hostname: 'localhost',
    port: 4566,
    path: spec.path ?? '/',
    query: spec.query ?? {},
    headers,
    ...(spec.method === 'GET' ? {} : { body }),
  });
}

function toReceived(signed: HttpRequest, body: string): ReceivedRequest {
  const rawHeaders: string[] = [];
  for (const [name, value] of Object.entries(signed.headers)) rawHeaders.push(name, nodeHeaderValue(String(value)));
  const query = wireQuery(signed.query as Record<string, string | string[]>);
  return { method: signed.method, rawUrl: query ? `${signed.path}?${query}` : signed.path, rawHeaders, body: Buffer.from(body, 'utf8') };
}

/** A request signed in the Authorization header, as SDK v3 sends it. */
export async function sdkSigned(spec: SdkRequestSpec = {}): Promise<ReceivedRequest> {
  const signed = (await signerFor(spec).sign(httpRequest(spec), { signingDate: spec.signedAt ?? SIGNED_AT })) as HttpRequest;
  return toReceived(signed, spec.body ?? '');
}

/** A presigned request (signature in the query string), as SDK v3's presigner makes it. */
export async function sdkPresigned(spec: SdkRequestSpec & { expiresIn?: number } = {}): Promise<ReceivedRequest> {
  const signed = await signerFor(spec).presign(httpRequest({ method: 'GET', ...spec }), {
    signingDate: spec.signedAt ?? SIGNED_AT,
    expiresIn: spec.expiresIn ?? 900,
  });
  return toReceived(signed as HttpRequest, spec.body ?? '');
}

export function options(service = 'ssm', now: Date = SIGNED_AT): VerifyOptions {
  return { service, now };
}

/** Parses and verifies, as the gateway does (with the key lookup assumed to have succeeded). */
export function authenticate(req: ReceivedRequest, opts: VerifyOptions = options(), secret = SECRET): void {
  verifySignature(req, presentedSignature(req), secret, opts);
}

/** Asserts the request is refused with an AuthFailure (of the given kind and message, if named). */
export function assertRefused(
  req: ReceivedRequest,
  opts: VerifyOptions = options(),
  expected: { kind?: AuthFailureKind; message?: string | RegExp } = {},
): AuthFailure {
  let failure: unknown;
  try {
    authenticate(req, opts);
  } catch (error) {
    failure = error;
  }
  assert.ok(failure instanceof AuthFailure, `expected an AuthFailure, got ${String(failure)}`);
  if (expected.kind) assert.equal(failure.kind, expected.kind, failure.message);
  if (typeof expected.message === 'string') assert.equal(failure.message, expected.message);
  else if (expected.message) assert.match(failure.message, expected.message);
  return failure;
}

/** Headers helpers over node's flat rawHeaders list. */
export function withHeader(req: ReceivedRequest, name: string, value: string): ReceivedRequest {
  return { ...req, rawHeaders: [...req.rawHeaders, name, value] };
}

export function withoutHeader(req: ReceivedRequest, name: string): ReceivedRequest {
  const rawHeaders: string[] = [];
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    if ((req.rawHeaders[i] as string).toLowerCase() !== name) rawHeaders.push(req.rawHeaders[i] as string, req.rawHeaders[i + 1] as string);
  }
  return { ...req, rawHeaders };
}

export function replaceHeader(req: ReceivedRequest, name: string, value: string): ReceivedRequest {
  const rawHeaders = [...req.rawHeaders];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    if ((rawHeaders[i] as string).toLowerCase() === name) rawHeaders[i + 1] = value;
  }
  return { ...req, rawHeaders };
}

export function headerValue(req: ReceivedRequest, name: string): string | undefined {
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    if ((req.rawHeaders[i] as string).toLowerCase() === name) return req.rawHeaders[i + 1];
  }
  return undefined;
}
