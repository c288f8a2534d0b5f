// GetParametersByPath: the parameters below a path, one level or (Recursive) every descendant, in
// byte order of canonical name. The parameter named exactly like the path is not below it. Filters:
// Type, KeyId and Label (which returns the labelled version instead of the latest). The caller was
// authorized on the path before this runs; in strict mode (Kura's default) each parameter is also
// checked on its own (authorization.ts), and one the caller is denied is left out like a filtered one.

import type { ParameterHead, ParameterVersion } from '../../store/parameters.js';
import { scopeOf, type OperationContext, type OperationHandler } from '../context.js';
import { matchesFilters, parseByPathFilters, type ParameterQuery } from './filters.js';
import { visibleByPath } from './authorization.js';
import { flag, optionalInteger, requiredString } from './input.js';
import { normalizePath, parameterArn } from './names.js';
import { issueToken, openToken, scanParameters } from './paging.js';
import { revealValue } from './secure-string.js';
import { toParameter } from './to-wire.js';

const OPERATION = 'GetParametersByPath';
const DEFAULT_MAX_RESULTS = 10;

/** The version a page shows: the latest, or with a Label filter the newest version carrying one. */
async function shownVersion(ctx: OperationContext, head: ParameterHead, query: ParameterQuery): Promise<ParameterVersion | undefined> {
  if (query.labels === undefined) return head.latest;
  let best: ParameterVersion | undefined;
  for (const label of query.labels) {
    const version = await ctx.store.parameters.getLabelled(scopeOf(ctx), head.name, label);
    if (version && (!best || version.version > best.version)) best = version;
  }
  return best;
}

export const getParametersByPath: OperationHandler = async (input, ctx) => {
  const rawPath = requiredString(input, 'Path');
  const path = normalizePath(rawPath);
  const recursive = flag(input, 'Recursive');
  const withDecryption = flag(input, 'WithDecryption');
  const query = parseByPathFilters(input['ParameterFilters']);
  // Everything that shapes the result set, as sent, binds the token to this question.
  const tokenQuery = { Path: rawPath, Recursive: recursive, ParameterFilters: input['ParameterFilters'] ?? null, WithDecryption: withDecryption };
  const after = openToken(ctx, OPERATION, tokenQuery, input['NextToken']);

  const page = await scanParameters(ctx, {
    below: path,
    oneLevel: !recursive,
    ...(after !== undefined ? { after } : {}),
    maxResults: optionalInteger(input, 'MaxResults') ?? DEFAULT_MAX_RESULTS,
    // Strict mode may leave parameters out, so pages fill from further on rather than come back short.
    filtered: query.filters.length > 0 || query.labels !== undefined || ctx.limits.pathAuthorization !== 'aws',
    accept: async (head) => {
      const version = await shownVersion(ctx, head, query);
      // Filters judge the version that would be returned.
      if (!version || !matchesFilters(query, { ...head, latest: version }, undefined)) return undefined;
      // Before any decryption: a parameter the caller may not see must not fail the call either.
      if (!(await visibleByPath(ctx, head, recursive))) return undefined;
      const value = await revealValue(ctx, head.name, version, withDecryption);
      return toParameter(head.displayName, parameterArn(ctx.region, ctx.accountId, head.name), version, value);
    },
  });
  const out: Record<string, unknown> = { Parameters: page.items };
  if (page.resumeAfter !== undefined) out['NextToken'] = issueToken(ctx, OPERATION, tokenQuery, page.resumeAfter);
  return out;
};
