// Every error the STS operations throw, with AWS's Query error code, HTTP status (from the model)
// and text. Texts marked "guess" were not found in any record of a real AWS
// answer; GAPS.md lists them.

import { ServiceError } from '../../wire/errors.js';

const query = (code: string, message: string, status: number) => new ServiceError(code, message, { status, messageMember: 'Message' });

export const stsErrors = {
  validation: (message: string) => query('ValidationError', message, 400),
  /** seen: `nothing-valid-in-here is invalid`, `arn:a:::something/test-role is invalid`. */
  invalidRoleArn: (arn: string) => query('ValidationError', `${arn} is invalid`, 400),
  /** seen */
  durationOverRoleMax: () => query('ValidationError', 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.', 400),
  /** seen in reports of role chaining; the wording is AWS's. */
  durationOverChainLimit: () =>
    query('ValidationError', 'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.', 400),
  malformed: (reason: string) => query('MalformedPolicyDocument', reason, 400),
  /** guess: the percentage form AWS reports for oversized session policies. */
  packedTooLarge: (percent: number) =>
    query('PackedPolicyTooLarge', `Packed policy consumes ${percent}% of allotted space, please use smaller policy set.`, 400),
  /** seen */
  duplicateTagKeys: () => query('InvalidParameterValue', 'Duplicate tag keys found. Please note that Tag keys are case insensitive.', 400),
  /** seen */
  transitiveKeyNotInTags: () => query('InvalidParameterValue', 'The specified transitive tag key must be included in the requested tags.', 400),
  /** guess: Kura has no MFA devices, so every one-time code is refused. */
  mfaFailed: () => query('AccessDenied', 'MultiFactorAuthentication failed with invalid MFA one time pass code. ', 403),
  /** seen */
  sessionCredentials: (operation: string) => query('AccessDenied', `Cannot call ${operation} with session credentials`, 403),
  accessDenied: (message: string) => query('AccessDenied', message, 403),
};
