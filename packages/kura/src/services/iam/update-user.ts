// UpdateUser: rename and/or move a user. The ARN changes with either, so the user's access keys
// (which name their owner by ARN) follow it; otherwise the keys would stop resolving to the user.

import type { OperationHandler } from '../context.js';
import { entityArn } from '../../identity/arns.js';
import { iamErrors } from './errors.js';
import { optionalString, requiredString } from './input.js';
import { requireUser } from './lookup.js';

export const updateUser: OperationHandler = async (input, ctx) => {
  const name = requiredString(input, 'UserName');
  const newName = optionalString(input, 'NewUserName');
  const newPath = optionalString(input, 'NewPath');
  const user = await requireUser(ctx, name);
  if (newName === undefined && newPath === undefined) return {};
  const newArn = entityArn(ctx.accountId, 'user', newPath ?? user.path, newName ?? user.name);
  const outcome = await ctx.store.principals.updateUser(ctx.accountId, name, {
    ...(newName !== undefined ? { newName } : {}),
    ...(newPath !== undefined ? { newPath } : {}),
    newArn,
  });
  if (outcome === 'not-found') throw iamErrors.noSuchEntity('user', name);
  if (outcome === 'exists') throw iamErrors.exists('user', newName ?? name);
  if (newArn !== user.arn) {
    for (const key of await ctx.store.accessKeys.listForPrincipal(user.arn)) {
      await ctx.store.accessKeys.save({ ...key, principalArn: newArn });
    }
  }
  return {};
};
