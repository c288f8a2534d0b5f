// IAM wildcard matching: `*` matches any run of characters (including none, and including `/` and
// `:`), `?` exactly one character, everything else is literal. Built without regular expressions on
// purpose (security catalogue B3/B4): a translated regex is a ReDoS risk and invites escaping bugs
// (an unescaped `.` in a resource would match any character).
//
// Method: split the pattern on `*` into fixed-length segments (`?` inside a segment still counts as
// one character). The first segment must match at the start, the last at the end, and each middle
// segment is taken at its leftmost match after the previous one. Leftmost is always safe because a
// later segment only needs room to its right, so nothing is ever retried: each segment scans the
// text once. Cost is O(text × longest segment) at worst and O(text + pattern) for typical patterns,
// independent of the number of stars.

export interface GlobOptions {
  /** Compare case-insensitively (IAM actions); resources and most condition values are case-sensitive. */
  readonly caseInsensitive?: boolean;
}

/** Splits into code points so `?` matches one character even outside the BMP; folding keeps one
 * element per code point so positions on both sides stay aligned. */
function toChars(s: string, caseInsensitive: boolean): string[] {
  const chars = Array.from(s);
  if (!caseInsensitive) return chars;
  return chars.map((c) => {
    const lower = c.toLowerCase();
    return lower.length === c.length ? lower : c;
  });
}

function matchesAt(segment: readonly string[], text: readonly string[], at: number): boolean {
  if (at < 0 || at + segment.length > text.length) return false;
  for (let i = 0; i < segment.length; i += 1) {
    const p = segment[i];
    if (p !== '?' && p !== text[at + i]) return false;
  }
  return true;
}

export function globMatch(pattern: string, text: string, options: GlobOptions = {}): boolean {
  const ci = options.caseInsensitive === true;
  const p = toChars(pattern, ci);
  const t = toChars(text, ci);

  const segments: string[][] = [[]];
  for (const c of p) {
    if (c === '*') segments.push([]);
    else segments[segments.length - 1]?.push(c);
  }

  const first = segments[0] ?? [];
  if (segments.length === 1) return first.length === t.length && matchesAt(first, t, 0);

  const last = segments[segments.length - 1] ?? [];
  // Prefix and suffix must not overlap: they cover distinct characters of the text.
  if (first.length + last.length > t.length) return false;
  if (!matchesAt(first, t, 0) || !matchesAt(last, t, t.length - last.length)) return false;

  let pos = first.length;
  const end = t.length - last.length;
  for (let s = 1; s < segments.length - 1; s += 1) {
    const segment = segments[s] ?? [];
    let found = -1;
    for (let at = pos; at + segment.length <= end; at += 1) {
      if (matchesAt(segment, t, at)) {
        found = at;
        break;
      }
    }
    if (found < 0) return false;
    pos = found + segment.length;
  }
  return true;
}
