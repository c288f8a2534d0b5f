// Reads what a caller presented as its SigV4 signature, from the Authorization header or from the
// query string of a presigned URL. Only structure is
// judged here; whether the scope, clock and signature are right is verify.ts's business, which
// runs once the gateway has looked the access key up.
//
// Where AWS's behaviour is recorded (dynalite and kinesalite record real DynamoDB/Kinesis answers;
// the messages below are theirs), it is followed: the missing-parts message lists every missing
// part and quotes the header back; the query form says "Re-examine the query-string parameters."

import {
  checkAlgorithm,
  echo,
  incomplete,
  parseCredential,
  parseRequestTime,
  parseSignedHeaders,
  sessionToken,
} from './auth-fields.js';
import { headerMap, queryPairs, queryParams, singleHeader, splitRawUrl, type HeaderMap, type QueryPair } from './request-parts.js';
import { AuthFailure, type PresentedSignature, type ReceivedRequest } from './types.js';

export const MISSING_TOKEN = 'Request is missing Authentication Token';

const MAX_EXPIRES_SECONDS = 604800;

/** The query parameters of the presigned form; each may appear at most once. */
const QUERY_AUTH_PARAMS = [
  'X-Amz-Algorithm',
  'X-Amz-Credential',
  'X-Amz-Signature',
  'X-Amz-SignedHeaders',
  'X-Amz-Date',
  'X-Amz-Expires',
  'X-Amz-Security-Token',
] as const;

export function presentedSignature(req: ReceivedRequest): PresentedSignature {
  const headers = headerMap(req.rawHeaders);
  const pairs = queryPairs(splitRawUrl(req.rawUrl).query);
  const authorization = headers.get('authorization');
  const queryAuth = pairs.some((p) => p.name === 'X-Amz-Algorithm' || p.name === 'X-Amz-Credential' || p.name === 'X-Amz-Signature');

  if (authorization === undefined && !pairs.some((p) => p.name === 'X-Amz-Algorithm')) {
    throw new AuthFailure('missing', MISSING_TOKEN);
  }
  // Two signatures on one request leave it open which one was checked: refuse.
  if (authorization !== undefined && queryAuth) {
    throw incomplete("Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header.");
  }
  rejectRepeatedHeaders(headers);
  return authorization !== undefined ? fromHeader(authorization[0] as string, headers, pairs) : fromQuery(headers, pairs);
}

/**
 * A repeated Host, Authorization, Date or X-Amz-* header is ambiguous: the signature covers the
 * joined values while the code that routes or dispatches may read only one of them.
 * No SDK ever repeats them.
 */
function rejectRepeatedHeaders(headers: HeaderMap): void {
  for (const [name, values] of headers) {
    if (values.length < 2) continue;
    if (name === 'host' || name === 'authorization' || name === 'date' || name.startsWith('x-amz-')) {
      throw incomplete(`The request carries more than one '${name}' header.`);
    }
  }
}

interface HeaderComponents {
  Credential?: string;
  SignedHeaders?: string;
  Signature?: string;
}

