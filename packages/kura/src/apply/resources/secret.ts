// AWS::SecretsManager::Secret: CreateSecret with SecretString, or a value made by GenerateSecretString
// (the server's GetRandomPassword, set under GenerateStringKey of SecretStringTemplate when given).
// Ref is the ARN (Id too). Name replaces it. A SecretString is never recorded: whether it changed is
// read from the secret itself; a changed GenerateSecretString makes a new value, as CloudFormation
// does. Deleting deletes at once (ForceDeleteWithoutRecovery), as CloudFormation does. An unnamed
// secret gets `<LogicalId>-<random>`.

import {
  CreateSecretCommand,
  DeleteSecretCommand,
  DescribeSecretCommand,
  GetRandomPasswordCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateSecretCommand,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { childPath, TemplateError } from '../errors.js';
import { isObject, sameValue, Unknown } from '../values.js';
import { gone, optionalBoolean, optionalInteger, optionalString, randomSuffix, tagChanges, tagPairs } from './props.js';
import type { HandlerContext, Props, ResourceHandler, Updated } from './types.js';

const AT = 'Properties';
const NOT_FOUND = ['ResourceNotFoundException'];
const GENERATE = ['ExcludeCharacters', 'ExcludeLowercase', 'ExcludeNumbers', 'ExcludePunctuation', 'ExcludeUppercase', 'GenerateStringKey', 'IncludeSpace', 'PasswordLength', 'RequireEachIncludedType', 'SecretStringTemplate'];

function generateSpec(props: Props, at: string): Props | undefined {
  const spec = props['GenerateSecretString'];
  if (spec === undefined || spec === null) return undefined;
  const where = childPath(at, 'GenerateSecretString');
  if (!isObject(spec)) throw new TemplateError(where, 'must be an object');
  const unknown = Object.keys(spec).find((key) => !GENERATE.includes(key));
  if (unknown !== undefined) throw new TemplateError(childPath(where, unknown), `is not a property of GenerateSecretString (${GENERATE.join(', ')})`);
  const template = optionalString(spec, 'SecretStringTemplate', where);
  const key = optionalString(spec, 'GenerateStringKey', where);
  if ((template === undefined) !== (key === undefined)) throw new TemplateError(where, 'SecretStringTemplate and GenerateStringKey go together: give both or neither');
  if (template !== undefined && !(spec['SecretStringTemplate'] instanceof Unknown)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(template);
    } catch {
      throw new TemplateError(childPath(where, 'SecretStringTemplate'), 'must be the JSON text of an object');
    }
    if (!isObject(parsed)) throw new TemplateError(childPath(where, 'SecretStringTemplate'), 'must be the JSON text of an object');
  }
  return spec;
}

/** The value a GenerateSecretString makes: a password from the server, alone or inside the template. */
async function generate(ctx: HandlerContext, spec: Props): Promise<string> {
  const at = `${AT}.GenerateSecretString`;
  const out = await ctx.clients.secrets.send(
    new GetRandomPasswordCommand({
      PasswordLength: optionalInteger(spec, 'PasswordLength', at),
      ExcludeCharacters: optionalString(spec, 'ExcludeCharacters', at),
      ExcludeLowercase: optionalBoolean(spec, 'ExcludeLowercase', at),
      ExcludeNumbers: optionalBoolean(spec, 'ExcludeNumbers', at),
      ExcludePunctuation: optionalBoolean(spec, 'ExcludePunctuation', at),
      ExcludeUppercase: optionalBoolean(spec, 'ExcludeUppercase', at),
      IncludeSpace: optionalBoolean(spec, 'IncludeSpace', at),
      RequireEachIncludedType: optionalBoolean(spec, 'RequireEachIncludedType', at),
    }),
  );
  const password = out.RandomPassword ?? '';
  const template = optionalString(spec, 'SecretStringTemplate', at);
  if (template === undefined) return password;
  const object = JSON.parse(template) as Record<string, unknown>;
  object[optionalString(spec, 'GenerateStringKey', at)!] = password;
  return JSON.stringify(object);
}

/** The value the properties ask for: the SecretString, a generated one, or none (an empty secret). */
async function valueOf(ctx: HandlerContext, props: Props): Promise<string | undefined> {
  const spec = generateSpec(props, AT);
  if (spec !== undefined) return generate(ctx, spec);
  return optionalString(props, 'SecretString', AT);
}

