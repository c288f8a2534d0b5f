// DeleteRole: refused while the role has attached or inline policies. Sessions already issued for
// the role keep their credentials until they expire, but lose every permission, as in AWS: they
// are bound to the role's unique id, so a role created again under the name gives them nothing
// (identity/principal-policies.ts).

import type { OperationHandler } from '../context.js';
import { iamErrors } from './errors.js';
import { requiredString } from './input.js';
import { requireRole } from './lookup.js';

export const deleteRole: OperationHandler = async (input, ctx) => {
  const name = requiredString(input, 'RoleName');
  await requireRole(ctx, name);
  const { conflicts } = iamErrors;
  if (((await ctx.store.policies.attachedPolicies(ctx.accountId, 'role', name)) ?? []).length > 0) throw iamErrors.deleteConflict(conflicts.attached);
  if (((await ctx.store.policies.inlinePolicies(ctx.accountId, 'role', name)) ?? []).length > 0) throw iamErrors.deleteConflict(conflicts.inline);
  const outcome = await ctx.store.principals.deleteRole(ctx.accountId, name);
  if (outcome === 'not-found') throw iamErrors.noSuchEntity('role', name);
  if (outcome === 'conflict') throw iamErrors.deleteConflict('Cannot delete entity, must remove referenced objects first.');
  return {};
};
