// Attach/Detach/ListAttached for managed policies, one implementation for users, groups and roles;
// the operation files bind the kind. Quota: 10 managed policies per entity (AWS's default, identity/quotas.ts).

import type { OperationHandler } from '../context.js';
import { underPath } from '../../identity/arns.js';
import { MAX_ATTACHED_POLICIES } from '../../identity/quotas.js';
import { titleOf, iamErrors, type EntityKind } from './errors.js';
import { optionalString, requiredString } from './input.js';
import { findPolicy, requireEntity } from './lookup.js';
import { pageOfList } from './paging.js';

const nameMember = (kind: EntityKind) => `${titleOf(kind)}Name`;

export function attachPolicy(kind: EntityKind): OperationHandler {
  return async (input, ctx) => {
    const entityName = requiredString(input, nameMember(kind));
    const policyArn = requiredString(input, 'PolicyArn');
    // The entity is checked first: AWS names a missing role before a missing policy.
    await requireEntity(ctx, kind, entityName);
    if (!(await findPolicy(ctx, policyArn))) throw iamErrors.notAttachable(policyArn);
    const outcome = await ctx.store.policies.attachPolicy(ctx.accountId, kind, entityName, policyArn, MAX_ATTACHED_POLICIES);
    switch (outcome) {
      case 'attached':
        return {};
      case 'principal-not-found':
        throw iamErrors.noSuchEntity(kind, entityName);
      case 'policy-not-found':
        throw iamErrors.notAttachable(policyArn);
      case 'limit-exceeded':
        throw iamErrors.quota(`PoliciesPer${titleOf(kind)}`, MAX_ATTACHED_POLICIES);
    }
  };
}

export function detachPolicy(kind: EntityKind): OperationHandler {
  return async (input, ctx) => {
    const entityName = requiredString(input, nameMember(kind));
    const policyArn = requiredString(input, 'PolicyArn');
    await requireEntity(ctx, kind, entityName);
    const outcome = await ctx.store.policies.detachPolicy(ctx.accountId, kind, entityName, policyArn);
    if (outcome === 'principal-not-found') throw iamErrors.noSuchEntity(kind, entityName);
    if (outcome === 'not-attached') throw iamErrors.noSuchPolicy(policyArn);
    return {};
  };
}

export function listAttachedPolicies(kind: EntityKind, operation: string): OperationHandler {
  return async (input, ctx) => {
    const entityName = requiredString(input, nameMember(kind));
    const pathPrefix = optionalString(input, 'PathPrefix');
    const attached = await ctx.store.policies.attachedPolicies(ctx.accountId, kind, entityName);
    if (attached === undefined) throw iamErrors.noSuchEntity(kind, entityName);
    // The path is the part of the ARN between `policy` and the name.
    const pathOf = (arn: string) => {
      const rest = arn.slice(arn.indexOf(':policy') + ':policy'.length);
      return rest.slice(0, rest.lastIndexOf('/') + 1);
    };
    const matching = attached.filter((p) => underPath(pathOf(p.policyArn), pathPrefix));
    const query = { entity: entityName.toLowerCase(), pathPrefix };
    const { items, paging } = pageOfList(ctx, operation, input, query, matching);
    return { AttachedPolicies: items.map((p) => ({ PolicyName: p.policyName, PolicyArn: p.policyArn })), ...paging };
  };
}
