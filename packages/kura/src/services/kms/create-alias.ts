// CreateAlias: a new alias (alias/…, not under alias/aws/) for a key that is not pending deletion
// (an AWS managed key's policy refuses it: authorization.ts). The target must be a key id or key ARN, never another alias.

import { scopeOf, type OperationHandler } from '../context.js';
import { validateAliasName } from './aliases.js';
import { kmsErrors } from './errors.js';
import { requiredString } from './input.js';
import { aliasArn, namesAlias } from './key-ref.js';
import { assertNotPendingDeletion, findKeyById } from './lookup.js';

export const createAlias: OperationHandler = async (input, ctx) => {
  const scope = scopeOf(ctx);
  const aliasName = validateAliasName(requiredString(input, 'AliasName'));
  const target = requiredString(input, 'TargetKeyId');
  if (namesAlias(target)) throw kmsErrors.aliasTargetIsAlias();
  const arn = aliasArn(scope.region, scope.accountId, aliasName);
  // Checked before the target so that "exists" wins over problems with the new target, as in AWS.
  if (await ctx.store.keys.alias(scope, aliasName)) throw kmsErrors.aliasExists(arn);
  const resolved = await findKeyById(ctx, target);
  assertNotPendingDeletion(resolved);
  const now = ctx.now();
  const outcome = await ctx.store.keys.createAlias(scope, { aliasName, targetKeyId: resolved.key.keyId, creationDate: now, lastUpdatedDate: now });
  if (outcome === 'exists') throw kmsErrors.aliasExists(arn);
  if (outcome === 'key-not-found') throw kmsErrors.keyNotFound(resolved.arn);
  return {};
};
