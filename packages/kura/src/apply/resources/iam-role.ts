// AWS::IAM::Role: CreateRole, then its inline and managed policies. Ref is the role name; Arn and
// RoleId are attributes. RoleName and Path replace the role, as in CloudFormation; PermissionsBoundary
// changes in place (Put/DeleteRolePermissionsBoundary).

import { CreateRoleCommand, DeleteRoleCommand, TagRoleCommand, UntagRoleCommand, UpdateAssumeRolePolicyCommand, UpdateRoleCommand } from '@aws-sdk/client-iam';
import { entityPolicies, NO_SUCH_ENTITY, removeAllPolicies, syncBoundary, syncPolicies } from './iam-entity.js';
import { completeOrUndo, generatedName, gone, optionalInteger, optionalString, policyDocument, tagChanges, tagPairs } from './props.js';
import type { HandlerContext, Props, ResourceHandler, Stored } from './types.js';
import { sameValue } from '../values.js';

const AT = 'Properties';

export const iamRole: ResourceHandler = {
  type: 'AWS::IAM::Role',
  properties: {
    RoleName: { replace: true },
    Path: { replace: true },
    AssumeRolePolicyDocument: { required: true },
    Description: {},
    ManagedPolicyArns: {},
    MaxSessionDuration: {},
    PermissionsBoundary: {},
    Policies: {},
    Tags: {},
  },
  nameProperty: 'RoleName',
  attributes: ['Arn', 'RoleId'],

  check(props, at) {
    policyDocument(props, 'AssumeRolePolicyDocument', at);
    optionalInteger(props, 'MaxSessionDuration', at);
    optionalString(props, 'Description', at);
    entityPolicies(props, at);
    tagPairs(props, at);
  },

  async create(props, ctx) {
    const { iam } = ctx.clients;
    const name = optionalString(props, 'RoleName', AT) ?? generatedName(ctx.env.stackName, ctx.logicalId, 64);
    const tags = tagPairs(props, AT);
    const out = await iam.send(
      new CreateRoleCommand({
        RoleName: name,
        Path: optionalString(props, 'Path', AT),
        AssumeRolePolicyDocument: policyDocument(props, 'AssumeRolePolicyDocument', AT),
        Description: optionalString(props, 'Description', AT),
        MaxSessionDuration: optionalInteger(props, 'MaxSessionDuration', AT),
        PermissionsBoundary: optionalString(props, 'PermissionsBoundary', AT),
        Tags: tags.length > 0 ? tags : undefined,
      }),
    );
    const stored: Stored = { type: this.type, physicalId: name, attributes: { Ref: name, Arn: out.Role?.Arn ?? '', RoleId: out.Role?.RoleId ?? '' }, properties: props };
    await completeOrUndo(
      () => syncPolicies(iam, 'Role', name, entityPolicies(undefined, AT), entityPolicies(props, AT)),
      () => this.delete(stored, ctx),
    );
    return { physicalId: name, attributes: stored.attributes };
  },

  async update(stored, props, ctx) {
    const { iam } = ctx.clients;
    const name = stored.physicalId;
    const before = stored.properties;
    const changed = (key: string) => !sameValue(before[key], props[key]);
    if (changed('AssumeRolePolicyDocument')) {
      await iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: name, PolicyDocument: policyDocument(props, 'AssumeRolePolicyDocument', AT) }));
    }
    if (changed('Description') || changed('MaxSessionDuration')) {
      await iam.send(
        new UpdateRoleCommand({ RoleName: name, Description: optionalString(props, 'Description', AT) ?? '', MaxSessionDuration: optionalInteger(props, 'MaxSessionDuration', AT) ?? 3600 }),
      );
    }
    await syncBoundary(iam, 'Role', name, before, props, AT);
    await syncPolicies(iam, 'Role', name, entityPolicies(before, AT), entityPolicies(props, AT));
    await syncRoleTags(ctx, name, before, props);
    return { attributes: stored.attributes };
  },

  async delete(stored, ctx) {
    await removeAllPolicies(ctx.clients.iam, 'Role', stored.physicalId);
    await gone(ctx.clients.iam.send(new DeleteRoleCommand({ RoleName: stored.physicalId })), NO_SUCH_ENTITY);
  },
};

async function syncRoleTags(ctx: HandlerContext, name: string, before: Props, after: Props): Promise<void> {
  const { set, remove } = tagChanges(tagPairs(before, AT), tagPairs(after, AT));
  if (remove.length > 0) await ctx.clients.iam.send(new UntagRoleCommand({ RoleName: name, TagKeys: remove }));
  if (set.length > 0) await ctx.clients.iam.send(new TagRoleCommand({ RoleName: name, Tags: set }));
}
