// ListKeyPolicies: always ["default"], the one policy a KMS key has.

import type { OperationHandler } from '../context.js';
import { DEFAULT_POLICY_NAME } from './get-key-policy.js';
import { requiredString } from './input.js';
import { findKeyById } from './lookup.js';

export const listKeyPolicies: OperationHandler = async (input, ctx) => {
  await findKeyById(ctx, requiredString(input, 'KeyId'));
  return { PolicyNames: [DEFAULT_POLICY_NAME], Truncated: false };
};
