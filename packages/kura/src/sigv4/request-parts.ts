// Splits a request as received into the pieces SigV4 works on: the raw path, the query pairs (both
// decoded, to read X-Amz-* parameters, and canonically re-encoded, to sign), and the headers by
// lower-case name with every occurrence kept in arrival order.

import { isUtf8 } from 'node:buffer';
import { percentDecode, uriEncodeBytes } from './encoding.js';

export interface RawUrlParts {
  path: string;
  /** Everything after the first `?`, undecoded; '' when there is none. */
  query: string;
}

export function splitRawUrl(rawUrl: string): RawUrlParts {
  const mark = rawUrl.indexOf('?');
  if (mark < 0) return { path: rawUrl, query: '' };
  return { path: rawUrl.slice(0, mark), query: rawUrl.slice(mark + 1) };
}

export interface QueryPair {
  /** Decoded as UTF-8 (invalid sequences become U+FFFD): for reading parameter values only. */
  name: string;
  value: string;
  /** The canonical encodings, computed from the decoded bytes: for signing. */
  encodedName: string;
  encodedValue: string;
  /** False when the decoded bytes were not valid UTF-8, so name/value are lossy readings. */
  exact: boolean;
}

/** Every `name=value` pair of a raw query string, in order; a pair without `=` has value ''. */
export function queryPairs(rawQuery: string): QueryPair[] {
  const pairs: QueryPair[] = [];
  for (const piece of rawQuery.split('&')) {
    // `a&&b` and a trailing `&` carry no parameter; SDK signers never emit them either.
    if (piece === '') continue;
    const eq = piece.indexOf('=');
    const nameBytes = percentDecode(eq < 0 ? piece : piece.slice(0, eq));
    const valueBytes = percentDecode(eq < 0 ? '' : piece.slice(eq + 1));
    pairs.push({
      name: nameBytes.toString('utf8'),
      value: valueBytes.toString('utf8'),
      encodedName: uriEncodeBytes(nameBytes, false),
      encodedValue: uriEncodeBytes(valueBytes, false),
      exact: isUtf8(nameBytes) && isUtf8(valueBytes),
    });
  }
  return pairs;
}

/** The parameters named exactly `name` (case matters: AWS's names are case-sensitive). */
export function queryParams(pairs: readonly QueryPair[], name: string): QueryPair[] {
  return pairs.filter((pair) => pair.name === name);
}

/** Headers by lower-case name, each with all its values in arrival order. */
export type HeaderMap = ReadonlyMap<string, readonly string[]>;

// Parsing the signature and verifying it both read the headers: the map is built once per
// request's header array (node hands each request its own) and dropped with it.
const built = new WeakMap<readonly string[], HeaderMap>();

export function headerMap(rawHeaders: readonly string[]): HeaderMap {
  const known = built.get(rawHeaders);
  if (known) return known;
  const map = new Map<string, string[]>();
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = (rawHeaders[i] as string).toLowerCase();
    const value = rawHeaders[i + 1] as string;
    const values = map.get(name);
    if (values) values.push(value);
    else map.set(name, [value]);
  }
  built.set(rawHeaders, map);
  return map;
}

/** One header value as signed: trimmed, runs of spaces and tabs collapsed to one space. */
export function canonicalHeaderValue(value: string): string {
  // Most values are already canonical: no tab, no double space, no space at either end.
  if (!value.includes('\t') && !value.includes('  ') && value[0] !== ' ' && value[value.length - 1] !== ' ') return value;
  return value.replace(/[ \t]+/g, ' ').replace(/^ | $/g, '');
}

/**
 * The single value of a header in its signed (canonical) form, undefined when absent; callers
 * reject duplicates beforehand. Reading the canonical form means that what a value is taken to
 * say (a session token, a date) is exactly what the signature covers, whitespace included.
 */
export function singleHeader(headers: HeaderMap, name: string): string | undefined {
  const value = headers.get(name)?.[0];
  return value === undefined ? undefined : canonicalHeaderValue(value);
}
