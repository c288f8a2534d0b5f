// DisableKey: Enabled (or already Disabled) → Disabled. Cryptography with the key then fails with
// DisabledException; its metadata, aliases and ciphertexts stay.

import type { OperationHandler } from '../context.js';
import { requiredString } from './input.js';
import { changeKey } from './key-changes.js';
import { assertNotPendingDeletion } from './lookup.js';

export const disableKey: OperationHandler = async (input, ctx) => {
  await changeKey(ctx, requiredString(input, 'KeyId'), 'DisableKey', (resolved) => {
    assertNotPendingDeletion(resolved);
    return resolved.key.keyState === 'Disabled' ? undefined : { keyState: 'Disabled' };
  });
  return {};
};
