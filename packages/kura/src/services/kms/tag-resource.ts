// TagResource: adds or overwrites tags of a key that is not pending deletion (an AWS managed key's
// policy refuses it: authorization.ts).

import { scopeOf, type OperationHandler } from '../context.js';
import { kmsErrors } from './errors.js';
import { requiredString, tagList } from './input.js';
import { assertNotPendingDeletion, findKeyById } from './lookup.js';
import { MAX_TAGS, validateTags } from './tags.js';

export const tagResource: OperationHandler = async (input, ctx) => {
  const resolved = await findKeyById(ctx, requiredString(input, 'KeyId'));
  assertNotPendingDeletion(resolved);
  const tags = validateTags(tagList(input, 'Tags'));
  const outcome = await ctx.store.keys.tag(scopeOf(ctx), resolved.key.keyId, tags, MAX_TAGS);
  // guess: the same text as too many tags in one request.
  if (outcome === 'too-many') throw kmsErrors.tag('Too many tags');
  if (outcome === 'not-found') throw kmsErrors.keyNotFound(resolved.arn);
  return {};
};
