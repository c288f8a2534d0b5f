// AWS::KMS::Key and AWS::KMS::Alias. A key: CreateKey (policy, description, spec, usage, tags),
// then rotation and Enabled; Ref is the key id, Arn and KeyId are attributes. Policy, description,
// rotation, Enabled and tags change in place; KeySpec, KeyUsage, MultiRegion and Origin replace the
// key. Deleting schedules the deletion after PendingWindowInDays (CloudFormation's default, 30). A
// key without KeyPolicy gets the policy CloudFormation gives it: the account's root may do anything.
// An alias: CreateAlias, UpdateAlias for a new target; AliasName replaces it; Ref is the name.

import {
  CreateAliasCommand,
  CreateKeyCommand,
  DeleteAliasCommand,
  DisableKeyCommand,
  DisableKeyRotationCommand,
  EnableKeyCommand,
  EnableKeyRotationCommand,
  PutKeyPolicyCommand,
  ScheduleKeyDeletionCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateAliasCommand,
  UpdateKeyDescriptionCommand,
  type KeySpec,
  type KeyUsageType,
  type OriginType,
} from '@aws-sdk/client-kms';
import { partitionOf } from '../pseudo.js';
import { sameValue } from '../values.js';
import { completeOrUndo, gone, optionalBoolean, optionalInteger, optionalString, policyDocument, requiredString, tagChanges, tagPairs } from './props.js';
import type { HandlerContext, Props, ResourceHandler } from './types.js';

const AT = 'Properties';
const NOT_FOUND = ['NotFoundException'];

function defaultKeyPolicy(ctx: HandlerContext): string {
  const root = `arn:${partitionOf(ctx.env.region)}:iam::${ctx.env.accountId}:root`;
  return JSON.stringify({
    Version: '2012-10-17',
    Id: 'key-default-1',
    Statement: [{ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: root }, Action: 'kms:*', Resource: '*' }],
  });
}

const kmsTags = (props: Props) => tagPairs(props, AT).map((t) => ({ TagKey: t.Key, TagValue: t.Value }));

async function setRotation(ctx: HandlerContext, keyId: string, props: Props): Promise<void> {
  if (optionalBoolean(props, 'EnableKeyRotation', AT)) {
    await ctx.clients.kms.send(new EnableKeyRotationCommand({ KeyId: keyId, RotationPeriodInDays: optionalInteger(props, 'RotationPeriodInDays', AT) }));
  } else {
    await ctx.clients.kms.send(new DisableKeyRotationCommand({ KeyId: keyId }));
  }
}

