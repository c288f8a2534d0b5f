// DeleteGroup: refused while the group has members, attached or inline policies.

import type { OperationHandler } from '../context.js';
import { iamErrors } from './errors.js';
import { requiredString } from './input.js';
import { requireGroup } from './lookup.js';

export const deleteGroup: OperationHandler = async (input, ctx) => {
  const name = requiredString(input, 'GroupName');
  await requireGroup(ctx, name);
  const { conflicts } = iamErrors;
  if ((await ctx.store.principals.usersInGroup(ctx.accountId, name)).length > 0) throw iamErrors.deleteConflict(conflicts.members);
  if (((await ctx.store.policies.attachedPolicies(ctx.accountId, 'group', name)) ?? []).length > 0) throw iamErrors.deleteConflict(conflicts.attached);
  if (((await ctx.store.policies.inlinePolicies(ctx.accountId, 'group', name)) ?? []).length > 0) throw iamErrors.deleteConflict(conflicts.inline);
  const outcome = await ctx.store.principals.deleteGroup(ctx.accountId, name);
  if (outcome === 'not-found') throw iamErrors.noSuchEntity('group', name);
  if (outcome === 'conflict') throw iamErrors.deleteConflict('Cannot delete entity, must remove referenced objects first.');
  return {};
};
