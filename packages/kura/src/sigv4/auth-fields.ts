// Parsing of the fields both forms of SigV4 authentication share: the credential, the signed
// header list, the request date and the session token. Messages are AWS's where AWS's are known
// (recorded against real services; sources in parse-authorization.ts), else our own.

import { parseAmzDate, parseHttpDate } from './dates.js';
import { AuthFailure, type PresentedSignature } from './types.js';

export const INVALID_TOKEN = 'The security token included in the request is invalid.';

export function incomplete(message: string): AuthFailure {
  return new AuthFailure('incomplete', message);
}

/** Keeps echoed request text (AWS quotes the Authorization header back) to a sane size. */
export function echo(value: string): string {
  return value.length > 2048 ? `${value.slice(0, 2048)}…` : value;
}

/** `<AKID>/<date>/<region>/<service>/<terminator>`; the scope parts are judged later, in verify. */
export function parseCredential(credential: string): Pick<PresentedSignature, 'accessKeyId' | 'scope'> {
  const parts = credential.split('/');
  if (parts.length !== 5) {
    throw incomplete(
      `Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${echo(credential)}'`,
    );
  }
  const [accessKeyId, date, region, service, terminator] = parts as [string, string, string, string, string];
  // AWS answers an empty key id as it answers an unknown one.
  if (accessKeyId === '') throw new AuthFailure('invalid-token', INVALID_TOKEN);
  return { accessKeyId, scope: { date, region, service, terminator } };
}

/**
 * SignedHeaders: lower-case header names, sorted, distinct, `;`-separated (every SDK signer
 * emits exactly this). Anything else is refused rather than reinterpreted, since the list is
 * itself part of the canonical request. An empty list parses; verify then refuses it for not
 * signing `host`, as AWS does.
 */
export function parseSignedHeaders(value: string): string[] {
  if (value === '') return [];
  const names = value.split(';');
  for (let i = 0; i < names.length; i++) {
    const name = names[i] as string;
    const previous = names[i - 1];
    if (!/^[a-z0-9!#$%&'*+.^_`|~-]+$/.test(name) || (previous !== undefined && previous >= name)) {
      throw incomplete(
        `SignedHeaders must list distinct lower-case header names in sorted order, separated by ';'. Got '${echo(value)}'.`,
      );
    }
  }
  return names;
}

/** The request time, from X-Amz-Date when present, else from the HTTP Date header. */
export function parseRequestTime(amzDate: string | undefined, httpDate: string | undefined): Date {
  if (amzDate !== undefined) {
    const time = parseAmzDate(amzDate);
    if (!time) {
      throw incomplete(`Date must be in ISO-8601 'basic format'. Got '${echo(amzDate)}'. See http://en.wikipedia.org/wiki/ISO_8601`);
    }
    return time;
  }
  const time = httpDate === undefined ? undefined : parseHttpDate(httpDate);
  if (!time) throw incomplete(`Date must be in RFC 1123 format. Got '${echo(httpDate ?? '')}'.`);
  return time;
}

export function checkAlgorithm(algorithm: string): void {
  if (algorithm !== 'AWS4-HMAC-SHA256') {
    throw incomplete(`Unsupported AWS 'algorithm': '${echo(algorithm)}' (only AWS4-HMAC-SHA256 for now).`);
  }
}

/**
 * The session token, from the X-Amz-Security-Token header or query parameter. Both at once is
 * ambiguous (which one did the caller mean to be checked?) and an empty token names no session,
 * so both are refused here rather than left for a caller to misread as "no token".
 */
export function sessionToken(header: string | undefined, query: string | undefined): string | undefined {
  if (header !== undefined && query !== undefined) {
    throw incomplete("Found both 'X-Amz-Security-Token' as a query-string param and as an HTTP header.");
  }
  const token = header ?? query;
  if (token === '') throw new AuthFailure('invalid-token', INVALID_TOKEN);
  return token;
}
