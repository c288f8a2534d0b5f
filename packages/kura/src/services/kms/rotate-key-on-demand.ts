// RotateKeyOnDemand: fresh material now, at most 25 times per key (AWS's fixed quota); the
// automatic rotation schedule is unchanged.

import { scopeOf, type OperationHandler } from '../context.js';
import { kmsCall, kmsErrors } from './errors.js';
import { requiredString } from './input.js';
import { assertEnabled, findKeyById } from './lookup.js';

export const ON_DEMAND_ROTATION_LIMIT = 25;

export const rotateKeyOnDemand: OperationHandler = async (input, ctx) => {
  const scope = scopeOf(ctx);
  const resolved = await findKeyById(ctx, requiredString(input, 'KeyId'));
  assertEnabled(resolved);
  const materials = await ctx.store.keys.materials(scope, resolved.key.keyId);
  if (materials.filter((m) => m.origin === 'ON_DEMAND').length >= ON_DEMAND_ROTATION_LIMIT) {
    // guess: LocalStack's text.
    throw kmsErrors.limitExceeded(
      `The on-demand rotations limit has been reached for the given keyId. No more on-demand rotations can be performed for this key: ${resolved.arn}`,
    );
  }
  await kmsCall(() => ctx.kms.rotate(scope, resolved.key.keyId, 'ON_DEMAND'));
  return { KeyId: resolved.key.keyId };
};
