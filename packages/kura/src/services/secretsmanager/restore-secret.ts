// RestoreSecret: cancels a scheduled deletion while the recovery window lasts. A secret not
// scheduled for deletion is answered as restored (nothing to change).

import type { OperationHandler } from '../context.js';
import { requiredString } from './input.js';
import { requireSecret } from './resolve.js';
import { writeSecret } from './write.js';

export const restoreSecret: OperationHandler = async (input, ctx) => {
  const { secret } = await requireSecret(ctx, input, requiredString(input, 'SecretId'));
  return writeSecret(ctx, secret, async (current) => {
    const output = { ARN: current.arn, Name: current.name };
    if (current.deletedDate === null) return { output };
    return { output, change: { patch: { deletedDate: null, deletionDate: null, lastChangedDate: ctx.now() } } };
  });
};
