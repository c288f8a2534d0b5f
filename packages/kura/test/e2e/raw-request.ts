// Hand-built requests, signed by the SDK's own signer, for inputs no SDK would send
// (malformed JSON, unknown targets, odd content types).

import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';

export interface RawOptions {
  url: string;
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  region?: string;
  service?: string;
  target?: string;
  body: string | Buffer;
  contentType?: string;
  extraHeaders?: Record<string, string>;
  sign?: boolean;
  /** The time to sign at (default now): to send a request from a skewed clock. */
  signingDate?: Date;
}

export async function rawRequest(options: RawOptions): Promise<{ status: number; headers: Headers; json: Record<string, unknown> }> {
  const url = new URL(options.url);
  const body = typeof options.body === 'string' ? Buffer.from(options.body) : options.body;
  const headers: Record<string, string> = {
    host: url.host,
    'content-type': options.contentType ?? 'application/x-amz-json-1.1',
    ...(options.target ? { 'x-amz-target': options.target } : {}),
    ...options.extraHeaders,
  };
  let signedHeaders = headers;
  if (options.sign !== false) {
    const signer = new SignatureV4({ credentials: options.credentials, region: options.region ?? 'us-east-1', service: options.service ?? 'ssm', sha256: Hash.bind(null, 'sha256') });
    const request = new HttpRequest({ method: 'POST', protocol: url.protocol, hostname: url.hostname, port: Number(url.port), path: '/', headers, body });
    const signed = await signer.sign(request, options.signingDate ? { signingDate: options.signingDate } : {});
    signedHeaders = signed.headers;
  }
  const { host: _host, ...sendHeaders } = signedHeaders;
  const response = await fetch(options.url, { method: 'POST', headers: sendHeaders, body });
  const text = await response.text();
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    json = { raw: text };
  }
  return { status: response.status, headers: response.headers, json };
}
