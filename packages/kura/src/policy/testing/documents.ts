// Helpers for the policy tests: build documents tersely, read back the refusal reason.

import assert from 'node:assert/strict';
import { PolicyError } from '../errors.js';
import { parsePolicy, type ParsePolicyOptions } from '../parse-policy.js';
import type { ParsedPolicy, PolicyKind } from '../types.js';

export const V12 = '2012-10-17';

/** A document with `statement` (object or array) under the given top-level members. */
export function doc(statement: unknown, top: Record<string, unknown> = { Version: V12 }): string {
  return JSON.stringify({ ...top, Statement: statement });
}

/** A valid identity-policy statement to vary from. */
export const s3Statement = { Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::example_bucket' };

/** A valid trust-policy statement to vary from. */
export const trustStatement = { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' };

/** AWS's default key policy statement ("Enable IAM User Permissions"). */
export const keyStatement = {
  Sid: 'Enable IAM User Permissions',
  Effect: 'Allow',
  Principal: { AWS: 'arn:aws:iam::111122223333:root' },
  Action: 'kms:*',
  Resource: '*',
};

/** The PolicyError a document is refused with; fails the test if it is accepted or throws otherwise. */
export function refusal(text: string, kind: PolicyKind = 'identity', options?: ParsePolicyOptions): PolicyError {
  try {
    parsePolicy(text, kind, options);
  } catch (error) {
    if (error instanceof PolicyError) return error;
    throw error;
  }
  return assert.fail(`expected ${kind} policy to be refused: ${text}`);
}

export function reason(text: string, kind: PolicyKind = 'identity', options?: ParsePolicyOptions): string {
  return refusal(text, kind, options).reason;
}

export function accept(text: string, kind: PolicyKind = 'identity', options?: ParsePolicyOptions): ParsedPolicy {
  return parsePolicy(text, kind, options);
}
