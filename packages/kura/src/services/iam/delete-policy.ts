// DeletePolicy: refused while the policy is attached (or used as a permissions boundary) and while
// it has versions besides the default. AWS managed policies cannot be deleted.

import type { OperationHandler } from '../context.js';
import { boundaryUsage } from './boundary-usage.js';
import { iamErrors } from './errors.js';
import { requiredString } from './input.js';
import { requireCustomerPolicy } from './lookup.js';

export const deletePolicy: OperationHandler = async (input, ctx) => {
  const arn = requiredString(input, 'PolicyArn');
  const policy = await requireCustomerPolicy(ctx, arn, 'DeletePolicy');
  const { conflicts } = iamErrors;
  if (policy.attachmentCount > 0 || (await boundaryUsage(ctx, arn)) > 0) throw iamErrors.deleteConflict(conflicts.policyAttached);
  const versions = (await ctx.store.policies.listPolicyVersions(ctx.accountId, arn)) ?? [];
  if (versions.length > 1) throw iamErrors.deleteConflict(conflicts.policyVersions);
  const outcome = await ctx.store.policies.deletePolicy(ctx.accountId, arn);
  if (outcome === 'not-found') throw iamErrors.noSuchPolicy(arn);
  if (outcome === 'conflict') throw iamErrors.deleteConflict(conflicts.policyAttached);
  return {};
};
