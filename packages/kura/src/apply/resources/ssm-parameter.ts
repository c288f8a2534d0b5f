// AWS::SSM::Parameter: PutParameter (String or StringList; CloudFormation cannot create a
// SecureString, and neither does kura apply: `kura put --type SecureString` does). Ref is the name,
// Type and Value are attributes. Name replaces it; a changed value, description, pattern, tier, data
// type or policies is a new version (PutParameter with Overwrite); tags change without one. An
// unnamed parameter gets CloudFormation's `CFN-<LogicalId>-<random>` name. Tags are a map here.

import { AddTagsToResourceCommand, DeleteParameterCommand, PutParameterCommand, RemoveTagsFromResourceCommand, type ParameterTier, type ParameterType } from '@aws-sdk/client-ssm';
import { childPath, TemplateError } from '../errors.js';
import { isObject, sameValue, scalarText, Unknown } from '../values.js';
import { gone, optionalString, randomSuffix, requiredString, tagChanges } from './props.js';
import type { HandlerContext, Props, ResourceHandler } from './types.js';

const AT = 'Properties';
const VERSIONED = ['Value', 'Type', 'Description', 'AllowedPattern', 'Tier', 'DataType', 'Policies'];

function tags(props: Props, at: string): Array<{ Key: string; Value: string }> {
  const value = props['Tags'];
  if (value === undefined || value === null || value instanceof Unknown) return [];
  if (!isObject(value)) throw new TemplateError(childPath(at, 'Tags'), 'must be a map of tag keys to values ({"Key": "Value"})');
  return Object.entries(value).map(([Key, v]) => {
    const text = v instanceof Unknown ? v.toJSON() : scalarText(v);
    if (text === undefined) throw new TemplateError(childPath(childPath(at, 'Tags'), Key), 'must be a string');
    return { Key, Value: text };
  });
}

async function put(ctx: HandlerContext, name: string, props: Props, overwrite: boolean): Promise<void> {
  const policies = props['Policies'];
  await ctx.clients.ssm.send(
    new PutParameterCommand({
      Name: name,
      Value: requiredString(props, 'Value', AT),
      Type: requiredString(props, 'Type', AT) as ParameterType,
      // With Overwrite, an empty text clears what the template no longer sets (absent would keep it).
      Description: optionalString(props, 'Description', AT) ?? (overwrite ? '' : undefined),
      AllowedPattern: optionalString(props, 'AllowedPattern', AT) ?? (overwrite ? '' : undefined),
      Tier: optionalString(props, 'Tier', AT) as ParameterTier | undefined,
      DataType: optionalString(props, 'DataType', AT),
      Policies: policies === undefined ? (overwrite ? '[]' : undefined) : typeof policies === 'string' ? policies : JSON.stringify(policies),
      Overwrite: overwrite || undefined,
      Tags: overwrite ? undefined : nonEmpty(tags(props, AT)),
    }),
  );
}

const nonEmpty = <T>(list: T[]) => (list.length > 0 ? list : undefined);

export const ssmParameter: ResourceHandler = {
  type: 'AWS::SSM::Parameter',
  properties: {
    Name: { replace: true },
    Type: { required: true },
    Value: { required: true },
    Description: {},
    AllowedPattern: {},
    Tier: {},
    DataType: {},
    Policies: {},
    Tags: {},
  },
  nameProperty: 'Name',
  attributes: ['Type', 'Value'],

  check(props, at) {
    const type = optionalString(props, 'Type', at);
    if (type === 'SecureString') {
      throw new TemplateError(childPath(at, 'Type'), 'CloudFormation cannot create a SecureString parameter, nor can kura apply: create it with `kura put NAME --type SecureString`');
    }
    if (type !== undefined && type !== 'String' && type !== 'StringList' && !(props['Type'] instanceof Unknown)) {
      throw new TemplateError(childPath(at, 'Type'), `must be String or StringList (got ${type})`);
    }
    requiredString(props, 'Value', at);
    tags(props, at);
  },

  plannedAttributes(stored, props) {
    return { ...stored.attributes, Type: props['Type'] ?? null, Value: props['Value'] ?? null };
  },

  async create(props, ctx) {
    const name = optionalString(props, 'Name', AT) ?? `CFN-${ctx.logicalId}-${randomSuffix(12)}`;
    await put(ctx, name, props, false);
    return { physicalId: name, attributes: { Ref: name, Type: props['Type'] ?? null, Value: props['Value'] ?? null } };
  },

  async update(stored, props, ctx) {
    const name = stored.physicalId;
    if (VERSIONED.some((key) => !sameValue(stored.properties[key], props[key]))) await put(ctx, name, props, true);
    const { set, remove } = tagChanges(tags(stored.properties, AT), tags(props, AT));
    if (remove.length > 0) await ctx.clients.ssm.send(new RemoveTagsFromResourceCommand({ ResourceType: 'Parameter', ResourceId: name, TagKeys: remove }));
    if (set.length > 0) await ctx.clients.ssm.send(new AddTagsToResourceCommand({ ResourceType: 'Parameter', ResourceId: name, Tags: set }));
    return { attributes: this.plannedAttributes!(stored, props) };
  },

  async delete(stored, ctx) {
    await gone(ctx.clients.ssm.send(new DeleteParameterCommand({ Name: stored.physicalId })), ['ParameterNotFound']);
  },
};
