// Every way `kura exec` can refuse to start the program: one line for stderr and a documented exit
// code. Codes 2–4 are only ever returned before the program starts; once it runs, its own code wins.
// Messages name parameters, variables and flags, never a value: callers must not put one in.

export const EXIT = {
  /** A bad option, --map, name list or endpoint: nothing was fetched. */
  usage: 2,
  /** The store could not be read: unreachable, denied, throttled past retries, timed out, missing, decrypt failure. */
  fetch: 3,
  /** Fetched, but the result may not be used: a name collision, a refused or invalid name, --strict, a NUL byte. */
  rejected: 4,
  /** The program exists but cannot be run (shell convention). */
  cannotRun: 126,
  /** The program was not found (shell convention). */
  notFound: 127,
} as const;

export interface ExecErrorDetails {
  /**
   * The store could not be reached (network failure, --timeout, 5xx or throttling past the SDK's
   * retries), as opposed to an answer that refuses or lacks something. Only such a failure may start
   * the program from the last-known-good file (fallback.ts). Decided where the raw error is seen
   * (fetch.ts), because the message alone no longer tells.
   */
  unreachable?: boolean;
}

export class ExecError extends Error {
  override readonly name = 'ExecError';
  /** See ExecErrorDetails; read it through fallback.ts isUnreachable (the SDK bundles have their own class). */
  readonly unreachable: boolean;
  constructor(
    message: string,
    readonly exitCode: number,
    details: ExecErrorDetails = {},
  ) {
    super(message);
    this.unreachable = details.unreachable === true;
  }
}

/**
 * instanceof is not enough: ssm-sdk.ts and secrets-sdk.ts are bundled separately (dist/ssm-sdk.cjs,
 * dist/secrets-sdk.cjs) and carry their own copy of this class.
 */
export function isExecError(error: unknown): error is ExecError {
  return error instanceof Error && error.name === 'ExecError' && typeof (error as { exitCode?: unknown }).exitCode === 'number';
}

/** Longest error text shown from a service; AWS messages are short, anything longer is not for a log line. */
const MAX_DETAIL = 300;

/**
 * One line describing an SDK or network failure. Service errors (those carrying `$fault`) are
 * shown with AWS's name and message, which hold names and ARNs only. Anything else that could carry
 * a piece of a response body (a JSON.parse SyntaxError quotes the text it choked on) is reduced to
 * its kind, so that a truncated or hostile response can never put a value on stderr.
 */
export function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return 'unknown failure';
  if (isExecError(error)) return error.message;
  const fields = error as Error & { code?: unknown; $metadata?: { httpStatusCode?: number }; $fault?: unknown; $response?: unknown };
  const status = fields.$metadata?.httpStatusCode ?? (fields.$response as { statusCode?: number } | undefined)?.statusCode;
  // Network (ECONNREFUSED, ENOTFOUND, ETIMEDOUT…): the SDK attaches $metadata to these too.
  if (typeof fields.code === 'string' && /^E[A-Z_]+$/.test(fields.code)) return `${fields.code}: ${oneLine(error.message)}`;
  if (error.name === 'SyntaxError' || /deserializ/i.test(error.message) || (fields.$response !== undefined && !fields.$fault)) {
    return `malformed response from the store${status ? ` (HTTP ${status})` : ''}`;
  }
  if (fields.$fault) {
    const detail = oneLine(error.message);
    return detail && detail !== error.name && detail !== 'UnknownError' ? `${error.name}: ${detail}` : `${error.name}${status ? ` (HTTP ${status})` : ''}`;
  }
  if (error.message === 'Region is missing') return 'no AWS region: set AWS_REGION (or AWS_DEFAULT_REGION, or region in the profile)';
  if (error.name === 'CredentialsProviderError' || error.name === 'ProviderError') return `no AWS credentials: ${oneLine(error.message)}`;
  return `${error.name}: ${oneLine(error.message)}`;
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > MAX_DETAIL ? `${flat.slice(0, MAX_DETAIL)}…` : flat;
}
