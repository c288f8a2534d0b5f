// ListGroups: by path prefix, in name order, Marker/MaxItems paging.

import type { OperationHandler } from '../context.js';
import { optionalString } from './input.js';
import { pageOutput, readPage } from './paging.js';
import { groupToWire } from './to-wire.js';

export const listGroups: OperationHandler = async (input, ctx) => {
  const pathPrefix = optionalString(input, 'PathPrefix');
  const query = { pathPrefix };
  const { after, limit } = readPage(ctx, 'ListGroups', input, query);
  const page = await ctx.store.principals.listGroups(ctx.accountId, {
    ...(pathPrefix !== undefined ? { pathPrefix } : {}),
    ...(after !== undefined ? { after } : {}),
    limit,
  });
  return { Groups: page.items.map(groupToWire), ...pageOutput(ctx, 'ListGroups', query, page.next) };
};
