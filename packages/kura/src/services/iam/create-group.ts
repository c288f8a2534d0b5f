// CreateGroup: a group with an AGPA id and a path (default `/`).

import type { OperationHandler } from '../context.js';
import { checkAccountQuota } from './account-quotas.js';
import { entityArn } from '../../identity/arns.js';
import { iamErrors } from './errors.js';
import { uniqueId } from './ids.js';
import { optionalString, requiredString } from './input.js';
import { groupToWire } from './to-wire.js';

export const createGroup: OperationHandler = async (input, ctx) => {
  const name = requiredString(input, 'GroupName');
  const path = optionalString(input, 'Path') ?? '/';
  await checkAccountQuota(ctx, 'GroupsPerAccount');
  const group = { accountId: ctx.accountId, name, id: uniqueId('AGPA'), path, arn: entityArn(ctx.accountId, 'group', path, name), createDate: ctx.now() };
  if ((await ctx.store.principals.createGroup(group)) === 'exists') throw iamErrors.exists('group', name);
  return { Group: groupToWire(group) };
};
