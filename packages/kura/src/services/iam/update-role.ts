// UpdateRole: Description and/or MaxSessionDuration (3600–43200, bounded by the model). Sessions
// already issued keep their expiry; the new maximum applies to the next AssumeRole.

import type { OperationHandler } from '../context.js';
import { iamErrors } from './errors.js';
import { optionalInteger, optionalString, requiredString } from './input.js';
import { requireRole } from './lookup.js';

export const updateRole: OperationHandler = async (input, ctx) => {
  const name = requiredString(input, 'RoleName');
  const description = optionalString(input, 'Description');
  const maxSessionDuration = optionalInteger(input, 'MaxSessionDuration');
  await requireRole(ctx, name);
  const outcome = await ctx.store.principals.updateRole(ctx.accountId, name, {
    ...(description !== undefined ? { description } : {}),
    ...(maxSessionDuration !== undefined ? { maxSessionDuration } : {}),
  });
  if (outcome === 'not-found') throw iamErrors.noSuchEntity('role', name);
  return {};
};
