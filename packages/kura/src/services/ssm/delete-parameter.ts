// DeleteParameter: removes every version, label and tag. The name can be created again at once.

import { scopeOf, type OperationHandler } from '../context.js';
import { ssmErrors } from './errors.js';
import { requiredString } from './input.js';
import { canonicalName, validateReadName } from './names.js';

export const deleteParameter: OperationHandler = async (input, ctx) => {
  const name = validateReadName(requiredString(input, 'Name'));
  const deleted = await ctx.store.parameters.delete(scopeOf(ctx), canonicalName(name));
  // AWS sends this one with an empty message.
  if (!deleted) throw ssmErrors.parameterNotFound();
  return {};
};
