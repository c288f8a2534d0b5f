// Pagination shared by the listing operations. A token seals the last
// canonical name scanned, bound to caller, scope and query, so a page resumes after a name rather
// than an offset: items that exist unchanged for the whole scan are returned exactly once even while
// others are created or deleted. Work per page is bounded: a filtered scan looks at most
// SCAN_FACTOR × MaxResults parameters, and may then return a short (even empty) page with a token.

import type { ParameterHead } from '../../store/parameters.js';
import { scopeOf, type OperationContext, type TokenBinding } from '../context.js';
import { ssmErrors } from './errors.js';

export const SCAN_FACTOR = 50;
const BATCH = 100;

function binding(ctx: OperationContext, operation: string, query: unknown): TokenBinding {
  return { operation, principalArn: ctx.principal.arn, scope: scopeOf(ctx), query };
}

/** The position a NextToken carries; undefined for the first page. Forged tokens → InvalidNextToken. */
export function openToken(ctx: OperationContext, operation: string, query: unknown, token: unknown): string | undefined {
  if (token === undefined || token === null || token === '') return undefined;
  const position = typeof token === 'string' ? ctx.tokens.open(binding(ctx, operation, query), token) : undefined;
  if (position === undefined) throw ssmErrors.invalidNextToken();
  return position;
}

export function issueToken(ctx: OperationContext, operation: string, query: unknown, position: string): string {
  return ctx.tokens.issue(binding(ctx, operation, query), position);
}

export interface ScanRequest<T> {
  below?: string;
  oneLevel?: boolean;
  /** Resume after this canonical name. */
  after?: string;
  maxResults: number;
  /** False when every listed parameter is returned: then the scan never looks past one page. */
  filtered: boolean;
  /** Maps a listed parameter to a page item, or undefined to skip it. */
  accept: (head: ParameterHead) => Promise<T | undefined>;
}

export interface ScanResult<T> {
  items: T[];
  /** Set when there may be more: the last canonical name scanned. */
  resumeAfter?: string;
}

export async function scanParameters<T>(ctx: OperationContext, request: ScanRequest<T>): Promise<ScanResult<T>> {
  const { below, oneLevel, maxResults, filtered, accept } = request;
  const budget = filtered ? SCAN_FACTOR * maxResults : maxResults;
  const items: T[] = [];
  let after = request.after;
  let scanned = 0;
  const list = (limit: number) =>
    ctx.store.parameters.list(scopeOf(ctx), {
      ...(below !== undefined ? { below } : {}),
      ...(oneLevel !== undefined ? { oneLevel } : {}),
      ...(after !== undefined ? { afterName: after } : {}),
      limit,
    });
  // The first batch is one page plus one row: most pages fill from it, and the extra row tells
  // whether more follow without another query. Later batches (filters skipping rows) are larger.
  let want = maxResults + 1;
  for (;;) {
    const batch = await list(want);
    for (const [index, head] of batch.entries()) {
      scanned += 1;
      after = head.name;
      const item = await accept(head);
      if (item !== undefined) items.push(item);
      if (items.length === maxResults) {
        // A full page: say "more" only if something follows, so the last page carries no token.
        const more = index < batch.length - 1 || (await list(1)).length > 0;
        return more ? { items, resumeAfter: after } : { items };
      }
    }
    if (batch.length < want) return { items };
    if (scanned >= budget) return after === undefined ? { items } : { items, resumeAfter: after };
    want = Math.min(BATCH, budget - scanned);
  }
}
