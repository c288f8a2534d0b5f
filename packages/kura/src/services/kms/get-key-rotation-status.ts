// GetKeyRotationStatus: whether automatic rotation is on, its period and next date. On-demand
// rotations complete within the call, so OnDemandRotationStartDate never appears.

import type { OperationHandler } from '../context.js';
import { requiredString } from './input.js';
import { findKeyById } from './lookup.js';

export const getKeyRotationStatus: OperationHandler = async (input, ctx) => {
  const { key } = await findKeyById(ctx, requiredString(input, 'KeyId'));
  if (!key.rotationEnabled) return { KeyRotationEnabled: false, KeyId: key.keyId };
  return {
    KeyRotationEnabled: true,
    KeyId: key.keyId,
    ...(key.rotationPeriodInDays !== null ? { RotationPeriodInDays: key.rotationPeriodInDays } : {}),
    ...(key.nextRotationDate !== null ? { NextRotationDate: key.nextRotationDate } : {}),
  };
};
