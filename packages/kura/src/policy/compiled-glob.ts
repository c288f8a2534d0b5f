// IAM wildcard matching: `*` matches any run of characters (including none, and including `/` and
// `:`), `?` exactly one character, everything else is literal. Built without regular expressions on
// purpose: a translated regex is a ReDoS risk and invites escaping bugs (an unescaped `.` in a
// resource would match any character).
//
// Matching is split in two steps so that the costly part happens once per policy instead of once
// per request (compileGlob), and so that text inserted from a policy variable or an escape (`${*}`)
// can be marked literal: a user named `*` must not become a wildcard. globMatch is the one-shot
// form of the same matcher.
//
// Method: split the pattern on `*` into fixed-length segments (`?` inside a segment still counts as
// one character). The first segment must match at the start, the last at the end, and each middle
// segment is taken at its leftmost match after the previous one. Leftmost is always safe because a
// later segment only needs room to its right, so nothing is ever retried: each segment scans the
// text once. Cost is O(text × longest segment) at worst and O(text + pattern) for typical patterns,
// independent of the number of stars.

/** `?` in a pattern. */
export const ANY_ONE = 1;
/** `*` in a pattern. */
export const ANY_RUN = 2;

/** A literal run of text, or one of the two wildcards. */
export type GlobToken = string | typeof ANY_ONE | typeof ANY_RUN;

export type Matcher = (text: string) => boolean;

/** Reads `*` and `?` in `pattern` as wildcards. */
export function globTokens(pattern: string): GlobToken[] {
  const tokens: GlobToken[] = [];
  let literal = '';
  for (const c of pattern) {
    if (c !== '*' && c !== '?') {
      literal += c;
      continue;
    }
    if (literal !== '') tokens.push(literal);
    literal = '';
    tokens.push(c === '*' ? ANY_RUN : ANY_ONE);
  }
  if (literal !== '') tokens.push(literal);
  return tokens;
}

/** Merges adjacent literals and repeated stars (`**` matches what `*` matches). */
function normalize(tokens: readonly GlobToken[]): GlobToken[] {
  const out: GlobToken[] = [];
  for (const token of tokens) {
    const last = out[out.length - 1];
    if (typeof token === 'string') {
      if (token === '') continue;
      if (typeof last === 'string') out[out.length - 1] = last + token;
      else out.push(token);
    } else if (!(token === ANY_RUN && last === ANY_RUN)) {
      out.push(token);
    }
  }
  return out;
}

/** A star-free run of the pattern, one entry per code point; `null` is `?`. */
type Segment = ReadonlyArray<string | null>;

function matchesAt(segment: Segment, text: readonly string[], at: number): boolean {
  if (at < 0 || at + segment.length > text.length) return false;
  for (let i = 0; i < segment.length; i += 1) {
    const p = segment[i];
    if (p !== null && p !== text[at + i]) return false;
  }
  return true;
}

/** The general case: first segment anchored left, last anchored right, each middle
 * segment at its leftmost place after the previous one (never retried, so linear). */
function matchSegments(segments: readonly Segment[], text: readonly string[]): boolean {
  const first = segments[0] ?? [];
  if (segments.length === 1) return first.length === text.length && matchesAt(first, text, 0);
  const last = segments[segments.length - 1] ?? [];
  if (first.length + last.length > text.length) return false;
  if (!matchesAt(first, text, 0) || !matchesAt(last, text, text.length - last.length)) return false;
  let pos = first.length;
  const end = text.length - last.length;
  for (let s = 1; s < segments.length - 1; s += 1) {
    const segment = segments[s] ?? [];
    let found = -1;
    for (let at = pos; at + segment.length <= end; at += 1) {
      if (matchesAt(segment, text, at)) {
        found = at;
        break;
      }
    }
    if (found < 0) return false;
    pos = found + segment.length;
  }
  return true;
}

/** Compiles tokens into a matcher. The common shapes (`*`, literal, `prefix*`, `*suffix`,
 * `*infix*`) become plain string comparisons; only patterns with `?` or inner stars take the
 * general path, which works on code points so that `?` is one character even outside the BMP. */
export function compileGlob(input: readonly GlobToken[]): Matcher {
  const tokens = normalize(input);
  const [a, b, c] = tokens;
  if (tokens.length === 0) return (text) => text === '';
  if (tokens.length === 1) {
    if (a === ANY_RUN) return () => true;
    if (typeof a === 'string') return (text) => text === a;
  }
  if (tokens.length === 2 && typeof a === 'string' && b === ANY_RUN) return (text) => text.startsWith(a);
  if (tokens.length === 2 && a === ANY_RUN && typeof b === 'string') return (text) => text.endsWith(b);
  if (tokens.length === 3 && a === ANY_RUN && typeof b === 'string' && c === ANY_RUN) return (text) => text.includes(b);

  const segments: Array<Array<string | null>> = [[]];
  for (const token of tokens) {
    const current = segments[segments.length - 1] ?? [];
    if (token === ANY_RUN) segments.push([]);
    else if (token === ANY_ONE) current.push(null);
    else current.push(...Array.from(token));
  }
  return (text) => matchSegments(segments, Array.from(text));
}

/** Whether the tokens contain a wildcard at all (a literal pattern can be compared with `===`). */
export function isLiteral(tokens: readonly GlobToken[]): boolean {
  return tokens.every((t) => typeof t === 'string');
}

export interface GlobOptions {
  /** Compare case-insensitively (IAM actions); resources and most condition values are case-sensitive. */
  readonly caseInsensitive?: boolean;
}

/** Lower-cases code point by code point, keeping any whose lower case has another length, so that
 * `?` still lines up with one character on both sides. */
function foldCase(s: string): string {
  return Array.from(s, (c) => {
    const lower = c.toLowerCase();
    return lower.length === c.length ? lower : c;
  }).join('');
}

/** Matches once, without keeping the compiled form (the same matcher compileGlob builds). */
export function globMatch(pattern: string, text: string, options: GlobOptions = {}): boolean {
  if (options.caseInsensitive === true) return compileGlob(globTokens(foldCase(pattern)))(foldCase(text));
  return compileGlob(globTokens(pattern))(text);
}
