// PutRolePermissionsBoundary: sets (or replaces) a role's permissions boundary, a managed policy
// checked as CreateRole checks one. Sessions of the role are limited by it from their next request
// on, as their policies are read at each request (identity/principal-policies.ts).

import type { OperationHandler } from '../context.js';
import { iamErrors } from './errors.js';
import { requiredString } from './input.js';
import { checkBoundary, requireRole } from './lookup.js';

export const putRolePermissionsBoundary: OperationHandler = async (input, ctx) => {
  const name = requiredString(input, 'RoleName');
  const boundary = requiredString(input, 'PermissionsBoundary');
  await requireRole(ctx, name);
  await checkBoundary(ctx, boundary);
  if ((await ctx.store.principals.setPermissionsBoundary(ctx.accountId, 'role', name, boundary)) === 'not-found') throw iamErrors.noSuchEntity('role', name);
  return {};
};
