// Limit/Marker pagination of the KMS list operations. A marker seals the last item returned (a key
// id, alias name, tag key or version), bound to caller, scope, operation and query, so a page resumes
// after an item rather than at an offset, and a forged or replayed marker is InvalidMarkerException.

import { scopeOf, type OperationContext, type TokenBinding } from '../context.js';
import { kmsErrors } from './errors.js';
import { optionalInteger, optionalString, type Input } from './input.js';

export interface PageRequest {
  /** Resume after this item; undefined for the first page. */
  after: string | undefined;
  limit: number;
}

function binding(ctx: OperationContext, operation: string, query: unknown): TokenBinding {
  return { operation, principalArn: ctx.principal.arn, scope: scopeOf(ctx), query };
}

/**
 * Reads Limit and Marker. `max` is AWS's documented per-operation ceiling where it is below the
 * model's 1000 (ListAliases 100, ListResourceTags 50); a larger Limit is served as the ceiling.
 */
export function pageRequest(ctx: OperationContext, input: Input, operation: string, query: unknown, defaults: { limit: number; max: number }): PageRequest {
  const limit = Math.min(optionalInteger(input, 'Limit') ?? defaults.limit, defaults.max);
  const marker = optionalString(input, 'Marker');
  if (marker === undefined) return { after: undefined, limit };
  const after = ctx.tokens.open(binding(ctx, operation, query), marker);
  if (after === undefined) throw kmsErrors.invalidMarker();
  return { after, limit };
}

/**
 * The page's output members. `items` may hold one more than the limit: that extra item only says
 * there is more, and is not returned.
 */
export function pageOf<T>(
  ctx: OperationContext,
  operation: string,
  query: unknown,
  request: PageRequest,
  items: T[],
  positionOf: (item: T) => string,
): { items: T[]; Truncated: boolean; NextMarker?: string } {
  if (items.length <= request.limit) return { items, Truncated: false };
  const page = items.slice(0, request.limit);
  const last = page.at(-1);
  if (last === undefined) return { items: page, Truncated: false };
  return { items: page, Truncated: true, NextMarker: ctx.tokens.issue(binding(ctx, operation, query), positionOf(last)) };
}
