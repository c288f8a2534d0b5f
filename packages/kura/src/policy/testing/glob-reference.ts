// A second, deliberately different implementation of IAM wildcard matching for the tests to
// compare against: the textbook dynamic programme over code points. Obviously right, quadratic,
// fine for tests; never for requests.

export function referenceGlobMatch(pattern: string, text: string, caseInsensitive = false): boolean {
  const fold = (s: string): string[] => Array.from(caseInsensitive ? s.toLowerCase() : s);
  const p = fold(pattern);
  const t = fold(text);
  let row = Array.from({ length: t.length + 1 }, (_, j) => j === 0);
  for (const c of p) {
    const next = Array.from({ length: t.length + 1 }, () => false);
    next[0] = c === '*' && row[0] === true;
    for (let j = 1; j <= t.length; j += 1) {
      next[j] = c === '*' ? row[j] === true || next[j - 1] === true : row[j - 1] === true && (c === '?' || c === t[j - 1]);
    }
    row = next;
  }
  return row[t.length] === true;
}
