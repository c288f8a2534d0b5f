// Which failures of the pg driver mean "PostgreSQL cannot serve now" rather than "this statement is
// wrong": those become the store's StoreUnavailableError (a retryable 503 for the client), close the
// connection they happened on, and, while a request is still waiting for a connection, are worth
// connecting again for. Everything else (a bug in a statement, a constraint the code did not expect)
// stays what it is: an internal failure.

import { StoreUnavailableError } from '../unavailable.js';

/** Socket errors of Node's net and dns modules: the server is not there, or the path to it broke. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENETDOWN', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * SQLSTATEs of a server that cannot serve (https://www.postgresql.org/docs/current/errcodes-appendix.html):
 * shutting down, starting up or in recovery (57P01–57P04), out of connections or resources (53),
 * a statement cancelled by statement_timeout (57014), a session ended by the idle-in-transaction
 * timeout (25P03), and a read-only server (25006): after a failover, a connection that still reaches
 * the old primary, now a standby, must be dropped so the next one reaches the new primary.
 */
const SERVER_STATES = new Set(['57P01', '57P02', '57P03', '57P04', '57014', '25P03', '25006']);
/** Whole classes: connection exceptions (08), insufficient resources (53), invalid authorization (28). */
const SERVER_CLASSES = new Set(['08', '53', '28']);
/** The database itself is gone (dropped, or the URL names another): nothing a request can fix either. */
const MISSING_DATABASE = '3D000';

/** The driver's own words for a connection that broke, timed out or was never made. */
const DRIVER_MESSAGES = [
  'Connection terminated',
  'Query read timeout',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error',
  'Client was closed',
];

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function isServerState(code: string): boolean {
  return /^[0-9A-Z]{5}$/.test(code) && (SERVER_STATES.has(code) || SERVER_CLASSES.has(code.slice(0, 2)) || code === MISSING_DATABASE);
}

/** True when `error` means PostgreSQL cannot serve now (unreachable, restarting, overloaded, timed out). */
export function isUnavailability(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error instanceof StoreUnavailableError) return true;
  const code = codeOf(error);
  if (code !== undefined && (NETWORK_CODES.has(code) || isServerState(code))) return true;
  if (DRIVER_MESSAGES.some((start) => error.message.startsWith(start))) return true;
  // Node reports a refused connection to a name with several addresses (localhost: ::1 and 127.0.0.1)
  // as an AggregateError whose own code may be missing.
  if (error instanceof AggregateError) return error.errors.some(isUnavailability);
  const cause = (error as { cause?: unknown }).cause;
  return cause !== undefined && cause !== error && isUnavailability(cause);
}

/**
 * True when connecting again, within the time a request may wait, may succeed: the server refused or
 * dropped the attempt (restarting, failing over, out of connection slots, not yet the primary). Not a refused password or
 * a missing database, and not a connection attempt that already used up its time.
 */
export function isWorthReconnecting(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = codeOf(error);
  // 25006: a read-only server (connect.ts), which a failover may turn into the primary, or the
  // endpoint move to the new one.
  if (code === '57P01' || code === '57P02' || code === '57P03' || code === '53300' || code === '25006') return true;
  if (code !== undefined && NETWORK_CODES.has(code)) return code !== 'ETIMEDOUT';
  if (error.message.startsWith('Connection terminated unexpectedly')) return true;
  if (error instanceof AggregateError) return error.errors.some(isWorthReconnecting);
  return false;
}

/** The words of `error` safe to log and to carry: no `secret` (the URL's password), at most 300 characters. */
export function describeFailure(error: unknown, secret: string | undefined): string {
  const code = codeOf(error);
  let text = error instanceof Error ? error.message : String(error);
  if (text === '' && error instanceof AggregateError) text = error.errors.map((e: unknown) => (e instanceof Error ? e.message : String(e))).join('; ');
  if (code !== undefined && !text.includes(code)) text = `${text} (${code})`;
  if (secret) text = text.split(secret).join('***');
  return text.slice(0, 300);
}

/** `error` as the store reports it: a StoreUnavailableError when PostgreSQL cannot serve, else unchanged. */
export function asStoreFailure(error: unknown, secret: string | undefined): unknown {
  if (error instanceof StoreUnavailableError || !isUnavailability(error)) return error;
  return new StoreUnavailableError(describeFailure(error, secret), { cause: error });
}
