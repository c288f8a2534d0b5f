// RemoveTagsFromResource: removes the given keys; keys that are not there are ignored.

import { scopeOf, type OperationHandler } from '../context.js';
import { ssmErrors } from './errors.js';
import { stringList } from './input.js';
import { taggedParameter } from './tag-resource.js';

export const removeTagsFromResource: OperationHandler = async (input, ctx) => {
  const name = taggedParameter(input);
  const outcome = await ctx.store.parameters.removeTags(scopeOf(ctx), name, [...new Set(stringList(input, 'TagKeys'))]);
  if (outcome === 'not-found') throw ssmErrors.invalidResourceId();
  return {};
};
