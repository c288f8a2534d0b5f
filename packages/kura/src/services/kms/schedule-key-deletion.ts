// ScheduleKeyDeletion: the key becomes PendingDeletion (unusable, still described) and is deleted
// with its material, aliases and tags when the 7–30 day waiting period ends (lifecycle.ts).

import type { OperationHandler } from '../context.js';
import { kmsErrors } from './errors.js';
import { optionalInteger, requiredString } from './input.js';
import { changeKey } from './key-changes.js';
import { deletionDateFor } from './key-metadata.js';
import { assertNotPendingDeletion } from './lookup.js';

export const scheduleKeyDeletion: OperationHandler = async (input, ctx) => {
  // The model admits 1–365; KMS itself enforces AWS's 7–30 day waiting period.
  const days = optionalInteger(input, 'PendingWindowInDays') ?? 30;
  if (days < 7 || days > 30) throw kmsErrors.validation('PendingWindowInDays must be between 7 and 30');
  const deletionDate = deletionDateFor(ctx.now(), days);
  const { resolved } = await changeKey(ctx, requiredString(input, 'KeyId'), 'ScheduleKeyDeletion', (found) => {
    assertNotPendingDeletion(found);
    return { keyState: 'PendingDeletion', deletionDate, pendingWindowInDays: days };
  });
  return { KeyId: resolved.arn, DeletionDate: deletionDate, KeyState: 'PendingDeletion', PendingWindowInDays: days };
};
