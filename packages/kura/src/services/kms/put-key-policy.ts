// PutKeyPolicy: replaces the key policy of a customer managed key with a valid policy document.
// Stored now, enforced once IAM evaluation lands (GAPS.md).

import type { OperationHandler } from '../context.js';
import { kmsErrors } from './errors.js';
import { DEFAULT_POLICY_NAME } from './get-key-policy.js';
import { optionalString, requiredString } from './input.js';
import { changeKey } from './key-changes.js';
import { validateKeyPolicy } from './key-policy.js';

export const putKeyPolicy: OperationHandler = async (input, ctx) => {
  // guess: LocalStack's text for a policy name other than "default".
  if ((optionalString(input, 'PolicyName') ?? DEFAULT_POLICY_NAME) !== DEFAULT_POLICY_NAME) {
    throw kmsErrors.unsupported('Only default policy is supported');
  }
  const policy = validateKeyPolicy(requiredString(input, 'Policy'));
  await changeKey(ctx, requiredString(input, 'KeyId'), 'PutKeyPolicy', () => ({ policy }));
  return {};
};
