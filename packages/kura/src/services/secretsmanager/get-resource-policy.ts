// GetResourcePolicy: the secret's resource policy as it was put; no ResourcePolicy member without one.

import type { OperationHandler } from '../context.js';
import { requiredString } from './input.js';
import { requireSecret } from './resolve.js';

export const getResourcePolicy: OperationHandler = async (input, ctx) => {
  const { secret } = await requireSecret(ctx, input, requiredString(input, 'SecretId'));
  return { ARN: secret.arn, Name: secret.name, ...(secret.resourcePolicy !== null ? { ResourcePolicy: secret.resourcePolicy } : {}) };
};
