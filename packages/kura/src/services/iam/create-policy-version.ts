// CreatePolicyVersion: the next version (v2, v3, …), optionally made the default. At most 5
// versions per policy (AWS's quota).

import type { OperationHandler } from '../context.js';
import { iamErrors } from './errors.js';
import { optionalBoolean, requiredString } from './input.js';
import { requireCustomerPolicy } from './lookup.js';
import { validateManagedPolicy } from './policy-docs.js';
import { versionToWire } from './to-wire.js';

export const MAX_POLICY_VERSIONS = 5;

export const createPolicyVersion: OperationHandler = async (input, ctx) => {
  const arn = requiredString(input, 'PolicyArn');
  const document = requiredString(input, 'PolicyDocument');
  const setAsDefault = optionalBoolean(input, 'SetAsDefault') ?? false;
  await requireCustomerPolicy(ctx, arn, 'CreatePolicyVersion');
  validateManagedPolicy(document);
  const createDate = ctx.now();
  const result = await ctx.store.policies.createPolicyVersion(ctx.accountId, arn, { document, setAsDefault, createDate }, MAX_POLICY_VERSIONS);
  if (result.outcome === 'not-found') throw iamErrors.noSuchPolicy(arn);
  if (result.outcome === 'limit-exceeded') throw iamErrors.tooManyVersions();
  return { PolicyVersion: versionToWire({ versionId: result.versionId, document, isDefaultVersion: setAsDefault, createDate }, false) };
};
