// Which raw failures of a read mean "the store could not be reached", the one kind of failure that
// lets `kura exec` start from its last-known-good file. Everything else (access denied, a missing
// parameter or secret, a KMS decryption failure, a validation error, missing credentials or region,
// a TLS certificate that does not verify) is an answer about the request or the setup, and must stay
// fail-closed: starting from yesterday's values would hide it. Decided on the raw error (fetch.ts
// fail()), before it is reduced to one line of text. The lists follow the AWS SDK's own retry
// classification (@smithy/core service-error-classification): what it retries as transient or
// throttled, and still fails after its attempts, is an outage.

/** Node's socket and DNS failures: nothing answered. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

/** The SDK's names for a request that took too long (its socket and request timeouts). */
const TIMEOUT_NAMES = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeoutException']);

/**
 * AWS's throttling error names (the SDK's list less LimitExceededException, which Secrets Manager
 * and SSM also use for quotas, and TransactionInProgressException, a conflict).
 */
const THROTTLING_NAMES = new Set([
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'RequestThrottledException',
  'RequestThrottled',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'SlowDown',
  'BandwidthLimitExceeded',
  'PriorRequestNotComplete',
  'ProvisionedThroughputExceededException',
  'EC2ThrottledException',
]);

/** Failures of the setup that can carry a network code (an instance-profile lookup refused): never an outage of the store. */
const SETUP_NAMES = new Set(['CredentialsProviderError', 'ProviderError', 'TokenProviderError']);

/** How deep `cause` chains are followed (fetch() wraps the socket error in a TypeError's cause). */
const MAX_DEPTH = 5;

interface ErrorFields {
  name?: unknown;
  code?: unknown;
  $metadata?: { httpStatusCode?: unknown };
  $retryable?: { throttling?: unknown };
  cause?: unknown;
  errors?: unknown;
}

/** True when `error`, as a reader threw it, means the store could not be reached. */
export function isUnreachableFailure(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > MAX_DEPTH) return false;
  const fields = error as ErrorFields;
  if (typeof fields.name === 'string' && SETUP_NAMES.has(fields.name)) return false;
  if (typeof fields.code === 'string' && NETWORK_CODES.has(fields.code)) return true;
  if (typeof fields.name === 'string' && (TIMEOUT_NAMES.has(fields.name) || THROTTLING_NAMES.has(fields.name))) return true;
  const status = fields.$metadata?.httpStatusCode;
  if (typeof status === 'number' && (status === 429 || (status >= 500 && status <= 599))) return true;
  if (fields.$retryable?.throttling === true) return true;
  // Connecting to a name with several addresses fails with an AggregateError of one failure each.
  if (Array.isArray(fields.errors) && fields.errors.length > 0) return fields.errors.every((inner) => isUnreachableFailure(inner, depth + 1));
  return fields.cause !== undefined && isUnreachableFailure(fields.cause, depth + 1);
}
