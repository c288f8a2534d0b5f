// Marker/MaxItems pagination for the IAM listings. A Marker seals the position to resume after
// (a lower-cased name, or an index for small in-memory lists), bound to caller and query by the
// page-token codec, so a Marker cannot be forged or replayed for another listing.

import type { OperationContext } from '../context.js';
import { iamErrors } from './errors.js';
import { optionalInteger, optionalString, type Input } from './input.js';

/** AWS's default page size for IAM listings. */
export const DEFAULT_MAX_ITEMS = 100;

export interface PageRequest {
  /** Resume after this position; undefined for the first page. */
  after: string | undefined;
  limit: number;
}

function binding(ctx: OperationContext, operation: string, query: unknown) {
  return { operation: `iam:${operation}`, principalArn: ctx.principal.arn, scope: { accountId: ctx.accountId, region: 'global' }, query };
}

/** Reads Marker and MaxItems; `query` is every input member that shapes the result. */
export function readPage(ctx: OperationContext, operation: string, input: Input, query: unknown): PageRequest {
  const limit = optionalInteger(input, 'MaxItems') ?? DEFAULT_MAX_ITEMS;
  const marker = optionalString(input, 'Marker');
  if (marker === undefined) return { after: undefined, limit };
  const after = ctx.tokens.open(binding(ctx, operation, query), marker);
  if (after === undefined) throw iamErrors.invalidMarker();
  return { after, limit };
}

/** IsTruncated, and Marker when there is more. */
export function pageOutput(ctx: OperationContext, operation: string, query: unknown, next: string | undefined): Record<string, unknown> {
  if (next === undefined) return { IsTruncated: false };
  return { IsTruncated: true, Marker: ctx.tokens.issue(binding(ctx, operation, query), next) };
}

/** Pages an in-memory list (already in its final order) by index. */
export function pageOfList<T>(ctx: OperationContext, operation: string, input: Input, query: unknown, items: readonly T[]): { items: T[]; paging: Record<string, unknown> } {
  const { after, limit } = readPage(ctx, operation, input, query);
  const start = after === undefined ? 0 : Number(after);
  const slice = items.slice(start, start + limit);
  const end = start + slice.length;
  return { items: slice, paging: pageOutput(ctx, operation, query, end < items.length ? String(end) : undefined) };
}
