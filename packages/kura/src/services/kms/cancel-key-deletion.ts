// CancelKeyDeletion: PendingDeletion → Disabled (AWS does not re-enable the key; EnableKey does).

import type { OperationHandler } from '../context.js';
import { kmsErrors } from './errors.js';
import { requiredString } from './input.js';
import { changeKey } from './key-changes.js';

export const cancelKeyDeletion: OperationHandler = async (input, ctx) => {
  const { resolved } = await changeKey(ctx, requiredString(input, 'KeyId'), 'CancelKeyDeletion', (found) => {
    if (found.key.keyState !== 'PendingDeletion') throw kmsErrors.notPendingDeletion(found.arn);
    return { keyState: 'Disabled', deletionDate: null, pendingWindowInDays: null };
  });
  return { KeyId: resolved.arn };
};
