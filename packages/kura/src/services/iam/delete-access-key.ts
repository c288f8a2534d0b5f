// DeleteAccessKey: removes one of a user's keys (the caller's when UserName is omitted).

import type { OperationHandler } from '../context.js';
import { requireKeyOf } from './access-key-store.js';
import { optionalString, requiredString } from './input.js';
import { requireUserOrCaller } from './lookup.js';

export const deleteAccessKey: OperationHandler = async (input, ctx) => {
  const id = requiredString(input, 'AccessKeyId');
  const user = await requireUserOrCaller(ctx, optionalString(input, 'UserName'));
  await requireKeyOf(ctx, user, id);
  await ctx.store.accessKeys.delete(id);
  return {};
};
