// The SDK's standard retry mode (@smithy/core/retry, StandardRetryStrategy), for the direct reader:
// the same errors retried, the same backoff and the same retry quota, so that a store that throttles
// or fails is ridden out (or given up on) alike on both paths. Kura gives the SDK 8 attempts unless
// AWS_MAX_ATTEMPTS says otherwise (settings.ts). Pure: the clock and the dice are parameters.

export type ErrorType = 'THROTTLING' | 'TRANSIENT' | 'SERVER_ERROR' | 'CLIENT_ERROR';

const THROTTLING_NAMES = new Set([
  'BandwidthLimitExceeded',
  'EC2ThrottledException',
  'LimitExceededException',
  'PriorRequestNotComplete',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'ThrottledException',
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
  'TransactionInProgressException',
]);
const TRANSIENT_NAMES = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeoutException']);
const TRANSIENT_STATUS = new Set([500, 502, 503, 504]);
const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

interface ErrorFields {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  cause?: unknown;
  $retryable?: { throttling?: boolean };
  $metadata?: { httpStatusCode?: number; clockSkewCorrected?: boolean };
}

export function isThrottling(error: ErrorFields): boolean {
  return error.$metadata?.httpStatusCode === 429 || THROTTLING_NAMES.has(String(error.name)) || error.$retryable?.throttling === true;
}

export function isTransient(error: ErrorFields, depth = 0): boolean {
  if (error.name === 'AbortError') return false;
  return (
    error.$retryable !== undefined ||
    error.$metadata?.clockSkewCorrected === true ||
    (error.name === 'InvalidSignatureException' && typeof error.message === 'string' && error.message.includes('Signature expired')) ||
    TRANSIENT_NAMES.has(String(error.name)) ||
    NETWORK_CODES.has(String(error.code)) ||
    TRANSIENT_STATUS.has(error.$metadata?.httpStatusCode ?? 0) ||
    (typeof error.cause === 'object' && error.cause !== null && depth <= 10 && isTransient(error.cause as ErrorFields, depth + 1))
  );
}

export function errorType(error: ErrorFields): ErrorType {
  if (isThrottling(error)) return 'THROTTLING';
  if (isTransient(error)) return 'TRANSIENT';
  const status = error.$metadata?.httpStatusCode;
  return status !== undefined && status >= 500 && status <= 599 ? 'SERVER_ERROR' : 'CLIENT_ERROR';
}

/** The SDK's constants (its 2026 retry behaviour): base delays, cap, and the quota's costs. */
const BASE_DELAY_MS = 50;
const THROTTLING_BASE_DELAY_MS = 1_000;
const MAX_DELAY_MS = 20_000;
const RETRY_AFTER_EXTRA_MS = 5_000;
const CAPACITY = 500;
const COST = 14;
const THROTTLING_COST = 5;
const NO_RETRY_INCREMENT = 1;

export interface Retry {
  delayMs: number;
  /** What this retry took from the quota; given back by recordSuccess. */
  cost: number;
}

/** One per client, as in the SDK: the retry quota is shared by every request the client sends. */
export class RetryStrategy {
  private capacity = CAPACITY;

  constructor(
    readonly maxAttempts: number,
    private readonly random: () => number = Math.random,
    private readonly now: () => number = Date.now,
  ) {}

  /** After the `retries`+1-th attempt failed with `error`: the retry to make, or undefined to give up. */
  retry(retries: number, error: ErrorFields, retryAfter?: Date): Retry | undefined {
    const type = errorType(error);
    const cost = type === 'THROTTLING' ? THROTTLING_COST : COST;
    if ((type !== 'THROTTLING' && type !== 'TRANSIENT') || retries + 1 >= this.maxAttempts || this.capacity < cost) return undefined;
    const base = type === 'THROTTLING' ? THROTTLING_BASE_DELAY_MS : BASE_DELAY_MS;
    let delayMs = Math.floor(this.random() * Math.min(base * 2 ** retries, MAX_DELAY_MS));
    if (retryAfter) delayMs = Math.max(delayMs, Math.min(retryAfter.getTime() - this.now(), delayMs + RETRY_AFTER_EXTRA_MS));
    this.capacity -= cost;
    return { delayMs, cost };
  }

  /** A request succeeded: give back what its last retry cost, or one token when it needed none. */
  recordSuccess(lastRetry: Retry | undefined): void {
    this.capacity = Math.min(CAPACITY, this.capacity + (lastRetry?.cost ?? NO_RETRY_INCREMENT));
  }
}

/** Retry-After (seconds or an HTTP date) or x-amz-retry-after (milliseconds), as the SDK reads them. */
export function retryAfterHint(headers: Record<string, string | string[] | undefined>, now = Date.now()): Date | undefined {
  const after = headers['retry-after'];
  if (typeof after === 'string') {
    let seconds = NaN;
    if (/^\d+(\.\d+)?$/.test(after)) seconds = Number(after);
    else if (/ GMT, \d+(\.\d+)?$/.test(after)) seconds = Number(/ GMT, ([\d.]+)$/.exec(after)?.[1]);
    else if (after.endsWith('GMT') || Date.parse(after) >= now) seconds = (Date.parse(after) - now) / 1000;
    return Number.isNaN(seconds) ? undefined : new Date(now + seconds * 1000);
  }
  const amz = headers['x-amz-retry-after'];
  if (typeof amz === 'string' && !Number.isNaN(Number(amz))) return new Date(now + Number(amz));
  return undefined;
}
