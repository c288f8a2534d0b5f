// ListResourceTags: the key's tags sorted by tag key, in any key state.

import { scopeOf, type OperationHandler } from '../context.js';
import { kmsErrors } from './errors.js';
import { requiredString } from './input.js';
import { findKeyById } from './lookup.js';
import { pageOf, pageRequest } from './paging.js';
import { tagsOut } from './tags.js';

export const listResourceTags: OperationHandler = async (input, ctx) => {
  const resolved = await findKeyById(ctx, requiredString(input, 'KeyId'));
  const query = { keyId: resolved.key.keyId };
  const request = pageRequest(ctx, input, 'ListResourceTags', query, { limit: 50, max: 50 });
  const tags = await ctx.store.keys.tags(scopeOf(ctx), resolved.key.keyId);
  if (tags === undefined) throw kmsErrors.keyNotFound(resolved.arn);
  const after = request.after;
  const remaining = after === undefined ? tags : tags.filter((t) => t.tagKey > after);
  const { items, ...page } = pageOf(ctx, 'ListResourceTags', query, request, remaining.slice(0, request.limit + 1), (t) => t.tagKey);
  return { Tags: tagsOut(items), ...page };
};
