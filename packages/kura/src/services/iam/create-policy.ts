// CreatePolicy: a customer managed policy with version v1 as its default. Documents
// must use Version 2012-10-17 and stay within 6144 characters without whitespace.

import type { OperationHandler } from '../context.js';
import { checkAccountQuota } from './account-quotas.js';
import { entityArn } from '../../identity/arns.js';
import { iamErrors } from './errors.js';
import { uniqueId } from './ids.js';
import { optionalString, requiredString, tagList } from './input.js';
import { validateManagedPolicy } from './policy-docs.js';
import { policyToWire } from './to-wire.js';

export const createPolicy: OperationHandler = async (input, ctx) => {
  const name = requiredString(input, 'PolicyName');
  const document = requiredString(input, 'PolicyDocument');
  const path = optionalString(input, 'Path') ?? '/';
  const tags = tagList(input);
  validateManagedPolicy(document);
  await checkAccountQuota(ctx, 'PoliciesPerAccount');
  const now = ctx.now();
  const policy = {
    accountId: ctx.accountId,
    name,
    id: uniqueId('ANPA'),
    path,
    arn: entityArn(ctx.accountId, 'policy', path, name),
    description: optionalString(input, 'Description') ?? null,
    createDate: now,
    updateDate: now,
    defaultVersionId: 'v1',
    tags,
  };
  const outcome = await ctx.store.policies.createPolicy(policy, { versionId: 'v1', document, isDefaultVersion: true, createDate: now });
  if (outcome === 'exists') throw iamErrors.policyExists(name);
  return { Policy: policyToWire({ ...policy, attachmentCount: 0 }, { tags: true }) };
};