export const kmsKey: ResourceHandler = {
  type: 'AWS::KMS::Key',
  properties: {
    Description: {},
    Enabled: {},
    EnableKeyRotation: {},
    KeyPolicy: {},
    KeySpec: { replace: true },
    KeyUsage: { replace: true },
    MultiRegion: { replace: true },
    Origin: { replace: true },
    PendingWindowInDays: {},
    RotationPeriodInDays: {},
    BypassPolicyLockoutSafetyCheck: {},
    Tags: {},
  },
  attributes: ['Arn', 'KeyId'],

  check(props, at) {
    policyDocument(props, 'KeyPolicy', at);
    optionalBoolean(props, 'Enabled', at);
    optionalBoolean(props, 'EnableKeyRotation', at);
    optionalInteger(props, 'PendingWindowInDays', at);
    optionalInteger(props, 'RotationPeriodInDays', at);
    tagPairs(props, at);
  },

  async create(props, ctx) {
    const { kms } = ctx.clients;
    const tags = kmsTags(props);
    const out = await kms.send(
      new CreateKeyCommand({
        Description: optionalString(props, 'Description', AT),
        Policy: policyDocument(props, 'KeyPolicy', AT) ?? defaultKeyPolicy(ctx),
        KeySpec: optionalString(props, 'KeySpec', AT) as KeySpec | undefined,
        KeyUsage: optionalString(props, 'KeyUsage', AT) as KeyUsageType | undefined,
        Origin: optionalString(props, 'Origin', AT) as OriginType | undefined,
        MultiRegion: optionalBoolean(props, 'MultiRegion', AT),
        BypassPolicyLockoutSafetyCheck: optionalBoolean(props, 'BypassPolicyLockoutSafetyCheck', AT),
        Tags: tags.length > 0 ? tags : undefined,
      }),
    );
    const keyId = out.KeyMetadata?.KeyId ?? '';
    const attributes = { Ref: keyId, KeyId: keyId, Arn: out.KeyMetadata?.Arn ?? '' };
    await completeOrUndo(
      async () => {
        if (optionalBoolean(props, 'EnableKeyRotation', AT)) await setRotation(ctx, keyId, props);
        if (optionalBoolean(props, 'Enabled', AT) === false) await kms.send(new DisableKeyCommand({ KeyId: keyId }));
      },
      () => this.delete({ type: this.type, physicalId: keyId, attributes, properties: props }, ctx),
    );
    return { physicalId: keyId, attributes };
  },

  async update(stored, props, ctx) {
    const { kms } = ctx.clients;
    const keyId = stored.physicalId;
    const before = stored.properties;
    const changed = (key: string) => !sameValue(before[key], props[key]);
    const enabled = optionalBoolean(props, 'Enabled', AT) !== false;
    // A disabled key takes no rotation change: enable first, disable last.
    if (changed('Enabled') && enabled) await kms.send(new EnableKeyCommand({ KeyId: keyId }));
    if (changed('Description')) await kms.send(new UpdateKeyDescriptionCommand({ KeyId: keyId, Description: optionalString(props, 'Description', AT) ?? '' }));
    if (changed('KeyPolicy')) await kms.send(new PutKeyPolicyCommand({ KeyId: keyId, PolicyName: 'default', Policy: policyDocument(props, 'KeyPolicy', AT) ?? defaultKeyPolicy(ctx) }));
    if (changed('EnableKeyRotation') || changed('RotationPeriodInDays')) await setRotation(ctx, keyId, props);
    const { set, remove } = tagChanges(tagPairs(before, AT), tagPairs(props, AT));
    if (remove.length > 0) await kms.send(new UntagResourceCommand({ KeyId: keyId, TagKeys: remove }));
    if (set.length > 0) await kms.send(new TagResourceCommand({ KeyId: keyId, Tags: set.map((t) => ({ TagKey: t.Key, TagValue: t.Value })) }));
    if (changed('Enabled') && !enabled) await kms.send(new DisableKeyCommand({ KeyId: keyId }));
    return { attributes: stored.attributes };
  },

  async delete(stored, ctx) {
    const days = optionalInteger(stored.properties, 'PendingWindowInDays', AT) ?? 30;
    try {
      await ctx.clients.kms.send(new ScheduleKeyDeletionCommand({ KeyId: stored.physicalId, PendingWindowInDays: days }));
    } catch (error) {
      // Already gone, or already pending deletion: deleted as far as the stack is concerned.
      if (error instanceof Error && (NOT_FOUND.includes(error.name) || error.name === 'KMSInvalidStateException')) return;
      throw error;
    }
  },
};

export const kmsAlias: ResourceHandler = {
  type: 'AWS::KMS::Alias',
  properties: { AliasName: { required: true, replace: true }, TargetKeyId: { required: true } },
  nameProperty: 'AliasName',
  attributes: [],

  async create(props, ctx) {
    const name = requiredString(props, 'AliasName', AT);
    await ctx.clients.kms.send(new CreateAliasCommand({ AliasName: name, TargetKeyId: requiredString(props, 'TargetKeyId', AT) }));
    return { physicalId: name, attributes: { Ref: name } };
  },

  async update(stored, props, ctx) {
    await ctx.clients.kms.send(new UpdateAliasCommand({ AliasName: stored.physicalId, TargetKeyId: requiredString(props, 'TargetKeyId', AT) }));
    return { attributes: stored.attributes };
  },

  async delete(stored, ctx) {
    await gone(ctx.clients.kms.send(new DeleteAliasCommand({ AliasName: stored.physicalId })), NOT_FOUND);
  },
};
