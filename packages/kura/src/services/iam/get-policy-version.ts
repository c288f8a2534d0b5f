// GetPolicyVersion: one version with its document (URL-encoded).

import type { OperationHandler } from '../context.js';
import { iamErrors } from './errors.js';
import { requiredString } from './input.js';
import { requirePolicy } from './lookup.js';
import { versionToWire } from './to-wire.js';

export const getPolicyVersion: OperationHandler = async (input, ctx) => {
  const arn = requiredString(input, 'PolicyArn');
  const versionId = requiredString(input, 'VersionId');
  const { awsVersion } = await requirePolicy(ctx, arn);
  const version = awsVersion
    ? awsVersion.versionId === versionId
      ? awsVersion
      : undefined
    : await ctx.store.policies.getPolicyVersion(ctx.accountId, arn, versionId);
  if (!version) throw iamErrors.noSuchPolicyVersion(arn, versionId);
  return { PolicyVersion: versionToWire(version, true) };
};
