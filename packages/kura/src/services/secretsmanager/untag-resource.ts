// UntagResource: removes the tags with these keys; keys the secret does not have are ignored.

import type { OperationHandler } from '../context.js';
import { requiredString, stringList } from './input.js';
import { requireSecret } from './resolve.js';
import { writeSecret } from './write.js';

export const untagResource: OperationHandler = async (input, ctx) => {
  const { secret } = await requireSecret(ctx, input, requiredString(input, 'SecretId'));
  const keys = new Set(stringList(input, 'TagKeys'));
  await writeSecret(ctx, secret, async (current) => {
    const kept = current.tags.filter((tag) => !keys.has(tag.key));
    if (kept.length === current.tags.length) return { output: {} };
    return { output: {}, change: { patch: { tags: kept, lastChangedDate: ctx.now() } } };
  });
  return {};
};
