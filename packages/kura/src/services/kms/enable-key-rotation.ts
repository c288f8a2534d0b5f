// EnableKeyRotation: yearly (or every RotationPeriodInDays, 90–2560) fresh material for an enabled
// customer managed key. Old material stays, so old ciphertexts keep decrypting.

import type { OperationHandler } from '../context.js';
import { optionalInteger, requiredString } from './input.js';
import { changeKey } from './key-changes.js';
import { assertEnabled } from './lookup.js';

const DAY_MS = 86_400_000;
export const DEFAULT_ROTATION_PERIOD_DAYS = 365;

export const enableKeyRotation: OperationHandler = async (input, ctx) => {
  const period = optionalInteger(input, 'RotationPeriodInDays') ?? DEFAULT_ROTATION_PERIOD_DAYS;
  await changeKey(ctx, requiredString(input, 'KeyId'), 'EnableKeyRotation', ({ key, arn }) => {
    assertEnabled({ key, arn });
    // Turning rotation on starts a period now; changing the period of a rotating key keeps the
    // last rotation as the start, so the next date moves by the difference.
    const next =
      key.rotationEnabled && key.nextRotationDate !== null
        ? key.nextRotationDate.getTime() + (period - (key.rotationPeriodInDays ?? DEFAULT_ROTATION_PERIOD_DAYS)) * DAY_MS
        : ctx.now().getTime() + period * DAY_MS;
    return { rotationEnabled: true, rotationPeriodInDays: period, nextRotationDate: new Date(next) };
  });
  return {};
};
