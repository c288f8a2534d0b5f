// EnableKey: Disabled (or already Enabled) → Enabled; a key pending deletion must be cancelled first.

import type { OperationHandler } from '../context.js';
import { requiredString } from './input.js';
import { changeKey } from './key-changes.js';
import { assertNotPendingDeletion } from './lookup.js';

export const enableKey: OperationHandler = async (input, ctx) => {
  await changeKey(ctx, requiredString(input, 'KeyId'), 'EnableKey', (resolved) => {
    assertNotPendingDeletion(resolved);
    return resolved.key.keyState === 'Enabled' ? undefined : { keyState: 'Enabled' };
  });
  return {};
};
