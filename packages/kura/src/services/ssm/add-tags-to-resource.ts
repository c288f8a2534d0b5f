// AddTagsToResource: adds tags, replacing the value of keys already present; at most 50 per parameter.

import { scopeOf, type OperationHandler } from '../context.js';
import { ssmErrors } from './errors.js';
import { tagList } from './input.js';
import { MAX_TAGS } from './put-parameter.js';
import { taggedParameter } from './tag-resource.js';

export const addTagsToResource: OperationHandler = async (input, ctx) => {
  const name = taggedParameter(input);
  const outcome = await ctx.store.parameters.addTags(scopeOf(ctx), name, tagList(input, 'Tags'), MAX_TAGS);
  if (outcome === 'not-found') throw ssmErrors.invalidResourceId();
  if (outcome === 'too-many') throw ssmErrors.tooManyTags();
  return {};
};
