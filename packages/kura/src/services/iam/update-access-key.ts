// UpdateAccessKey: Active ⇄ Inactive. An inactive key no longer authenticates (the gateway
// refuses it), and can be activated again. `Expired` is a status AWS reports, never one to set.

import type { OperationHandler } from '../context.js';
import { requireKeyOf } from './access-key-store.js';
import { iamErrors } from './errors.js';
import { optionalString, requiredString } from './input.js';
import { requireUserOrCaller } from './lookup.js';

export const updateAccessKey: OperationHandler = async (input, ctx) => {
  const id = requiredString(input, 'AccessKeyId');
  const status = requiredString(input, 'Status');
  const user = await requireUserOrCaller(ctx, optionalString(input, 'UserName'));
  const key = await requireKeyOf(ctx, user, id);
  // guess: AWS's wording for a status that cannot be set.
  if (status !== 'Active' && status !== 'Inactive') throw iamErrors.invalidInput(`Invalid status ${status}: the status must be Active or Inactive.`);
  await ctx.store.accessKeys.save({ ...key, status });
  return {};
};
