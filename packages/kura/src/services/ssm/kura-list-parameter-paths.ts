// KuraListParameterPaths, Kura's own operation (kura-ssm-model.ts, GAPS.md): the distinct direct child
// paths of Path that have at least one parameter somewhere below them, in byte order of the child's
// segment, paged like the other listings. The console's parameter tree loads one level with it; the
// parameters directly at a level come from DescribeParameters (Path filter, OneLevel). AWS lists
// sub-paths nowhere: walking GetParametersByPath recursively costs 2,000 pages at 100,000 parameters.
//
// Path is read and checked as GetParametersByPath's (same ValidationException texts). Each child is a
// path only, `{ "Path": "/a/b" }`: no parameter count, which would cost a scan of everything below the
// child where the listing costs a few index seeks per child (store/child-paths.ts).

import { scopeOf, type OperationHandler } from '../context.js';
import { KURA_LIST_PARAMETER_PATHS } from './kura-ssm-model.js';
import { optionalInteger, requiredString } from './input.js';
import { normalizePath } from './names.js';
import { issueToken, openToken } from './paging.js';

const DEFAULT_MAX_RESULTS = 100;

export const kuraListParameterPaths: OperationHandler = async (input, ctx) => {
  const rawPath = requiredString(input, 'Path');
  const path = normalizePath(rawPath);
  // The path as sent binds the token, as GetParametersByPath's does.
  const tokenQuery = { Path: rawPath };
  const after = openToken(ctx, KURA_LIST_PARAMETER_PATHS, tokenQuery, input['NextToken']);
  const maxResults = optionalInteger(input, 'MaxResults') ?? DEFAULT_MAX_RESULTS;
  // One child more than the page says whether another page follows, so the last page has no token.
  const found = await ctx.store.parameters.listPaths(scopeOf(ctx), { below: path, ...(after !== undefined ? { afterPath: after } : {}), limit: maxResults + 1 });
  const page = found.slice(0, maxResults);
  const out: Record<string, unknown> = { Paths: page.map((child) => ({ Path: child })) };
  const last = page.at(-1);
  if (found.length > maxResults && last !== undefined) out['NextToken'] = issueToken(ctx, KURA_LIST_PARAMETER_PATHS, tokenQuery, last);
  return out;
};
