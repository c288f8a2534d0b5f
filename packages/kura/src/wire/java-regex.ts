// AWS model patterns are java.util.regex patterns, applied with Matcher.matches() (the whole value
// must match). JavaScript's RegExp differs in ways that matter for validation: `.` and `\s` cover
// other characters, `\:` is a syntax error under the `u` flag, `\17` may mean "group 1, then 7",
// and a leading `(?i)` is a flag. This translates the subset the models use and refuses the rest,
// so a pattern either means what Java means or is reported as unsupported, never silently wrong.

export class UnsupportedPatternError extends Error {}

// Java's `.` stops at these line terminators; JavaScript's `.` does not know U+0085.
const JAVA_DOT = '[^\\n\\r\\u0085\\u2028\\u2029]';
// Java's \s is ASCII whitespace only; JavaScript's includes every Unicode space.
const JAVA_SPACE_CHARS = '\\t\\n\\x0B\\f\\r ';
const SYNTAX = new Set([...'^$\\.*+?()[]{}|/']);
const POSIX: Record<string, string> = {
  Lower: 'a-z',
  Upper: 'A-Z',
  ASCII: '\\x00-\\x7F',
  Alpha: 'a-zA-Z',
  Digit: '0-9',
  Alnum: 'a-zA-Z0-9',
  Punct: '!-\\/:-@\\[-`{-~',
  Graph: '!-~',
  Print: ' -~',
  Blank: ' \\t',
  Cntrl: '\\x00-\\x1F\\x7F',
  XDigit: '0-9a-fA-F',
  Space: JAVA_SPACE_CHARS,
};

export interface TranslatedPattern {
  source: string;
  flags: string;
}

