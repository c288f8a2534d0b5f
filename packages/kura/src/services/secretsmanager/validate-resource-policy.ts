// ValidateResourcePolicy: whether a policy would be accepted, without attaching it. A document that
// does not parse is MalformedPolicyDocumentException, as PutResourcePolicy answers it; one that
// parses but grants broad access fails the public-access check (guess: the check's name and text).
// With a SecretId, the secret must exist.

import type { OperationHandler } from '../context.js';
import { optionalString, requiredString } from './input.js';
import { requireSecret } from './resolve.js';
import { isPublic, parseSecretPolicy } from './resource-policy.js';

export const validateResourcePolicy: OperationHandler = async (input, ctx) => {
  const secretId = optionalString(input, 'SecretId');
  if (secretId !== undefined) await requireSecret(ctx, input, secretId);
  const policy = parseSecretPolicy(requiredString(input, 'ResourcePolicy'));
  if (!isPublic(policy)) return { PolicyValidationPassed: true, ValidationErrors: [] };
  return {
    PolicyValidationPassed: false,
    ValidationErrors: [{ CheckName: 'BLOCK_PUBLIC_POLICY', ErrorMessage: 'The resource policy grants broad access to the secret.' }],
  };
};
