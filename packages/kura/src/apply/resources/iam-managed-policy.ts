// AWS::IAM::ManagedPolicy: CreatePolicy, attached to its Roles, Users and Groups. Ref is the ARN
// (PolicyArn, PolicyId and DefaultVersionId are attributes). A new document is a new default
// version (the oldest other version goes first when IAM's five are all used); ManagedPolicyName,
// Path and Description replace the policy, as in CloudFormation.

import {
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  DeletePolicyCommand,
  DeletePolicyVersionCommand,
  ListPolicyVersionsCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { sameValue } from '../values.js';
import { attach, detach, NO_SUCH_ENTITY, type EntityKind } from './iam-entity.js';
import { completeOrUndo, generatedName, gone, optionalString, policyDocument, stringList } from './props.js';
import type { Props, ResourceHandler, Stored } from './types.js';

const AT = 'Properties';
const KINDS: Array<[EntityKind, string]> = [
  ['Role', 'Roles'],
  ['User', 'Users'],
  ['Group', 'Groups'],
];

function targets(props: Props): Array<[EntityKind, string]> {
  return KINDS.flatMap(([kind, property]) => stringList(props, property, AT).map((entity): [EntityKind, string] => [kind, entity]));
}

const has = (list: Array<[EntityKind, string]>, [kind, entity]: [EntityKind, string]) => list.some(([k, e]) => k === kind && e === entity);

export const iamManagedPolicy: ResourceHandler = {
  type: 'AWS::IAM::ManagedPolicy',
  properties: {
    ManagedPolicyName: { replace: true },
    Path: { replace: true },
    Description: { replace: true },
    PolicyDocument: { required: true },
    Roles: {},
    Users: {},
    Groups: {},
  },
  nameProperty: 'ManagedPolicyName',
  attributes: ['PolicyArn', 'PolicyId', 'DefaultVersionId'],

  check(props, at) {
    policyDocument(props, 'PolicyDocument', at);
    for (const [, property] of KINDS) stringList(props, property, at);
  },

  async create(props, ctx) {
    const { iam } = ctx.clients;
    const name = optionalString(props, 'ManagedPolicyName', AT) ?? generatedName(ctx.env.stackName, ctx.logicalId, 128);
    const out = await iam.send(
      new CreatePolicyCommand({
        PolicyName: name,
        Path: optionalString(props, 'Path', AT),
        Description: optionalString(props, 'Description', AT),
        PolicyDocument: policyDocument(props, 'PolicyDocument', AT),
      }),
    );
    const arn = out.Policy?.Arn ?? '';
    const attributes = { Ref: arn, PolicyArn: arn, PolicyId: out.Policy?.PolicyId ?? '', DefaultVersionId: out.Policy?.DefaultVersionId ?? 'v1' };
    const stored: Stored = { type: this.type, physicalId: arn, attributes, properties: props };
    await completeOrUndo(
      async () => {
        for (const [kind, entity] of targets(props)) await attach(iam, kind, entity, arn);
      },
      () => this.delete(stored, ctx),
    );
    return { physicalId: arn, attributes };
  },

  async update(stored, props, ctx) {
    const { iam } = ctx.clients;
    const arn = stored.physicalId;
    let attributes = stored.attributes;
    if (!sameValue(stored.properties['PolicyDocument'], props['PolicyDocument'])) {
      await makeRoom(iam, arn);
      const out = await iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: policyDocument(props, 'PolicyDocument', AT), SetAsDefault: true }));
      attributes = { ...attributes, DefaultVersionId: out.PolicyVersion?.VersionId ?? '' };
    }
    const before = targets(stored.properties);
    const after = targets(props);
    for (const target of after) if (!has(before, target)) await attach(iam, target[0], target[1], arn);
    for (const target of before) if (!has(after, target)) await detach(iam, target[0], target[1], arn);
    return { attributes };
  },

  async delete(stored, ctx) {
    const { iam } = ctx.clients;
    const arn = stored.physicalId;
    for (const [kind, entity] of targets(stored.properties)) await detach(iam, kind, entity, arn);
    await deleteOtherVersions(iam, arn, 1);
    await gone(iam.send(new DeletePolicyCommand({ PolicyArn: arn })), NO_SUCH_ENTITY);
  },
};

/** IAM keeps at most five versions: before adding one, the oldest non-default one goes. */
async function makeRoom(iam: IAMClient, arn: string): Promise<void> {
  await deleteOtherVersions(iam, arn, 4);
}

/** Deletes non-default versions, oldest first, until at most `keep` versions remain. */
async function deleteOtherVersions(iam: IAMClient, arn: string, keep: number): Promise<void> {
  let versions;
  try {
    versions = (await iam.send(new ListPolicyVersionsCommand({ PolicyArn: arn }))).Versions ?? [];
  } catch (error) {
    if (error instanceof Error && NO_SUCH_ENTITY.includes(error.name)) return;
    throw error;
  }
  // v1, v2, …: the number is the order of creation (creation dates may share a second).
  const number = (id: string | undefined) => Number(/^v(\d+)$/.exec(id ?? '')?.[1] ?? 0);
  const others = versions.filter((v) => !v.IsDefaultVersion).sort((a, b) => number(a.VersionId) - number(b.VersionId));
  let count = versions.length;
  for (const version of others) {
    if (count <= keep) break;
    await gone(iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: version.VersionId })), NO_SUCH_ENTITY);
    count -= 1;
  }
}

