// UpdateKeyDescription: customer managed keys that are not pending deletion.

import type { OperationHandler } from '../context.js';
import { requiredString } from './input.js';
import { changeKey } from './key-changes.js';
import { assertNotPendingDeletion } from './lookup.js';

export const updateKeyDescription: OperationHandler = async (input, ctx) => {
  const description = requiredString(input, 'Description');
  await changeKey(ctx, requiredString(input, 'KeyId'), 'UpdateKeyDescription', (resolved) => {
    assertNotPendingDeletion(resolved);
    return { description };
  });
  return {};
};
