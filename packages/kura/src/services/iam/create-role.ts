// CreateRole: a role with an AROA id, a validated trust policy, MaxSessionDuration
// 3600–43200 (default 3600; the model bounds it), optional description, boundary and tags.

import type { OperationHandler } from '../context.js';
import { checkAccountQuota } from './account-quotas.js';
import { entityArn } from '../../identity/arns.js';
import { iamErrors } from './errors.js';
import { uniqueId } from './ids.js';
import { optionalInteger, optionalString, requiredString, tagList } from './input.js';
import { checkBoundary } from './lookup.js';
import { validateTrustPolicy } from './policy-docs.js';
import { roleToWire } from './to-wire.js';

export const DEFAULT_MAX_SESSION_DURATION = 3600;

export const createRole: OperationHandler = async (input, ctx) => {
  const name = requiredString(input, 'RoleName');
  const document = requiredString(input, 'AssumeRolePolicyDocument');
  const path = optionalString(input, 'Path') ?? '/';
  const boundary = optionalString(input, 'PermissionsBoundary');
  const tags = tagList(input);
  await validateTrustPolicy(ctx, document);
  await checkBoundary(ctx, boundary);
  await checkAccountQuota(ctx, 'RolesPerAccount');
  const role = {
    accountId: ctx.accountId,
    name,
    id: uniqueId('AROA'),
    path,
    arn: entityArn(ctx.accountId, 'role', path, name),
    createDate: ctx.now(),
    assumeRolePolicyDocument: document,
    description: optionalString(input, 'Description') ?? null,
    maxSessionDuration: optionalInteger(input, 'MaxSessionDuration') ?? DEFAULT_MAX_SESSION_DURATION,
    permissionsBoundary: boundary ?? null,
    tags,
  };
  if ((await ctx.store.principals.createRole(role)) === 'exists') throw iamErrors.exists('role', name);
  const { RoleLastUsed: _unused, ...wire } = roleToWire(role);
  return { Role: wire };
};
