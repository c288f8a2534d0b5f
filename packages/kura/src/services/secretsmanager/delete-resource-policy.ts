// DeleteResourcePolicy: removes the secret's resource policy (none to remove is not an error).

import type { OperationHandler } from '../context.js';
import { requiredString } from './input.js';
import { requireSecret } from './resolve.js';
import { writeSecret } from './write.js';

export const deleteResourcePolicy: OperationHandler = async (input, ctx) => {
  const { secret } = await requireSecret(ctx, input, requiredString(input, 'SecretId'));
  return writeSecret(ctx, secret, async (current) => {
    const output = { ARN: current.arn, Name: current.name };
    if (current.resourcePolicy === null) return { output };
    return { output, change: { patch: { resourcePolicy: null, lastChangedDate: ctx.now() } } };
  });
};
