// TagResource: adds tags, a key already present keeping its place and taking the new value.

import type { OperationHandler } from '../context.js';
import { requiredString, tagList } from './input.js';
import { requireSecret } from './resolve.js';
import { checkRequestTags, mergeTags } from './tags.js';
import { writeSecret } from './write.js';

export const tagResource: OperationHandler = async (input, ctx) => {
  const { secret } = await requireSecret(ctx, input, requiredString(input, 'SecretId'));
  const tags = tagList(input, 'Tags');
  checkRequestTags(tags);
  await writeSecret(ctx, secret, async (current) => ({ output: {}, change: { patch: { tags: mergeTags(current.tags, tags), lastChangedDate: ctx.now() } } }));
  return {};
};
