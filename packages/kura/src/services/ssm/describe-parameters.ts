// DescribeParameters: metadata of the latest versions, never values, filtered by the deprecated
// Filters or by ParameterFilters (never both). A single Path filter narrows the scan itself; other
// filters are checked per parameter, within the bounded scan of paging.ts.

import type { OperationHandler } from '../context.js';
import { scopeOf } from '../context.js';
import { matchesFilters, parseDescribeFilters } from './filters.js';
import { flag, optionalInteger } from './input.js';
import { parameterArn } from './names.js';
import { issueToken, openToken, scanParameters } from './paging.js';
import { toMetadata } from './to-wire.js';

const OPERATION = 'DescribeParameters';
const DEFAULT_MAX_RESULTS = 10;

export const describeParameters: OperationHandler = async (input, ctx) => {
  const query = parseDescribeFilters(input['Filters'], input['ParameterFilters']);
  const shared = flag(input, 'Shared');
  const tokenQuery = { Filters: input['Filters'] ?? null, ParameterFilters: input['ParameterFilters'] ?? null, Shared: shared };
  const after = openToken(ctx, OPERATION, tokenQuery, input['NextToken']);
  // Parameters shared from other accounts through RAM do not exist here (GAPS.md).
  if (shared) return { Parameters: [] };

  const pathFilter = query.filters.find((f) => f.key === 'Path');
  const single = pathFilter && pathFilter.values.length === 1 ? pathFilter.values[0] : undefined;
  const below = single === undefined ? undefined : single.length > 1 && single.endsWith('/') ? single.slice(0, -1) : single;
  const page = await scanParameters(ctx, {
    ...(below !== undefined ? { below, oneLevel: pathFilter?.option !== 'Recursive' } : {}),
    ...(after !== undefined ? { after } : {}),
    maxResults: optionalInteger(input, 'MaxResults') ?? DEFAULT_MAX_RESULTS,
    // A Path filter that narrowed the scan filters nothing more; any other filter may skip rows.
    filtered: query.filters.some((f) => f !== pathFilter || below === undefined),
    accept: async (head) => {
      const tags = query.needsTags ? await ctx.store.parameters.tags(scopeOf(ctx), head.name) : undefined;
      if (!matchesFilters(query, head, tags)) return undefined;
      return toMetadata(head, parameterArn(ctx.region, ctx.accountId, head.name));
    },
  });
  const out: Record<string, unknown> = { Parameters: page.items };
  if (page.resumeAfter !== undefined) out['NextToken'] = issueToken(ctx, OPERATION, tokenQuery, page.resumeAfter);
  return out;
};
