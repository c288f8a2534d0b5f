// One "page" of the flat list: DescribeParameters with the filters (or, with a label,
// GetParametersByPath: list-filters.ts says why). A filtered call may come back short, even empty,
// with a NextToken (the server bounds the rows one call scans, as AWS does), so a page follows the
// token for a few calls until it has something to show, rather than showing an empty page with
// "load more".

import type { Api } from '../../app/api.js';
import { byLabelInput, describeInput, nameMatches, type ListFilters } from './list-filters.js';
import { toSummary, type Page } from './tree-api.js';
import type { ParameterSummary } from './tree-model.js';

/** DescribeParameters' largest MaxResults; GetParametersByPath's is 10. */
export const LIST_PAGE = 50;
const BY_PATH_PAGE = 10;
/** Calls one "load more" may make before it shows what it has (possibly nothing) and offers more. */
export const MAX_CALLS = 10;

type Wire = { Parameters?: Array<Record<string, unknown>>; NextToken?: string };

async function call(api: Api, f: ListFilters, token: string | undefined, signal: AbortSignal): Promise<Page<ParameterSummary>> {
  const paging = token ? { NextToken: token } : {};
  const out =
    f.label !== ''
      ? await api.json<Wire>('ssm', 'GetParametersByPath', { ...byLabelInput(f), MaxResults: BY_PATH_PAGE, ...paging }, signal)
      : await api.json<Wire>('ssm', 'DescribeParameters', { ...describeInput(f), MaxResults: LIST_PAGE, ...paging }, signal);
  // toSummary copies metadata only: GetParametersByPath's Value members end here.
  const items = (out.Parameters ?? []).map(toSummary).filter((p) => f.label === '' || nameMatches(f, p));
  return typeof out.NextToken === 'string' && out.NextToken !== '' ? { items, nextToken: out.NextToken } : { items };
}

/** Follows NextToken until a page's worth is found, the list ends, or MAX_CALLS calls were made. */
export async function loadListPage(api: Api, f: ListFilters, token: string | undefined, signal: AbortSignal): Promise<Page<ParameterSummary>> {
  const items: ParameterSummary[] = [];
  let next = token;
  for (let calls = 0; calls < MAX_CALLS; calls++) {
    const page = await call(api, f, next, signal);
    items.push(...page.items);
    next = page.nextToken;
    if (next === undefined || items.length >= LIST_PAGE) break;
  }
  return next === undefined ? { items } : { items, nextToken: next };
}
