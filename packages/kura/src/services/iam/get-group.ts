// GetGroup: the group and its members (paged with Marker/MaxItems).

import type { OperationHandler } from '../context.js';
import { requiredString } from './input.js';
import { requireGroup } from './lookup.js';
import { pageOfList } from './paging.js';
import { groupToWire, userToWire } from './to-wire.js';

export const getGroup: OperationHandler = async (input, ctx) => {
  const name = requiredString(input, 'GroupName');
  const group = await requireGroup(ctx, name);
  const members = await ctx.store.principals.usersInGroup(ctx.accountId, name);
  const { items, paging } = pageOfList(ctx, 'GetGroup', input, { group: group.id }, members);
  return { Group: groupToWire(group), Users: items.map((u) => userToWire(u, false)), ...paging };
};
