// DeleteUser: refused (DeleteConflict) while the user still has access keys, group memberships,
// attached or inline policies, each with AWS's own text.

import type { OperationHandler } from '../context.js';
import { iamErrors } from './errors.js';
import { requiredString } from './input.js';
import { requireUser } from './lookup.js';

export const deleteUser: OperationHandler = async (input, ctx) => {
  const name = requiredString(input, 'UserName');
  const user = await requireUser(ctx, name);
  const { conflicts } = iamErrors;
  if ((await ctx.store.accessKeys.listForPrincipal(user.arn)).length > 0) throw iamErrors.deleteConflict(conflicts.accessKeys);
  if ((await ctx.store.principals.groupsForUser(ctx.accountId, name)).length > 0) throw iamErrors.deleteConflict(conflicts.members);
  if (((await ctx.store.policies.attachedPolicies(ctx.accountId, 'user', name)) ?? []).length > 0) throw iamErrors.deleteConflict(conflicts.attached);
  if (((await ctx.store.policies.inlinePolicies(ctx.accountId, 'user', name)) ?? []).length > 0) throw iamErrors.deleteConflict(conflicts.inline);
  const outcome = await ctx.store.principals.deleteUser(ctx.accountId, name);
  if (outcome === 'not-found') throw iamErrors.noSuchEntity('user', name);
  // Something was added between the checks and the delete; AWS's generic text.
  if (outcome === 'conflict') throw iamErrors.deleteConflict('Cannot delete entity, must remove referenced objects first.');
  return {};
};
