// PutUserPermissionsBoundary: sets (or replaces) a user's permissions boundary, a managed policy
// checked as CreateUser checks one. The boundary limits what the user's policies can allow from the
// next request on (identity/principal-policies.ts).

import type { OperationHandler } from '../context.js';
import { iamErrors } from './errors.js';
import { requiredString } from './input.js';
import { checkBoundary, requireUser } from './lookup.js';

export const putUserPermissionsBoundary: OperationHandler = async (input, ctx) => {
  const name = requiredString(input, 'UserName');
  const boundary = requiredString(input, 'PermissionsBoundary');
  await requireUser(ctx, name);
  await checkBoundary(ctx, boundary);
  if ((await ctx.store.principals.setPermissionsBoundary(ctx.accountId, 'user', name, boundary)) === 'not-found') throw iamErrors.noSuchEntity('user', name);
  return {};
};
