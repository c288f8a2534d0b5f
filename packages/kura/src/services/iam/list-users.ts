// ListUsers: by path prefix, in name order, Marker/MaxItems paging.

import type { OperationHandler } from '../context.js';
import { optionalString } from './input.js';
import { pageOutput, readPage } from './paging.js';
import { userToWire } from './to-wire.js';

export const listUsers: OperationHandler = async (input, ctx) => {
  const pathPrefix = optionalString(input, 'PathPrefix');
  const query = { pathPrefix };
  const { after, limit } = readPage(ctx, 'ListUsers', input, query);
  const page = await ctx.store.principals.listUsers(ctx.accountId, {
    ...(pathPrefix !== undefined ? { pathPrefix } : {}),
    ...(after !== undefined ? { after } : {}),
    limit,
  });
  return { Users: page.items.map((u) => userToWire(u, false)), ...pageOutput(ctx, 'ListUsers', query, page.next) };
};
