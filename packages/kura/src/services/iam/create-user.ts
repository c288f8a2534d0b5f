// CreateUser: a user with an AIDA id, a path (default `/`), optional permissions
// boundary and tags. Names are unique case-insensitively.

import type { OperationHandler } from '../context.js';
import { checkAccountQuota } from './account-quotas.js';
import { entityArn } from '../../identity/arns.js';
import { iamErrors } from './errors.js';
import { uniqueId } from './ids.js';
import { optionalString, requiredString, tagList } from './input.js';
import { checkBoundary } from './lookup.js';
import { userToWire } from './to-wire.js';

export const createUser: OperationHandler = async (input, ctx) => {
  const name = requiredString(input, 'UserName');
  const path = optionalString(input, 'Path') ?? '/';
  const boundary = optionalString(input, 'PermissionsBoundary');
  const tags = tagList(input);
  await checkBoundary(ctx, boundary);
  await checkAccountQuota(ctx, 'UsersPerAccount');
  const user = {
    accountId: ctx.accountId,
    name,
    id: uniqueId('AIDA'),
    path,
    arn: entityArn(ctx.accountId, 'user', path, name),
    createDate: ctx.now(),
    permissionsBoundary: boundary ?? null,
    tags,
  };
  if ((await ctx.store.principals.createUser(user)) === 'exists') throw iamErrors.exists('user', name);
  return { User: userToWire(user) };
};