export const secret: ResourceHandler = {
  type: 'AWS::SecretsManager::Secret',
  properties: {
    Name: { replace: true },
    Description: {},
    KmsKeyId: {},
    SecretString: { secret: true },
    GenerateSecretString: {},
    ReplicaRegions: {},
    Tags: {},
  },
  nameProperty: 'Name',
  attributes: ['Id'],

  check(props, at) {
    if (props['SecretString'] !== undefined && props['GenerateSecretString'] !== undefined) {
      throw new TemplateError(at, 'SecretString and GenerateSecretString cannot both be given');
    }
    const replicas = props['ReplicaRegions'];
    if (Array.isArray(replicas) && replicas.length > 0) throw new TemplateError(childPath(at, 'ReplicaRegions'), 'Kura does not replicate secrets to other regions: remove ReplicaRegions');
    optionalString(props, 'SecretString', at);
    generateSpec(props, at);
    tagPairs(props, at);
  },

  async create(props, ctx) {
    const name = optionalString(props, 'Name', AT) ?? `${ctx.logicalId}-${randomSuffix(12)}`;
    const tags = tagPairs(props, AT);
    const value = await valueOf(ctx, props);
    const out = await ctx.clients.secrets.send(
      new CreateSecretCommand({
        Name: name,
        Description: optionalString(props, 'Description', AT),
        KmsKeyId: optionalString(props, 'KmsKeyId', AT),
        SecretString: value,
        Tags: tags.length > 0 ? tags : undefined,
      }),
    );
    const arn = out.ARN ?? '';
    return { physicalId: arn, attributes: { Ref: arn, Id: arn } };
  },

  async secretChanged(stored, props, ctx) {
    const wanted = optionalString(props, 'SecretString', AT);
    if (wanted === undefined) return false;
    try {
      const out = await ctx.clients.secrets.send(new GetSecretValueCommand({ SecretId: stored.physicalId }));
      return out.SecretString !== wanted;
    } catch (error) {
      if (error instanceof Error && NOT_FOUND.includes(error.name)) return true;
      throw error;
    }
  },

  async update(stored, props, ctx): Promise<Updated> {
    const { secrets } = ctx.clients;
    const arn = stored.physicalId;
    const before = stored.properties;
    const changed = (key: string) => !sameValue(before[key], props[key]);
    if (changed('Description') || changed('KmsKeyId')) {
      await secrets.send(new UpdateSecretCommand({ SecretId: arn, Description: optionalString(props, 'Description', AT) ?? '', KmsKeyId: optionalString(props, 'KmsKeyId', AT) }));
    }
    let revert: (() => Promise<void>) | undefined;
    const valueChanged = changed('GenerateSecretString') || (props['SecretString'] !== undefined && (await this.secretChanged!(stored, props, ctx)));
    if (valueChanged) {
      const value = await valueOf(ctx, props);
      if (value !== undefined) {
        const previous = (await secrets.send(new DescribeSecretCommand({ SecretId: arn }))).VersionIdsToStages ?? {};
        const current = Object.keys(previous).find((id) => previous[id]?.includes('AWSCURRENT'));
        const out = await secrets.send(new PutSecretValueCommand({ SecretId: arn, SecretString: value }));
        // Undone by moving AWSCURRENT back: the old value is never read or held here.
        if (current !== undefined && out.VersionId !== undefined) {
          const made = out.VersionId;
          revert = async () => {
            await secrets.send(new UpdateSecretVersionStageCommand({ SecretId: arn, VersionStage: 'AWSCURRENT', MoveToVersionId: current, RemoveFromVersionId: made }));
          };
        }
      }
    }
    const { set, remove } = tagChanges(tagPairs(before, AT), tagPairs(props, AT));
    if (remove.length > 0) await secrets.send(new UntagResourceCommand({ SecretId: arn, TagKeys: remove }));
    if (set.length > 0) await secrets.send(new TagResourceCommand({ SecretId: arn, Tags: set }));
    // Always its own revert: the record holds no SecretString to apply backwards. The description,
    // key and tags go back by applying the old properties without their value; the value by moving
    // AWSCURRENT back.
    const rest = ({ SecretString: _value, GenerateSecretString: _generate, ...others }: Props): Props => others;
    const moveBack = revert;
    revert = async () => {
      if (moveBack) await moveBack();
      await this.update({ ...stored, properties: rest(props) }, rest(before), ctx);
    };
    return { attributes: stored.attributes, revert };
  },

  async delete(stored, ctx) {
    await gone(ctx.clients.secrets.send(new DeleteSecretCommand({ SecretId: stored.physicalId, ForceDeleteWithoutRecovery: true })), NOT_FOUND);
  },
};
