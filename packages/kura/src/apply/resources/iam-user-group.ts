// AWS::IAM::User and AWS::IAM::Group. A user: CreateUser, its groups, inline and managed policies,
// tags; Path (UpdateUser) and PermissionsBoundary (Put/DeleteUserPermissionsBoundary) change in place;
// UserName replaces it. LoginProfile is refused: Kura has no console passwords. A group:
// CreateGroup and its policies; GroupName and Path replace it (Kura has no UpdateGroup). Ref is the
// name; Arn is an attribute of both.

import {
  AddUserToGroupCommand,
  CreateGroupCommand,
  CreateUserCommand,
  DeleteGroupCommand,
  DeleteUserCommand,
  ListGroupsForUserCommand,
  RemoveUserFromGroupCommand,
  TagUserCommand,
  UntagUserCommand,
  UpdateUserCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { TemplateError } from '../errors.js';
import { sameValue } from '../values.js';
import { entityPolicies, NO_SUCH_ENTITY, removeAllPolicies, syncBoundary, syncPolicies } from './iam-entity.js';
import { completeOrUndo, generatedName, gone, optionalString, stringList, tagChanges, tagPairs } from './props.js';
import type { ResourceHandler, Stored } from './types.js';

const AT = 'Properties';

export const iamUser: ResourceHandler = {
  type: 'AWS::IAM::User',
  properties: {
    UserName: { replace: true },
    Path: {},
    Groups: {},
    ManagedPolicyArns: {},
    Policies: {},
    PermissionsBoundary: {},
    Tags: {},
    LoginProfile: {},
  },
  nameProperty: 'UserName',
  attributes: ['Arn'],

  /** A new Path moves the user's ARN (arn:…:user/PATH/NAME). */
  plannedAttributes(stored, props) {
    const path = optionalString(props, 'Path', AT) ?? '/';
    return { ...stored.attributes, Arn: String(stored.attributes['Arn']).replace(/:user\/.*$/, `:user${path}${stored.physicalId}`) };
  },

  check(props, at) {
    if (props['LoginProfile'] !== undefined) throw new TemplateError(`${at}.LoginProfile`, 'Kura has no console passwords (login profiles): remove LoginProfile');
    stringList(props, 'Groups', at);
    entityPolicies(props, at);
    tagPairs(props, at);
  },

  async create(props, ctx) {
    const { iam } = ctx.clients;
    const name = optionalString(props, 'UserName', AT) ?? generatedName(ctx.env.stackName, ctx.logicalId, 64);
    const tags = tagPairs(props, AT);
    const out = await iam.send(
      new CreateUserCommand({ UserName: name, Path: optionalString(props, 'Path', AT), PermissionsBoundary: optionalString(props, 'PermissionsBoundary', AT), Tags: tags.length > 0 ? tags : undefined }),
    );
    const stored: Stored = { type: this.type, physicalId: name, attributes: { Ref: name, Arn: out.User?.Arn ?? '' }, properties: props };
    await completeOrUndo(
      async () => {
        for (const group of stringList(props, 'Groups', AT)) await iam.send(new AddUserToGroupCommand({ GroupName: group, UserName: name }));
        await syncPolicies(iam, 'User', name, entityPolicies(undefined, AT), entityPolicies(props, AT));
      },
      () => this.delete(stored, ctx),
    );
    return { physicalId: name, attributes: stored.attributes };
  },

  async update(stored, props, ctx) {
    const { iam } = ctx.clients;
    const name = stored.physicalId;
    const before = stored.properties;
    let attributes = stored.attributes;
    if (!sameValue(before['Path'], props['Path'])) {
      await iam.send(new UpdateUserCommand({ UserName: name, NewPath: optionalString(props, 'Path', AT) ?? '/' }));
      attributes = this.plannedAttributes!(stored, props);
    }
    const oldGroups = stringList(before, 'Groups', AT);
    const newGroups = stringList(props, 'Groups', AT);
    for (const group of newGroups) if (!oldGroups.includes(group)) await iam.send(new AddUserToGroupCommand({ GroupName: group, UserName: name }));
    for (const group of oldGroups) if (!newGroups.includes(group)) await gone(iam.send(new RemoveUserFromGroupCommand({ GroupName: group, UserName: name })), NO_SUCH_ENTITY);
    await syncBoundary(iam, 'User', name, before, props, AT);
    await syncPolicies(iam, 'User', name, entityPolicies(before, AT), entityPolicies(props, AT));
    const { set, remove } = tagChanges(tagPairs(before, AT), tagPairs(props, AT));
    if (remove.length > 0) await iam.send(new UntagUserCommand({ UserName: name, TagKeys: remove }));
    if (set.length > 0) await iam.send(new TagUserCommand({ UserName: name, Tags: set }));
    return { attributes };
  },

  async delete(stored, ctx) {
    const { iam } = ctx.clients;
    await leaveGroups(iam, stored.physicalId);
    await removeAllPolicies(iam, 'User', stored.physicalId);
    await gone(iam.send(new DeleteUserCommand({ UserName: stored.physicalId })), NO_SUCH_ENTITY);
  },
};

async function leaveGroups(iam: IAMClient, name: string): Promise<void> {
  let groups: string[];
  try {
    groups = ((await iam.send(new ListGroupsForUserCommand({ UserName: name }))).Groups ?? []).map((g) => g.GroupName ?? '');
  } catch (error) {
    if (error instanceof Error && NO_SUCH_ENTITY.includes(error.name)) return;
    throw error;
  }
  for (const group of groups) await gone(iam.send(new RemoveUserFromGroupCommand({ GroupName: group, UserName: name })), NO_SUCH_ENTITY);
}

export const iamGroup: ResourceHandler = {
  type: 'AWS::IAM::Group',
  properties: {
    GroupName: { replace: true },
    Path: { replace: true },
    ManagedPolicyArns: {},
    Policies: {},
  },
  nameProperty: 'GroupName',
  attributes: ['Arn'],

  check(props, at) {
    entityPolicies(props, at);
  },

  async create(props, ctx) {
    const { iam } = ctx.clients;
    const name = optionalString(props, 'GroupName', AT) ?? generatedName(ctx.env.stackName, ctx.logicalId, 128);
    const out = await iam.send(new CreateGroupCommand({ GroupName: name, Path: optionalString(props, 'Path', AT) }));
    const stored: Stored = { type: this.type, physicalId: name, attributes: { Ref: name, Arn: out.Group?.Arn ?? '' }, properties: props };
    await completeOrUndo(
      () => syncPolicies(iam, 'Group', name, entityPolicies(undefined, AT), entityPolicies(props, AT)),
      () => this.delete(stored, ctx),
    );
    return { physicalId: name, attributes: stored.attributes };
  },

  async update(stored, props, ctx) {
    await syncPolicies(ctx.clients.iam, 'Group', stored.physicalId, entityPolicies(stored.properties, AT), entityPolicies(props, AT));
    return { attributes: stored.attributes };
  },

  async delete(stored, ctx) {
    await removeAllPolicies(ctx.clients.iam, 'Group', stored.physicalId);
    await gone(ctx.clients.iam.send(new DeleteGroupCommand({ GroupName: stored.physicalId })), NO_SUCH_ENTITY);
  },
};
