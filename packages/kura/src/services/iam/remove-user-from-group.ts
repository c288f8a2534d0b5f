// RemoveUserFromGroup. A user who exists but is not a member is reported like a missing one
// (guess: AWS's answer for a non-member is not recorded; NoSuchEntity is what clients handle).

import type { OperationHandler } from '../context.js';
import { iamErrors } from './errors.js';
import { requiredString } from './input.js';
import { requireGroup, requireUser } from './lookup.js';

export const removeUserFromGroup: OperationHandler = async (input, ctx) => {
  const groupName = requiredString(input, 'GroupName');
  const userName = requiredString(input, 'UserName');
  const group = await requireGroup(ctx, groupName);
  await requireUser(ctx, userName);
  const groups = await ctx.store.principals.groupsForUser(ctx.accountId, userName);
  if (!groups.some((g) => g.id === group.id)) throw iamErrors.noSuchEntity('user', userName);
  const outcome = await ctx.store.principals.removeUserFromGroup(ctx.accountId, groupName, userName);
  if (outcome === 'group-not-found') throw iamErrors.noSuchEntity('group', groupName);
  if (outcome === 'user-not-found') throw iamErrors.noSuchEntity('user', userName);
  return {};
};
