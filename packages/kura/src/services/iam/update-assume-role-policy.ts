// UpdateAssumeRolePolicy: replaces a role's trust policy after validating it like CreateRole.

import type { OperationHandler } from '../context.js';
import { iamErrors } from './errors.js';
import { requiredString } from './input.js';
import { requireRole } from './lookup.js';
import { validateTrustPolicy } from './policy-docs.js';

export const updateAssumeRolePolicy: OperationHandler = async (input, ctx) => {
  const name = requiredString(input, 'RoleName');
  const document = requiredString(input, 'PolicyDocument');
  await requireRole(ctx, name);
  await validateTrustPolicy(ctx, document);
  if ((await ctx.store.principals.updateRole(ctx.accountId, name, { assumeRolePolicyDocument: document })) === 'not-found') {
    throw iamErrors.noSuchEntity('role', name);
  }
  return {};
};
