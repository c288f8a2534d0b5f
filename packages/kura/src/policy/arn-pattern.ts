// ARN matching for Resource/NotResource and the Arn* condition operators. An ARN
// is split into six parts on its first five colons (arn, partition, service, region, account,
// resource) and the parts are compared one by one, case-sensitively, each with `*` and `?` as
// wildcards; inside the resource part `*` runs across `/` and `:` alike.
//
// A pattern with fewer than six parts matches an ARN with the same number of parts, or, when its
// last part ends in `*`, a longer one: AWS documents that a `*` ending an ARN segment "can expand
// to match beyond the colon boundaries", which is what makes `arn:aws:ssm:*` cover every SSM ARN.
// A short pattern without that star matches no real ARN (AWS accepts such patterns, e.g.
// `arn:aws:thing`, and they then match nothing).

import { ANY_RUN, compileGlob, globTokens, type GlobToken, type Matcher } from './compiled-glob.js';
import { hasVariables, parseTemplate, resolveTokens, type Lookup, type TemplatePiece } from './policy-variables.js';

const PARTS = 6;

/** `text` split on its first five colons (so the resource part keeps any further colons). */
export function splitArn(text: string): string[] {
  const parts: string[] = [];
  let from = 0;
  while (parts.length < PARTS - 1) {
    const at = text.indexOf(':', from);
    if (at < 0) break;
    parts.push(text.slice(from, at));
    from = at + 1;
  }
  parts.push(text.slice(from));
  return parts;
}

/** Splits a token list on the first five literal colons (wildcards never stand for a separator). */
function splitTokens(tokens: readonly GlobToken[]): GlobToken[][] {
  const parts: GlobToken[][] = [[]];
  for (const token of tokens) {
    let current = parts[parts.length - 1] ?? [];
    if (typeof token !== 'string') {
      current.push(token);
      continue;
    }
    let rest = token;
    while (parts.length < PARTS) {
      const at = rest.indexOf(':');
      if (at < 0) break;
      if (at > 0) current.push(rest.slice(0, at));
      current = [];
      parts.push(current);
      rest = rest.slice(at + 1);
    }
    if (rest !== '') current.push(rest);
  }
  return parts;
}

/** Parts of an ARN (from {@link splitArn}) → whether they match. */
export type ArnMatcher = (parts: readonly string[]) => boolean;

function compileParts(partTokens: readonly GlobToken[][]): ArnMatcher {
  const count = partTokens.length;
  const matchers: Matcher[] = partTokens.map((tokens) => compileGlob(tokens));
  const lastTokens = partTokens[count - 1] ?? [];
  const spans = count < PARTS && lastTokens[lastTokens.length - 1] === ANY_RUN;
  return (parts) => {
    if (parts.length === count) {
      for (let i = 0; i < count; i += 1) if (!(matchers[i] as Matcher)(parts[i] ?? '')) return false;
      return true;
    }
    if (!spans || parts.length < count) return false;
    for (let i = 0; i < count - 1; i += 1) if (!(matchers[i] as Matcher)(parts[i] ?? '')) return false;
    return (matchers[count - 1] as Matcher)(parts.slice(count - 1).join(':'));
  };
}

/** Resolves a pattern's policy variables from the request; undefined when one cannot be resolved
 * (the statement then does not apply). Patterns without variables resolve to one shared matcher. */
export type ArnResolver = (lookup: Lookup) => ArnMatcher | undefined;

const NEVER: ArnResolver = () => undefined;

function constant(matcher: ArnMatcher): ArnResolver {
  return () => matcher;
}

/** Compiles a pattern whose variables may appear anywhere (Arn* condition values). */
export function compileArnValue(pattern: string, variablesActive: boolean): ArnResolver {
  if (!variablesActive || !hasVariables(pattern)) return constant(compileParts(splitTokens(globTokens(pattern))));
  const pieces = parseTemplate(pattern);
  if (pieces === undefined) return NEVER;
  return (lookup) => {
    const tokens = resolveTokens(pieces, lookup);
    return tokens === undefined ? undefined : compileParts(splitTokens(tokens));
  };
}

/** Index just after the fifth colon, or -1 if there are fewer. */
function resourcePartStart(pattern: string): number {
  let at = -1;
  for (let i = 0; i < PARTS - 1; i += 1) {
    at = pattern.indexOf(':', at + 1);
    if (at < 0) return -1;
  }
  return at + 1;
}

const ALL: ArnMatcher = () => true;

/** Compiles a Resource/NotResource entry. `"*"` matches everything (including the `*` resource of
 * actions without resource-level permissions); variables count only in the resource part, as AWS
 * documents ("only in the resource portion of the ARN"), elsewhere `${…}` is plain text. */
export function compileResourcePattern(pattern: string, variablesActive: boolean): ArnResolver {
  if (pattern === '*') return constant(ALL);
  const start = resourcePartStart(pattern);
  const suffix = start < 0 ? '' : pattern.slice(start);
  if (!variablesActive || start < 0 || !hasVariables(suffix)) return constant(compileParts(splitTokens(globTokens(pattern))));
  const prefix = globTokens(pattern.slice(0, start));
  const pieces: TemplatePiece[] | undefined = parseTemplate(suffix);
  if (pieces === undefined) return NEVER;
  return (lookup) => {
    const tokens = resolveTokens(pieces, lookup);
    return tokens === undefined ? undefined : compileParts(splitTokens([...prefix, ...tokens]));
  };
}
