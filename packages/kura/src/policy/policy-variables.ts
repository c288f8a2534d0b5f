// Policy variables (`${aws:username}`, `${aws:PrincipalTag/team, 'default'}`) and the escapes
// `${*}`, `${?}`, `${$}`. Only policies with Version 2012-10-17 have them;
// the caller decides that and does not come here otherwise.
//
// Two rules keep variables from ever widening an Allow:
// - a value taken from the request is always literal text: a user named `*` or `a?c` matches
//   only itself, never as a wildcard;
// - a variable that cannot be resolved (key absent, multi-valued, or the `${…}` is malformed)
//   yields `undefined`, and the evaluator then treats the whole statement as not applying, which
//   is what AWS documents ("any attempt to match it fails and causes the statement to be invalid").

import { globTokens, type GlobToken } from './compiled-glob.js';

export type TemplatePiece =
  /** Text as written in the policy (its `*` and `?` are wildcards where the operator has them). */
  | { readonly kind: 'text'; readonly text: string }
  /** An escape: always the literal character. */
  | { readonly kind: 'literal'; readonly text: string }
  /** `key` lower-cased (context keys compare case-insensitively). */
  | { readonly kind: 'var'; readonly key: string; readonly fallback: string | undefined };

/** Finds a request value by lower-cased key; undefined when absent or not a single string. */
export type Lookup = (key: string) => string | undefined;

const ESCAPES: ReadonlySet<string> = new Set(['*', '?', '$']);

export function hasVariables(text: string): boolean {
  return text.includes('${');
}

/** Reads one `${…}` starting at `start` (which points at `$`); returns the piece and the index
 * after `}`, or undefined when malformed. */
function readVariable(text: string, start: number): { piece: TemplatePiece; end: number } | undefined {
  const open = start + 2;
  const escape = text[open];
  if (escape !== undefined && ESCAPES.has(escape) && text[open + 1] === '}') {
    return { piece: { kind: 'literal', text: escape }, end: open + 2 };
  }
  let i = open;
  while (i < text.length && text[i] !== '}' && text[i] !== ',') i += 1;
  const key = text.slice(open, i).trim();
  if (key === '' || /[\s${]/.test(key) || i >= text.length) return undefined;
  if (text[i] === '}') return { piece: { kind: 'var', key: key.toLowerCase(), fallback: undefined }, end: i + 1 };
  // `${key, 'default'}`: AWS documents a comma and a space, then the default in single quotes.
  i += 1;
  while (text[i] === ' ') i += 1;
  if (text[i] !== "'") return undefined;
  const close = text.indexOf("'", i + 1);
  if (close < 0) return undefined;
  const fallback = text.slice(i + 1, close);
  i = close + 1;
  while (text[i] === ' ') i += 1;
  if (text[i] !== '}') return undefined;
  return { piece: { kind: 'var', key: key.toLowerCase(), fallback }, end: i + 1 };
}

/** Splits `text` into pieces; undefined when a `${` is malformed (the element then never matches). */
export function parseTemplate(text: string): TemplatePiece[] | undefined {
  const pieces: TemplatePiece[] = [];
  let from = 0;
  for (;;) {
    const at = text.indexOf('${', from);
    if (at < 0) break;
    if (at > from) pieces.push({ kind: 'text', text: text.slice(from, at) });
    const read = readVariable(text, at);
    if (read === undefined) return undefined;
    pieces.push(read.piece);
    from = read.end;
  }
  if (from < text.length) pieces.push({ kind: 'text', text: text.slice(from) });
  return pieces;
}

function valueOf(piece: TemplatePiece & { kind: 'var' }, lookup: Lookup): string | undefined {
  return lookup(piece.key) ?? piece.fallback;
}

/** Glob tokens with the variables filled in: policy text keeps its wildcards, inserted values and
 * escapes are literal. Undefined when a variable cannot be resolved. */
export function resolveTokens(pieces: readonly TemplatePiece[], lookup: Lookup): GlobToken[] | undefined {
  const tokens: GlobToken[] = [];
  for (const piece of pieces) {
    if (piece.kind === 'text') tokens.push(...globTokens(piece.text));
    else if (piece.kind === 'literal') tokens.push(piece.text);
    else {
      const value = valueOf(piece, lookup);
      if (value === undefined) return undefined;
      tokens.push(value);
    }
  }
  return tokens;
}

/** The plain string with the variables filled in (for operators without wildcards). */
export function resolveString(pieces: readonly TemplatePiece[], lookup: Lookup): string | undefined {
  let out = '';
  for (const piece of pieces) {
    if (piece.kind !== 'var') out += piece.text;
    else {
      const value = valueOf(piece, lookup);
      if (value === undefined) return undefined;
      out += value;
    }
  }
  return out;
}
