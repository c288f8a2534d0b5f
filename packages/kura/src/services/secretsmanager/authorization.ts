// The generic authorization of every Secrets Manager operation, run by the gateway before the
// handler: `secretsmanager:<Op>` on the secret's ARN, under the identity policies and the secret's
// own resource policy together (an Allow in either suffices within the account, an explicit Deny in
// either wins: policy/evaluate.ts), with the condition keys AWS provides
// (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awssecretsmanager.html).
//
// The SecretId is resolved once per request (resolve.ts): the ARN authorized is the ARN of the
// secret the handler then acts on. A SecretId that names no secret is authorized as its partial ARN
// (names.ts). A denial names the SecretId as the request gave it, as AWS's messages do.
//
// In handlers instead: kms:GenerateDataKey / kms:Decrypt on the secret's KMS key (envelope.ts), and
// BatchGetSecretValue's secretsmanager:GetSecretValue per secret. An operation missing from the
// table is refused: a new handler cannot run unauthorized by accident.

import type { SecretTag } from '../../store/secrets.js';
import type { AccessCheck, OperationContext } from '../context.js';
import { flag, optionalBoolean, optionalInteger, optionalString, stringList, tagList, type Input } from './input.js';
import { newSecretArn } from './new-secret.js';
import { resolveSecret } from './resolve.js';

type ConditionValues = Record<string, string | string[]>;

function resourceTagContext(tags: readonly SecretTag[]): ConditionValues {
  const context: ConditionValues = {};
  for (const tag of tags) {
    context[`aws:ResourceTag/${tag.key}`] = tag.value;
    context[`secretsmanager:ResourceTag/${tag.key}`] = tag.value;
  }
  return context;
}

export function requestTagContext(tags: readonly SecretTag[]): ConditionValues {
  const context: ConditionValues = {};
  for (const tag of tags) context[`aws:RequestTag/${tag.key}`] = tag.value;
  if (tags.length > 0) context['aws:TagKeys'] = tags.map((tag) => tag.key);
  return context;
}

/** `secretsmanager:<action>` on the secret `secretId` names, under its resource policy and tags. */
export async function secretCheck(ctx: OperationContext, request: object, secretId: string, action: string, extra: ConditionValues = {}): Promise<AccessCheck> {
  const resolution = await resolveSecret(ctx, request, secretId);
  const secret = resolution.secret;
  const context: ConditionValues = { 'secretsmanager:SecretId': resolution.arn, ...(secret ? resourceTagContext(secret.tags) : {}), ...extra };
  return {
    action: `secretsmanager:${action}`,
    resource: resolution.arn,
    context,
    ...(secret?.resourcePolicy ? { resourcePolicy: { kind: 'secret' as const, document: secret.resourcePolicy } } : {}),
    deniedResourceName: secretId,
  };
}

type Rule = (input: Input, ctx: OperationContext) => Promise<void>;

const defined = (entries: Record<string, string | undefined>): ConditionValues =>
  Object.fromEntries(Object.entries(entries).filter((entry): entry is [string, string] => entry[1] !== undefined));

const onSecret =
  (action: string, extra: (input: Input) => ConditionValues = () => ({})): Rule =>
  async (input, ctx) =>
    ctx.access.require(await secretCheck(ctx, input, optionalString(input, 'SecretId') ?? '', action, extra(input)));

const withoutResource =
  (action: string): Rule =>
  (_input, ctx) =>
    ctx.access.require({ action: `secretsmanager:${action}`, resource: '*' });

async function authorizeCreate(input: Input, ctx: OperationContext): Promise<void> {
  const name = optionalString(input, 'Name') ?? '';
  const context: ConditionValues = {
    'secretsmanager:Name': name,
    ...defined({ 'secretsmanager:Description': optionalString(input, 'Description'), 'secretsmanager:KmsKeyId': optionalString(input, 'KmsKeyId') }),
    ...requestTagContext(tagList(input, 'Tags')),
  };
  await ctx.access.require({ action: 'secretsmanager:CreateSecret', resource: newSecretArn(ctx, input, name), context, deniedResourceName: name });
}

const RULES = new Map<string, Rule>(
  Object.entries({
    CreateSecret: authorizeCreate,
    DescribeSecret: onSecret('DescribeSecret'),
    GetSecretValue: onSecret('GetSecretValue', (input) =>
      defined({ 'secretsmanager:VersionId': optionalString(input, 'VersionId'), 'secretsmanager:VersionStage': optionalString(input, 'VersionStage') }),
    ),
    PutSecretValue: onSecret('PutSecretValue'),
    UpdateSecret: onSecret('UpdateSecret', (input) =>
      defined({ 'secretsmanager:Description': optionalString(input, 'Description'), 'secretsmanager:KmsKeyId': optionalString(input, 'KmsKeyId') }),
    ),
    UpdateSecretVersionStage: onSecret('UpdateSecretVersionStage', (input) => defined({ 'secretsmanager:VersionStage': optionalString(input, 'VersionStage') })),
    ListSecretVersionIds: onSecret('ListSecretVersionIds'),
    DeleteSecret: onSecret('DeleteSecret', (input) => {
      const days = optionalInteger(input, 'RecoveryWindowInDays');
      const force = optionalBoolean(input, 'ForceDeleteWithoutRecovery');
      return defined({ 'secretsmanager:RecoveryWindowInDays': days === undefined ? undefined : String(days), 'secretsmanager:ForceDeleteWithoutRecovery': force === undefined ? undefined : String(force) });
    }),
    RestoreSecret: onSecret('RestoreSecret'),
    // lambda:InvokeFunction on the function is the handler's second check (rotate-secret.ts).
    RotateSecret: onSecret('RotateSecret', (input) => defined({ 'secretsmanager:RotationLambdaARN': optionalString(input, 'RotationLambdaARN') })),
    CancelRotateSecret: onSecret('CancelRotateSecret'),
    TagResource: onSecret('TagResource', (input) => requestTagContext(tagList(input, 'Tags'))),
    UntagResource: onSecret('UntagResource', (input): ConditionValues => {
      const keys = stringList(input, 'TagKeys');
      return keys.length > 0 ? { 'aws:TagKeys': keys } : {};
    }),
    GetResourcePolicy: onSecret('GetResourcePolicy'),
    PutResourcePolicy: onSecret('PutResourcePolicy', (input) => ({ 'secretsmanager:BlockPublicPolicy': String(flag(input, 'BlockPublicPolicy')) })),
    DeleteResourcePolicy: onSecret('DeleteResourcePolicy'),
    // The secret when the request names one; a policy checked on its own concerns no resource.
    ValidateResourcePolicy: async (input, ctx) => (optionalString(input, 'SecretId') === undefined ? withoutResource('ValidateResourcePolicy')(input, ctx) : onSecret('ValidateResourcePolicy')(input, ctx)),
    ListSecrets: withoutResource('ListSecrets'),
    GetRandomPassword: withoutResource('GetRandomPassword'),
    // Each secret's secretsmanager:GetSecretValue is checked by the handler (batch-get-secret-value.ts).
    BatchGetSecretValue: withoutResource('BatchGetSecretValue'),
  } satisfies Record<string, Rule>),
);

export async function authorizeRequest(operation: string, input: Record<string, unknown>, ctx: OperationContext): Promise<void> {
  const rule = RULES.get(operation);
  if (!rule) throw new Error(`no authorization rule for Secrets Manager operation ${operation}`);
  await rule(input, ctx);
}
