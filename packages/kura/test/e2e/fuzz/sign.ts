// Signs hand-built requests with the AWS SDK's own SigV4 signer and sends them byte for byte with
// node:http, so that a test controls what no SDK lets it: the method, the raw path and query,
// duplicate or missing headers, a Host that differs from the socket's, a body that is not UTF-8.

import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import http from 'node:http';

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface SignSpec {
  method: string;
  /** The parameters of a GET, signed and written into the URL. */
  query?: Record<string, string>;
  headers: Record<string, string>;
  body: Buffer;
  service: string;
  region: string;
  credentials: Credentials;
  signingDate?: Date;
  /** false signs as botocore does: no X-Amz-Content-Sha256 header. */
  applyChecksum?: boolean;
}

/** A request as it goes on the wire: `headers` is a flat [name, value, name, value…] list. */
export interface WireRequest {
  method: string;
  path: string;
  headers: string[];
  body: Buffer;
}

export interface WireResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** SDK v3's escapeUri: the encoding its query-string builder puts on the wire. */
function escapeUri(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

// One signer per caller, service and mode: it caches its signing key, derived once a day.
const signers = new Map<string, SignatureV4>();

function signerFor(spec: SignSpec): SignatureV4 {
  const { credentials, region, service } = spec;
  const applyChecksum = spec.applyChecksum ?? true;
  const key = [credentials.accessKeyId, credentials.secretAccessKey, credentials.sessionToken ?? '', region, service, applyChecksum].join('|');
  let signer = signers.get(key);
  if (!signer) {
    signer = new SignatureV4({ credentials, region, service, sha256: Hash.bind(null, 'sha256'), applyChecksum });
    signers.set(key, signer);
  }
  return signer;
}

export async function signRequest(url: string, spec: SignSpec): Promise<WireRequest> {
  const target = new URL(url);
  const headers: Record<string, string> = { host: target.host, ...spec.headers };
  if (spec.method !== 'GET') headers['content-length'] = String(spec.body.length);
  const signer = signerFor(spec);
  const unsigned = new HttpRequest({
    method: spec.method,
    protocol: target.protocol,
    hostname: target.hostname,
    port: Number(target.port),
    path: '/',
    query: spec.query ?? {},
    headers,
    ...(spec.method === 'GET' ? {} : { body: spec.body }),
  });
  const signed = (await signer.sign(unsigned, spec.signingDate ? { signingDate: spec.signingDate } : {})) as HttpRequest;
  const query = Object.entries(spec.query ?? {})
    .map(([k, v]) => `${escapeUri(k)}=${escapeUri(v)}`)
    .join('&');
  return {
    method: spec.method,
    path: query ? `/?${query}` : '/',
    headers: Object.entries(signed.headers).flatMap(([k, v]) => [k, String(v)]),
    body: spec.method === 'GET' ? Buffer.alloc(0) : spec.body,
  };
}

/** A presigned GET (the signature in the query string), as SDK v3's presigner makes it. */
export async function presignRequest(url: string, spec: Omit<SignSpec, 'method' | 'body'> & { expiresIn?: number }): Promise<WireRequest> {
  const target = new URL(url);
  const unsigned = new HttpRequest({ method: 'GET', protocol: target.protocol, hostname: target.hostname, port: Number(target.port), path: '/', query: spec.query ?? {}, headers: { host: target.host, ...spec.headers } });
  const signed = (await signerFor({ ...spec, method: 'GET', body: Buffer.alloc(0) }).presign(unsigned, {
    expiresIn: spec.expiresIn ?? 900,
    ...(spec.signingDate ? { signingDate: spec.signingDate } : {}),
  })) as HttpRequest;
  const query = Object.entries(signed.query as Record<string, string>)
    .map(([k, v]) => `${escapeUri(k)}=${escapeUri(v)}`)
    .join('&');
  return { method: 'GET', path: `/?${query}`, headers: Object.entries(signed.headers).flatMap(([k, v]) => [k, String(v)]), body: Buffer.alloc(0) };
}

/** Sends the request exactly as given (no Host or Content-Length of node's own). */
export function sendRequest(url: string, request: WireRequest, options: { agent?: http.Agent; timeoutMs?: number } = {}): Promise<WireResponse> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: target.hostname,
        port: Number(target.port),
        method: request.method,
        path: request.path,
        headers: request.headers,
        setHost: false,
        agent: options.agent ?? false,
        timeout: options.timeoutMs ?? 30_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no response in ${options.timeoutMs ?? 30_000} ms`)));
    req.on('error', reject);
    req.end(request.body);
  });
}

/** The value of a header in a flat list (first occurrence, case-insensitive). */
export function headerOf(headers: readonly string[], name: string): string | undefined {
  for (let i = 0; i + 1 < headers.length; i += 2) if (headers[i]?.toLowerCase() === name) return headers[i + 1];
  return undefined;
}

/** The list with every value of `name` replaced (or the header removed, for undefined). */
export function withHeaderValue(headers: readonly string[], name: string, value: string | undefined): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < headers.length; i += 2) {
    if (headers[i]?.toLowerCase() !== name) out.push(headers[i] as string, headers[i + 1] as string);
    else if (value !== undefined) out.push(headers[i] as string, value);
  }
  return out;
}
