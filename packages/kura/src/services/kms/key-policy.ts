// Key policy validation for CreateKey and PutKeyPolicy: a resource policy AWS would accept, at
// most 32 KB. The parsed form is not kept: the policy is stored as sent and GetKeyPolicy returns
// it byte for byte, as AWS does.

import { parsePolicy, PolicyError, POLICY_SIZE_LIMITS } from '../../policy/index.js';
import { kmsErrors } from './errors.js';

export function validateKeyPolicy(text: string): string {
  try {
    parsePolicy(text, 'resource', { maxLength: POLICY_SIZE_LIMITS.keyPolicyBytes });
    return text;
  } catch (error) {
    if (!(error instanceof PolicyError)) throw error;
    // guess: AWS lists LimitExceededException for an oversized key policy; its text is unknown.
    if (error.code === 'too-large') throw kmsErrors.limitExceeded(error.reason);
    throw kmsErrors.malformedPolicy(error.reason);
  }
}
