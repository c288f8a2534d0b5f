// ListTagsForResource: the parameter's tags, sorted by key.

import { scopeOf, type OperationHandler } from '../context.js';
import { ssmErrors } from './errors.js';
import { taggedParameter } from './tag-resource.js';

export const listTagsForResource: OperationHandler = async (input, ctx) => {
  const name = taggedParameter(input);
  const tags = await ctx.store.parameters.tags(scopeOf(ctx), name);
  if (tags === undefined) throw ssmErrors.invalidResourceId();
  return { TagList: tags.map((tag) => ({ Key: tag.key, Value: tag.value })) };
};
