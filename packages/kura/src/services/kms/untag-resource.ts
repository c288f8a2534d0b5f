// UntagResource: removes tags by key; keys the key does not have are ignored, as in AWS.

import { scopeOf, type OperationHandler } from '../context.js';
import { kmsErrors } from './errors.js';
import { requiredString, stringList } from './input.js';
import { assertNotPendingDeletion, findKeyById } from './lookup.js';

export const untagResource: OperationHandler = async (input, ctx) => {
  const resolved = await findKeyById(ctx, requiredString(input, 'KeyId'));
  assertNotPendingDeletion(resolved);
  const outcome = await ctx.store.keys.untag(scopeOf(ctx), resolved.key.keyId, stringList(input, 'TagKeys'));
  if (outcome === 'not-found') throw kmsErrors.keyNotFound(resolved.arn);
  return {};
};
