// ListRoles: by path prefix, in name order, Marker/MaxItems paging. AWS leaves tags, boundary and
// RoleLastUsed out of the listing.

import type { OperationHandler } from '../context.js';
import { optionalString } from './input.js';
import { pageOutput, readPage } from './paging.js';
import { roleToWire } from './to-wire.js';

export const listRoles: OperationHandler = async (input, ctx) => {
  const pathPrefix = optionalString(input, 'PathPrefix');
  const query = { pathPrefix };
  const { after, limit } = readPage(ctx, 'ListRoles', input, query);
  const page = await ctx.store.principals.listRoles(ctx.accountId, {
    ...(pathPrefix !== undefined ? { pathPrefix } : {}),
    ...(after !== undefined ? { after } : {}),
    limit,
  });
  return { Roles: page.items.map((r) => roleToWire(r, false)), ...pageOutput(ctx, 'ListRoles', query, page.next) };
};
