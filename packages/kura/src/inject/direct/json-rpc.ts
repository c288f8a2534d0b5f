// One AWS JSON 1.1 client (a service in a region) for the direct reader: sign, send, retry, decode.
// Its failures are shaped as the SDK shapes them (name, message, $fault, $metadata, a hidden
// $response), because describeFailure() and the classification of outages (unreachable.ts) read
// those fields: a service error is named by its code with AWS's message; a body that is not JSON is
// a deserialization error that never carries the body; a socket error keeps Node's code. The local
// clock is corrected by the server's Date header as the SDK corrects it, and a request refused
// because of a skewed clock is retried with the corrected time.

import { isExecError } from '../errors.js';
import { refusePlainHttp } from '../sdk-options.js';
import type { Endpoint, Service } from './endpoints.js';
import { retryAfterHint, type Retry, type RetryStrategy } from './retry.js';
import type { Credentials } from './settings.js';
import { sign } from './signer.js';
import { abortError, type Answer, type Transport } from './transport.js';
import { directUserAgent } from '../user-agent.js';

export interface RpcClientOptions {
  service: Service;
  region: string;
  endpoint: Endpoint;
  credentials: () => Promise<Credentials>;
  transport: Transport;
  retry: RetryStrategy;
  insecureHttp: boolean;
}

/** The SDK flags a correction (and retries) only past this skew. */
const SKEW_THRESHOLD_MS = 240_000;
/** Sent unsigned, after signing, as the SDK leaves User-Agent out of the signature. */
const USER_AGENT = directUserAgent();
/** A response that took longer than this says nothing reliable about the server's clock. */
const STALE_RESPONSE_MS = 900_000;

export class JsonRpcClient {
  private clockOffsetMs = 0;

  constructor(private readonly options: RpcClientOptions) {}

  /**
   * One operation, retried as the SDK retries it. `read` takes what is needed from the answer and
   * throws a TypeError when it has another shape: that is a deserialization error, as in the SDK.
   */
  async call<T>(operation: string, input: object, signal: AbortSignal, read: (output: Record<string, unknown>) => T): Promise<T> {
    const { endpoint, retry } = this.options;
    const credentials = await this.options.credentials();
    refusePlainHttp({ protocol: endpoint.protocol, hostname: endpoint.hostname }, this.options.insecureHttp);
    const body = Buffer.from(JSON.stringify(input), 'utf8');
    let lastRetry: Retry | undefined;
    for (let retries = 0; ; retries += 1) {
      try {
        const output = await this.attempt(operation, body, credentials, signal, read);
        retry.recordSuccess(lastRetry);
        return output;
      } catch (error) {
        const failure = error as Error & { $response?: Answer };
        if (signal.aborted) throw failure;
        const next = retry.retry(retries, failure, failure.$response ? retryAfterHint(failure.$response.headers) : undefined);
        if (!next) throw failure;
        await sleep(next.delayMs, signal);
        lastRetry = next;
      }
    }
  }

  private async attempt<T>(operation: string, body: Buffer, credentials: Credentials, signal: AbortSignal, read: (output: Record<string, unknown>) => T): Promise<T> {
    const { service, region, endpoint } = this.options;
    const headers = sign({
      method: 'POST',
      path: endpoint.path,
      headers: { host: endpoint.host, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `${service.target}.${operation}` },
      body,
      region,
      service: service.signingName,
      credentials,
      now: new Date(Date.now() + this.clockOffsetMs),
    });
    headers['content-length'] = String(body.length);
    headers['user-agent'] = USER_AGENT;
    const offsetBefore = this.clockOffsetMs;
    const sentAt = Date.now();
    const answer = await this.options.transport.send(endpoint, { method: 'POST', headers, body }, signal);
    this.sampleClock(answer, sentAt);
    try {
      if (answer.statusCode >= 300) throw serviceError(answer);
      const output = parseBody(answer) ?? {};
      try {
        return read(output);
      } catch (error) {
        if (isExecError(error)) throw error; // the reader's own verdict on a well-formed answer
        throw withResponse(Object.assign(new Error(`Deserialization error: ${(error as Error).message}`), { name: 'TypeError', $metadata: metadataOf(answer) }), answer);
      }
    } catch (error) {
      // Any failure with an answer, as in the SDK: the corrected clock makes it worth another attempt.
      const failure = error as ResponseError;
      if (failure.$metadata && Math.abs(this.clockOffsetMs) >= SKEW_THRESHOLD_MS && this.clockOffsetMs !== offsetBefore) failure.$metadata.clockSkewCorrected = true;
      throw failure;
    }
  }

