// DeleteUserPermissionsBoundary: removes a user's permissions boundary; the user's own policies alone
// decide from the next request on. AWS answers success for a user without one, and so does Kura.

import type { OperationHandler } from '../context.js';
import { iamErrors } from './errors.js';
import { requiredString } from './input.js';
import { requireUser } from './lookup.js';

export const deleteUserPermissionsBoundary: OperationHandler = async (input, ctx) => {
  const name = requiredString(input, 'UserName');
  await requireUser(ctx, name);
  if ((await ctx.store.principals.setPermissionsBoundary(ctx.accountId, 'user', name, null)) === 'not-found') throw iamErrors.noSuchEntity('user', name);
  return {};
};
