// GetKeyPolicy: the key policy as stored (a key has exactly one, named "default").

import type { OperationHandler } from '../context.js';
import { kmsErrors } from './errors.js';
import { optionalString, requiredString } from './input.js';
import { findKeyById } from './lookup.js';

export const DEFAULT_POLICY_NAME = 'default';

export const getKeyPolicy: OperationHandler = async (input, ctx) => {
  const { key } = await findKeyById(ctx, requiredString(input, 'KeyId'));
  // guess: LocalStack's text for a policy name other than "default".
  if ((optionalString(input, 'PolicyName') ?? DEFAULT_POLICY_NAME) !== DEFAULT_POLICY_NAME) throw kmsErrors.notFound('No such policy exists');
  return { Policy: key.policy, PolicyName: DEFAULT_POLICY_NAME };
};
