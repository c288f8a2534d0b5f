// ListGroupsForUser: the groups a user belongs to.

import type { OperationHandler } from '../context.js';
import { requiredString } from './input.js';
import { requireUser } from './lookup.js';
import { pageOfList } from './paging.js';
import { groupToWire } from './to-wire.js';

export const listGroupsForUser: OperationHandler = async (input, ctx) => {
  const name = requiredString(input, 'UserName');
  const user = await requireUser(ctx, name);
  const groups = await ctx.store.principals.groupsForUser(ctx.accountId, name);
  const { items, paging } = pageOfList(ctx, 'ListGroupsForUser', input, { user: user.id }, groups);
  return { Groups: items.map(groupToWire), ...paging };
};
