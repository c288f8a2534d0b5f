// DeletePolicyVersion: any version but the default.

import type { OperationHandler } from '../context.js';
import { iamErrors } from './errors.js';
import { requiredString } from './input.js';
import { requireCustomerPolicy } from './lookup.js';

export const deletePolicyVersion: OperationHandler = async (input, ctx) => {
  const arn = requiredString(input, 'PolicyArn');
  const versionId = requiredString(input, 'VersionId');
  await requireCustomerPolicy(ctx, arn, 'DeletePolicyVersion');
  const outcome = await ctx.store.policies.deletePolicyVersion(ctx.accountId, arn, versionId);
  if (outcome === 'not-found') throw iamErrors.noSuchPolicyVersion(arn, versionId);
  if (outcome === 'conflict') throw iamErrors.deleteConflict(iamErrors.conflicts.defaultVersion);
  return {};
};