/** Translates a Java pattern into a JavaScript one with the same matches() semantics. */
export function translateJavaRegex(pattern: string): TranslatedPattern {
  let flags = '';
  let body = pattern;
  if (body.startsWith('(?i)')) {
    flags = 'i';
    body = body.slice(4);
  }
  let out = '';
  let inClass = false;
  let classStart = -1;
  let groups = 0;
  let afterQuantifier = false;
  let i = 0;
  const unsupported = (what: string): never => {
    throw new UnsupportedPatternError(`unsupported Java regex construct ${what} in ${pattern}`);
  };
  while (i < body.length) {
    const c = body[i] as string;
    const wasQuantifier: boolean = afterQuantifier;
    afterQuantifier = false;
    if (c === '\\') {
      const escaped = translateEscape(body, i, inClass, groups, unsupported);
      out += escaped.text;
      i = escaped.next;
      continue;
    }
    if (inClass) {
      if (c === ']' && i !== classStart) {
        inClass = false;
        out += ']';
      } else if (c === ']') {
        out += '\\]'; // Java reads a `]` straight after `[` or `[^` as a literal.
      } else if (c === '[') {
        unsupported('nested character class');
      } else if (c === '&' && body[i + 1] === '&') {
        unsupported('class intersection &&');
      } else {
        out += c;
      }
      i += 1;
      continue;
    }
    switch (c) {
      case '[':
        inClass = true;
        out += '[';
        i += 1;
        if (body[i] === '^') {
          out += '^';
          i += 1;
        }
        classStart = i;
        continue;
      case '.':
        out += JAVA_DOT;
        break;
      case '(':
        if (body[i + 1] !== '?') {
          groups += 1;
          out += '(';
        } else if (body.startsWith('(?<', i) && body[i + 3] !== '=' && body[i + 3] !== '!') {
          groups += 1;
          out += '(?<';
          i += 3;
          continue;
        } else if (/^\(\?[:=!]|^\(\?<[=!]/.test(body.slice(i, i + 4))) {
          out += '(';
        } else if (body.startsWith('(?>', i)) {
          // Atomic groups only change backtracking cost for the patterns AWS writes.
          out += '(?:';
          i += 3;
          continue;
        } else {
          unsupported(`inline flags ${body.slice(i, i + 4)}`);
        }
        break;
      case '{': {
        const quantifier = /^\{\d+(,\d*)?\}/.exec(body.slice(i));
        if (quantifier) {
          out += quantifier[0];
          i += quantifier[0].length;
          afterQuantifier = true;
          continue;
        }
        out += '\\{';
        break;
      }
      case '}':
      case ']':
        out += `\\${c}`; // literal in Java, a syntax error alone under the `u` flag
        break;
      case '*':
      case '?':
        out += c;
        afterQuantifier = c === '*' || !wasQuantifier;
        break;
      case '+':
        // After a quantifier, Java's `+` makes it possessive; JavaScript has no such thing, and
        // for validation patterns the greedy form accepts the same strings.
        if (!wasQuantifier) {
          out += '+';
          afterQuantifier = true;
        }
        break;
      default:
        out += c;
    }
    i += 1;
  }
  if (inClass) unsupported('unterminated character class');
  return { source: out, flags };
}

function translateEscape(
  body: string,
  at: number,
  inClass: boolean,
  groups: number,
  unsupported: (what: string) => never,
): { text: string; next: number } {
  const e = body[at + 1];
  if (e === undefined) return unsupported('trailing backslash');
  const next = at + 2;
  if (e === 'Q') {
    const end = body.indexOf('\\E', next);
    const literal = body.slice(next, end === -1 ? body.length : end);
    const text = [...literal].map((ch) => (SYNTAX.has(ch) || ch === '-' ? `\\${ch}` : ch)).join('');
    return { text, next: end === -1 ? body.length : end + 2 };
  }
  if (/[1-9]/.test(e)) {
    // Java takes as many digits as name an existing group and leaves the rest as literal digits.
    let digits = e;
    let j = next;
    while (j < body.length && /[0-9]/.test(body[j] as string) && Number(digits + body[j]) <= groups) {
      digits += body[j];
      j += 1;
    }
    if (inClass) return unsupported('back reference in a class');
    return { text: `(?:\\${digits})`, next: j };
  }
  switch (e) {
    case 'd':
    case 'D':
    case 'w':
    case 'W':
    case 't':
    case 'n':
    case 'r':
    case 'f':
      return { text: `\\${e}`, next };
    case 'b':
    case 'B':
      if (inClass) return unsupported('\\b in a class');
      return { text: `\\${e}`, next };
    case 's':
      return { text: inClass ? JAVA_SPACE_CHARS : `[${JAVA_SPACE_CHARS}]`, next };
    case 'S':
      // Inside a class the JavaScript meaning is kept: the models only write it as [\s\S].
      return { text: inClass ? '\\S' : `[^${JAVA_SPACE_CHARS}]`, next };
    case 'a':
      return { text: '\\x07', next };
    case 'e':
      return { text: '\\x1B', next };
    case '0': {
      const octal = /^[0-3]?[0-7]{1,2}/.exec(body.slice(next))?.[0];
      if (!octal) return unsupported('\\0 without octal digits');
      return { text: `\\u{${parseInt(octal, 8).toString(16)}}`, next: next + octal.length };
    }
    case 'x': {
      const braced = /^\{([0-9a-fA-F]+)\}/.exec(body.slice(next));
      if (braced) return { text: `\\u{${braced[1]}}`, next: next + braced[0].length };
      return { text: '\\x', next };
    }
    case 'u':
      // Exactly four hex digits in both languages: `\u10000` is U+1000 then '0' in each.
      return { text: '\\u', next };
    case 'c':
      return { text: '\\c', next };
    case 'A':
      return inClass ? unsupported('\\A in a class') : { text: '^', next };
    case 'z':
    case 'Z':
      return inClass ? unsupported(`\\${e} in a class`) : { text: '$', next };
    case 'p':
    case 'P':
      return translateProperty(body, at, inClass, unsupported);
    default:
      if (/[A-Za-z]/.test(e)) return unsupported(`\\${e}`);
      if (SYNTAX.has(e) || (inClass && e === '-')) return { text: `\\${e}`, next };
      // Java allows escaping any punctuation; JavaScript's `u` flag rejects `\:` and the like.
      return { text: e, next };
  }
}

function translateProperty(
  body: string,
  at: number,
  inClass: boolean,
  unsupported: (what: string) => never,
): { text: string; next: number } {
  const negated = body[at + 1] === 'P';
  const braced = /^\{(\^?)([A-Za-z_]+)\}/.exec(body.slice(at + 2));
  const single = /^[A-Za-z]/.exec(body.slice(at + 2));
  const name = braced ? (braced[2] as string) : single?.[0];
  if (name === undefined) return unsupported('\\p without a name');
  const next = at + 2 + (braced ? braced[0].length : 1);
  const negate = negated !== (braced?.[1] === '^');
  const posix = POSIX[name];
  if (posix !== undefined) {
    if (!negate) return { text: inClass ? posix : `[${posix}]`, next };
    return inClass ? unsupported(`\\P{${name}} in a class`) : { text: `[^${posix}]`, next };
  }
  const letter = negate ? 'P' : 'p';
  if (/^[A-Z][a-z&]?$/.test(name)) return { text: `\\${letter}{${name.replace('&', '')}}`, next };
  if (/^Is[A-Z][a-z]?$/.test(name)) return { text: `\\${letter}{${name.slice(2)}}`, next };
  if (name === 'IsAlphabetic') return { text: `\\${letter}{Alphabetic}`, next };
  if (/^Is[A-Z][a-z]+$/.test(name)) return { text: `\\${letter}{Script=${name.slice(2)}}`, next };
  return unsupported(`\\p{${name}}`);
}

const cache = new Map<string, RegExp | null>();

/**
 * The compiled full-match RegExp for a model pattern, cached: patterns are few and requests many.
 * Null when the pattern uses a construct the translator refuses (a test keeps the models clear).
 */
export function compileJavaPattern(pattern: string): RegExp | null {
  const hit = cache.get(pattern);
  if (hit !== undefined) return hit;
  let compiled: RegExp | null;
  try {
    const { source, flags } = translateJavaRegex(pattern);
    compiled = new RegExp(`^(?:${source})$`, `u${flags}`);
  } catch {
    compiled = null;
  }
  cache.set(pattern, compiled);
  return compiled;
}

/** Whether the whole value matches the model pattern, as Java's Matcher.matches() decides. */
export function matchesJavaPattern(pattern: string, value: string): boolean {
  const compiled = compileJavaPattern(pattern);
  return compiled === null ? true : compiled.test(value);
}
