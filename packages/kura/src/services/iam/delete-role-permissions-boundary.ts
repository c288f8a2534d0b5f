// DeleteRolePermissionsBoundary: removes a role's permissions boundary; the role's own policies alone
// decide from the next request on. AWS answers success for a role without one, and so does Kura.

import type { OperationHandler } from '../context.js';
import { iamErrors } from './errors.js';
import { requiredString } from './input.js';
import { requireRole } from './lookup.js';

export const deleteRolePermissionsBoundary: OperationHandler = async (input, ctx) => {
  const name = requiredString(input, 'RoleName');
  await requireRole(ctx, name);
  if ((await ctx.store.principals.setPermissionsBoundary(ctx.accountId, 'role', name, null)) === 'not-found') throw iamErrors.noSuchEntity('role', name);
  return {};
};
