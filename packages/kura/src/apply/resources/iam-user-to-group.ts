// AWS::IAM::UserToGroupAddition: users added to a group the stack may not own (CDK writes it when a
// user is added to an imported group). Ref is a generated id. GroupName replaces it; Users change in
// place. Deleting removes those users from the group.

import { AddUserToGroupCommand, RemoveUserFromGroupCommand } from '@aws-sdk/client-iam';
import { NO_SUCH_ENTITY } from './iam-entity.js';
import { completeOrUndo, generatedName, gone, requiredString, stringList } from './props.js';
import type { HandlerContext, ResourceHandler } from './types.js';

const AT = 'Properties';

async function add(ctx: HandlerContext, group: string, users: string[]): Promise<void> {
  for (const user of users) await ctx.clients.iam.send(new AddUserToGroupCommand({ GroupName: group, UserName: user }));
}

async function remove(ctx: HandlerContext, group: string, users: string[]): Promise<void> {
  for (const user of users) await gone(ctx.clients.iam.send(new RemoveUserFromGroupCommand({ GroupName: group, UserName: user })), NO_SUCH_ENTITY);
}

export const iamUserToGroup: ResourceHandler = {
  type: 'AWS::IAM::UserToGroupAddition',
  properties: { GroupName: { required: true, replace: true }, Users: { required: true } },
  attributes: [],

  check(props, at) {
    stringList(props, 'Users', at);
  },

  async create(props, ctx) {
    const group = requiredString(props, 'GroupName', AT);
    const users = stringList(props, 'Users', AT);
    await completeOrUndo(
      () => add(ctx, group, users),
      () => remove(ctx, group, users),
    );
    const id = generatedName(ctx.env.stackName, ctx.logicalId.slice(0, 5), 128, 12);
    return { physicalId: id, attributes: { Ref: id } };
  },

  async update(stored, props, ctx) {
    const group = requiredString(props, 'GroupName', AT);
    const before = stringList(stored.properties, 'Users', AT);
    const after = stringList(props, 'Users', AT);
    await add(
      ctx,
      group,
      after.filter((u) => !before.includes(u)),
    );
    await remove(
      ctx,
      group,
      before.filter((u) => !after.includes(u)),
    );
    return { attributes: stored.attributes };
  },

  async delete(stored, ctx) {
    await remove(ctx, requiredString(stored.properties, 'GroupName', AT), stringList(stored.properties, 'Users', AT));
  },
};
