// DisableKeyRotation: no more automatic rotations; existing material versions all stay.

import type { OperationHandler } from '../context.js';
import { requiredString } from './input.js';
import { changeKey } from './key-changes.js';
import { assertEnabled } from './lookup.js';

export const disableKeyRotation: OperationHandler = async (input, ctx) => {
  await changeKey(ctx, requiredString(input, 'KeyId'), 'DisableKeyRotation', (resolved) => {
    assertEnabled(resolved);
    return resolved.key.rotationEnabled ? { rotationEnabled: false, nextRotationDate: null } : undefined;
  });
  return {};
};
