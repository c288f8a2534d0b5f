// AddUserToGroup: at most 10 groups per user (AWS's quota). Adding a member again is a no-op.

import type { OperationHandler } from '../context.js';
import { iamErrors } from './errors.js';
import { requiredString } from './input.js';
import { requireGroup, requireUser } from './lookup.js';

export const MAX_GROUPS_PER_USER = 10;

export const addUserToGroup: OperationHandler = async (input, ctx) => {
  const groupName = requiredString(input, 'GroupName');
  const userName = requiredString(input, 'UserName');
  const group = await requireGroup(ctx, groupName);
  await requireUser(ctx, userName);
  const groups = await ctx.store.principals.groupsForUser(ctx.accountId, userName);
  if (!groups.some((g) => g.id === group.id) && groups.length >= MAX_GROUPS_PER_USER) throw iamErrors.quota('GroupsPerUser', MAX_GROUPS_PER_USER);
  const outcome = await ctx.store.principals.addUserToGroup(ctx.accountId, groupName, userName);
  if (outcome === 'group-not-found') throw iamErrors.noSuchEntity('group', groupName);
  if (outcome === 'user-not-found') throw iamErrors.noSuchEntity('user', userName);
  return {};
};
