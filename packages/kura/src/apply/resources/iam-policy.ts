// AWS::IAM::Policy: one inline policy put on each of its Roles, Users and Groups (CDK's
// `…DefaultPolicy` resources are these). Ref is a generated id, as CloudFormation's. An update moves
// the policy between entities, renames it or changes its document, in place.

import { TemplateError } from '../errors.js';
import { deleteInline, putInline, type EntityKind } from './iam-entity.js';
import { completeOrUndo, generatedName, policyDocument, requiredString, stringList } from './props.js';
import type { HandlerContext, Props, ResourceHandler } from './types.js';

const AT = 'Properties';
const KINDS: Array<[EntityKind, string]> = [
  ['Role', 'Roles'],
  ['User', 'Users'],
  ['Group', 'Groups'],
];

interface Placement {
  name: string;
  document: string;
  targets: Array<[EntityKind, string]>;
}

function placement(props: Props, at: string): Placement {
  return {
    name: requiredString(props, 'PolicyName', at),
    document: policyDocument(props, 'PolicyDocument', at) ?? '',
    targets: KINDS.flatMap(([kind, property]) => stringList(props, property, at).map((entity): [EntityKind, string] => [kind, entity])),
  };
}

async function put(ctx: HandlerContext, p: Placement): Promise<void> {
  for (const [kind, entity] of p.targets) await putInline(ctx.clients.iam, kind, entity, p.name, p.document);
}

async function remove(ctx: HandlerContext, p: Placement, keep: (kind: EntityKind, entity: string) => boolean = () => false): Promise<void> {
  for (const [kind, entity] of p.targets) if (!keep(kind, entity)) await deleteInline(ctx.clients.iam, kind, entity, p.name);
}

export const iamPolicy: ResourceHandler = {
  type: 'AWS::IAM::Policy',
  properties: { PolicyName: { required: true }, PolicyDocument: { required: true }, Roles: {}, Users: {}, Groups: {} },
  attributes: ['Id'],

  check(props, at) {
    const p = placement(props, at);
    if (p.targets.length === 0 && KINDS.every(([, property]) => props[property] === undefined)) {
      throw new TemplateError(at, 'at least one of Roles, Users or Groups is required');
    }
  },

  async create(props, ctx) {
    const id = generatedName(ctx.env.stackName, ctx.logicalId.slice(0, 5), 128, 12);
    const p = placement(props, AT);
    await completeOrUndo(
      () => put(ctx, p),
      () => remove(ctx, p),
    );
    return { physicalId: id, attributes: { Ref: id, Id: id } };
  },

  async update(stored, props, ctx) {
    const before = placement(stored.properties, AT);
    const after = placement(props, AT);
    const stays = (kind: EntityKind, entity: string) => after.name === before.name && after.targets.some(([k, e]) => k === kind && e === entity);
    await put(ctx, after);
    await remove(ctx, before, stays);
    return { attributes: stored.attributes };
  },

  async delete(stored, ctx) {
    await remove(ctx, placement(stored.properties, AT));
  },
};