  /** The SDK's clock correction: the server's Date minus the local time, unless the answer came through a cache or took too long. */
  private sampleClock(answer: Answer, sentAt: number): void {
    const date = answer.headers.date;
    if (!date || answer.headers.age !== undefined) return;
    const serverTime = Date.parse(date);
    const now = Date.now();
    if (Number.isNaN(serverTime) || now - sentAt > STALE_RESPONSE_MS) return;
    this.clockOffsetMs = serverTime - now;
  }
}

interface Metadata {
  httpStatusCode: number;
  requestId?: string | undefined;
  clockSkewCorrected?: boolean;
}

type ResponseError = Error & { $fault?: 'client' | 'server'; $metadata?: Metadata };

/** The error the SDK throws for an answer of 300 or more: a service error, or a deserialization error when the body is not JSON. */
function serviceError(answer: Answer): ResponseError {
  const data = parseBody(answer) ?? {}; // throws the deserialization error for a body that is not JSON
  const code = errorCode(answer, data) ?? 'Unknown';
  const name = code.includes('#') ? (code.split('#')[1] ?? code) : code;
  const message = data.message ?? data.Message;
  const error = Object.assign(new Error(typeof message === 'string' && message !== '' ? message : message ? String(message) : 'UnknownError'), {
    name,
    $fault: answer.statusCode < 500 ? ('client' as const) : ('server' as const),
    $metadata: metadataOf(answer),
  });
  return withResponse(error, answer);
}

/** The JSON body as an object; {} for an empty body; a deserialization error (without the body's text) for anything else. */
function parseBody(answer: Answer): Record<string, unknown> | undefined {
  if (answer.body.length === 0) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(answer.body.toString('utf8'));
  } catch {
    // The SDK's SyntaxError quotes the body; describeFailure() reduces it to its kind. Never quote it here.
    throw withResponse(Object.assign(new Error('Deserialization error: the response body is not JSON'), { name: 'SyntaxError', $metadata: metadataOf(answer) }), answer);
  }
  return typeof parsed === 'object' && parsed !== null ? { ...(parsed as Record<string, unknown>) } : {};
}

/** AWS JSON 1.1's order: __type, then a `code` member (any case), then the X-Amzn-ErrorType header. */
function errorCode(answer: Answer, data: Record<string, unknown>): string | undefined {
  if (data.__type !== undefined) return sanitize(data.__type);
  const key = Object.keys(data).find((k) => k.toLowerCase() === 'code');
  if (key !== undefined && data[key] !== undefined) return sanitize(data[key]);
  const header = answer.headers['x-amzn-errortype'];
  return header === undefined ? undefined : sanitize(Array.isArray(header) ? header.join(', ') : header);
}

/** `aws.protocols#Name:http://…` and `Name,Other` both mean Name. */
function sanitize(raw: unknown): string {
  let value = String(raw);
  if (value.includes(',')) value = value.split(',')[0] as string;
  if (value.includes(':')) value = value.split(':')[0] as string;
  if (value.includes('#')) value = value.split('#')[1] as string;
  return value;
}

function metadataOf(answer: Answer): Metadata {
  const requestId = answer.headers['x-amzn-requestid'];
  return { httpStatusCode: answer.statusCode, requestId: typeof requestId === 'string' ? requestId : undefined };
}

/** As the SDK does: the answer rides along, not enumerable, so that logging the error never dumps it. */
function withResponse<T extends Error>(error: T, answer: Answer): T {
  Object.defineProperty(error, '$response', { value: answer, enumerable: false });
  return error;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(abortError(signal));
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortError(signal));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
