// SetDefaultPolicyVersion: the version every principal with the policy is evaluated against from
// now on (the store's generation changes, so cached policy sets are rebuilt).

import type { OperationHandler } from '../context.js';
import { iamErrors } from './errors.js';
import { requiredString } from './input.js';
import { requireCustomerPolicy } from './lookup.js';

export const setDefaultPolicyVersion: OperationHandler = async (input, ctx) => {
  const arn = requiredString(input, 'PolicyArn');
  const versionId = requiredString(input, 'VersionId');
  await requireCustomerPolicy(ctx, arn, 'SetDefaultPolicyVersion');
  if ((await ctx.store.policies.setDefaultPolicyVersion(ctx.accountId, arn, versionId, ctx.now())) === 'not-found') {
    throw iamErrors.noSuchPolicyVersion(arn, versionId);
  }
  return {};
};