function fromHeader(authorization: string, headers: HeaderMap, pairs: readonly QueryPair[]): PresentedSignature {
  const trimmed = authorization.replace(/^[ \t]+|[ \t]+$/g, '');
  const gap = trimmed.search(/[ \t]/);
  const algorithm = gap < 0 ? trimmed : trimmed.slice(0, gap);
  const components = parseComponents(gap < 0 ? '' : trimmed.slice(gap + 1), authorization);

  const amzDate = singleHeader(headers, 'x-amz-date');
  const httpDate = singleHeader(headers, 'date');
  const missing: string[] = [];
  if (!components.Credential) missing.push("Authorization header requires 'Credential' parameter.");
  if (!components.Signature) missing.push("Authorization header requires 'Signature' parameter.");
  if (components.SignedHeaders === undefined) missing.push("Authorization header requires 'SignedHeaders' parameter.");
  if (amzDate === undefined && httpDate === undefined) {
    missing.push("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
  }
  if (missing.length > 0) throw incomplete(`${missing.join(' ')} Authorization=${echo(authorization)}`);

  const requestTime = parseRequestTime(amzDate, httpDate);
  checkAlgorithm(algorithm);
  const { accessKeyId, scope } = parseCredential(components.Credential as string);
  const signedHeaders = parseSignedHeaders(components.SignedHeaders as string);
  const token = sessionToken(singleHeader(headers, 'x-amz-security-token'), onlyQueryValue(pairs, 'X-Amz-Security-Token'));

  const presented: PresentedSignature = {
    form: 'header',
    accessKeyId,
    scope,
    signedHeaders,
    signature: components.Signature as string,
    amzDate: amzDate ?? (httpDate as string),
    requestTime,
  };
  if (token !== undefined) presented.sessionToken = token;
  return presented;
}

/**
 * `Credential=…, SignedHeaders=…, Signature=…` in any order, separated by `,` with or without
 * spaces. A part without `=` is malformed (AWS's message); a repeated part is ambiguous; parts
 * with other names carry nothing we sign with and are ignored.
 */
function parseComponents(text: string, authorization: string): HeaderComponents {
  const found: HeaderComponents = {};
  for (const rawPart of text.split(',')) {
    const part = rawPart.replace(/^[ \t]+|[ \t]+$/g, '');
    if (part === '') continue;
    const eq = part.indexOf('=');
    if (eq < 0) {
      throw incomplete(
        `'${echo(part)}' not a valid key=value pair (missing equal-sign) in Authorization header: '${echo(authorization)}'.`,
      );
    }
    const key = part.slice(0, eq).replace(/[ \t]+$/, '');
    const value = part.slice(eq + 1).replace(/^[ \t]+/, '');
    if (key !== 'Credential' && key !== 'SignedHeaders' && key !== 'Signature') continue;
    if (found[key] !== undefined) throw incomplete(`Authorization header has more than one '${key}' parameter.`);
    found[key] = value;
  }
  return found;
}

function fromQuery(headers: HeaderMap, pairs: readonly QueryPair[]): PresentedSignature {
  for (const name of QUERY_AUTH_PARAMS) {
    if (queryParams(pairs, name).length > 1) throw incomplete(`AWS query-string parameter '${name}' appears more than once.`);
  }
  const param = (name: (typeof QUERY_AUTH_PARAMS)[number]): string | undefined => onlyQueryValue(pairs, name);

  const missing = (['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Signature', 'X-Amz-SignedHeaders', 'X-Amz-Date', 'X-Amz-Expires'] as const)
    .filter((name) => !param(name))
    .map((name) => `AWS query-string parameters must include '${name}'.`);
  if (missing.length > 0) throw incomplete(`${missing.join(' ')} Re-examine the query-string parameters.`);

  const amzDate = param('X-Amz-Date') as string;
  const requestTime = parseRequestTime(amzDate, undefined);
  checkAlgorithm(param('X-Amz-Algorithm') as string);
  const expiresSeconds = parseExpires(param('X-Amz-Expires') as string);
  const { accessKeyId, scope } = parseCredential(param('X-Amz-Credential') as string);
  const signedHeaders = parseSignedHeaders(param('X-Amz-SignedHeaders') as string);
  const token = sessionToken(singleHeader(headers, 'x-amz-security-token'), param('X-Amz-Security-Token'));

  const presented: PresentedSignature = {
    form: 'query',
    accessKeyId,
    scope,
    signedHeaders,
    signature: param('X-Amz-Signature') as string,
    amzDate,
    requestTime,
    expiresSeconds,
  };
  if (token !== undefined) presented.sessionToken = token;
  return presented;
}

/** X-Amz-Expires: whole seconds, 1 to 604800 (seven days), as SigV4 presigning allows. */
function parseExpires(value: string): number {
  if (!/^\d+$/.test(value)) throw incomplete('X-Amz-Expires should be a number');
  const seconds = Number(value);
  if (seconds < 1) throw incomplete(`X-Amz-Expires must be at least 1 second, got '${echo(value)}'.`);
  if (seconds > MAX_EXPIRES_SECONDS) {
    throw incomplete(
      `X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires must be less than ${MAX_EXPIRES_SECONDS} seconds`,
    );
  }
  return seconds;
}

/** The one value of an authentication parameter; its bytes must be UTF-8, so that it reads as signed. */
function onlyQueryValue(pairs: readonly QueryPair[], name: string): string | undefined {
  const found = queryParams(pairs, name);
  if (found.length > 1) throw incomplete(`AWS query-string parameter '${name}' appears more than once.`);
  const [param] = found;
  if (param && !param.exact) throw incomplete(`AWS query-string parameter '${name}' is not valid UTF-8.`);
  return param?.value;
}
