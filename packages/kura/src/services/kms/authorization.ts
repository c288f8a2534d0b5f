// The generic authorization of every KMS operation, run by the gateway before the handler.
//
// Where each check happens, and why:
// - Operations without a key (CreateKey, ListKeys, ListAliases, GenerateRandom): `kms:<Op>` on `*`,
//   identity policies only. Here.
// - Operations that name their key by key id or key ARN only (key management): `kms:<Op>` on the key
//   ARN under its key policy. Here. A key id that names no key has nothing to authorize against; the
//   handler then answers NotFound in its own order (ids are random and chosen by the server, so no
//   key can appear under that id in between).
// - Aliases (CreateAlias, UpdateAlias, DeleteAlias): the alias ARN (identity policies; an alias has no
//   policy of its own) and each key involved (its key policy). Here.
// - Operations that may name the key by alias or by ciphertext (DescribeKey, Encrypt, Decrypt,
//   ReEncrypt, GenerateDataKey*): in the handler, at the moment the key is resolved, so the key that
//   is authorized is the key that is used even if the alias moves meanwhile.
// An operation missing from these tables is refused: a new handler cannot run unauthorized by accident.

import { ServiceError } from '../../wire/errors.js';
import { scopeOf, type OperationContext } from '../context.js';
import { validateAliasName } from './aliases.js';
import type { KeyRequestFacts, ResolvedKey } from './domain-types.js';
import { flag, optionalInteger, optionalString, stringList, tagList, type Input } from './input.js';
import { requestTagContext } from './key-access.js';
import { aliasArn, keyArn, namesAlias } from './key-ref.js';
import { callerOf, findKeyById } from './lookup.js';

type ConditionValues = Record<string, string | string[]>;

const tagKeysContext = (keys: string[]): ConditionValues => (keys.length > 0 ? { 'aws:TagKeys': keys } : {});

const WITHOUT_KEY = new Set(['CreateKey', 'ListKeys', 'ListAliases', 'GenerateRandom']);

/** Key management operations (key id or key ARN only) and the request's own condition keys. */
const BY_KEY_ID = new Map<string, (input: Input) => ConditionValues>(
  Object.entries({
  UpdateKeyDescription: () => ({}),
  EnableKey: () => ({}),
  DisableKey: () => ({}),
  ScheduleKeyDeletion: (input) => ({
    'kms:ScheduleKeyDeletionPendingWindowInDays': String(optionalInteger(input, 'PendingWindowInDays') ?? 30),
  }),
  CancelKeyDeletion: () => ({}),
  EnableKeyRotation: (input) => ({ 'kms:RotationPeriodInDays': String(optionalInteger(input, 'RotationPeriodInDays') ?? 365) }),
  DisableKeyRotation: () => ({}),
  GetKeyRotationStatus: () => ({}),
  RotateKeyOnDemand: () => ({}),
  ListKeyRotations: () => ({}),
  TagResource: (input) => requestTagContext(tagList(input, 'Tags')),
  UntagResource: (input) => tagKeysContext(stringList(input, 'TagKeys')),
  ListResourceTags: () => ({}),
  GetKeyPolicy: () => ({}),
  PutKeyPolicy: (input) => ({ 'kms:BypassPolicyLockoutSafetyCheck': String(flag(input, 'BypassPolicyLockoutSafetyCheck')) }),
    ListKeyPolicies: () => ({}),
  } satisfies Record<string, (input: Input) => ConditionValues>),
);

const IN_HANDLER = new Set(['DescribeKey', 'Encrypt', 'Decrypt', 'ReEncrypt', 'GenerateDataKey', 'GenerateDataKeyWithoutPlaintext']);

/** The key a key id or ARN names, or undefined when there is none (the handler reports that). */
async function existingKey(ctx: OperationContext, keyRef: string | undefined): Promise<ResolvedKey | undefined> {
  if (keyRef === undefined || namesAlias(keyRef)) return undefined;
  try {
    return await findKeyById(ctx, keyRef);
  } catch (error) {
    if (error instanceof ServiceError) return undefined;
    throw error;
  }
}

async function requireOnKey(ctx: OperationContext, resolved: ResolvedKey, action: string, facts?: KeyRequestFacts): Promise<void> {
  await ctx.access.require(await ctx.kms.keyCheck(scopeOf(ctx), resolved, callerOf(ctx), action, facts));
}

/** The alias itself: identity policies only, as AWS documents for alias resources. */
async function requireOnAlias(ctx: OperationContext, action: string, aliasName: string): Promise<void> {
  await ctx.access.require({
    action: `kms:${action}`,
    resource: aliasArn(ctx.region, ctx.accountId, aliasName),
    context: { 'kms:CallerAccount': ctx.principal.accountId },
  });
}

function createKeyContext(input: Input, ctx: OperationContext): ConditionValues {
  // KMS provides these even when the request leaves the member out: the default is the value.
  return {
    'kms:CallerAccount': ctx.principal.accountId,
    'kms:KeySpec': optionalString(input, 'KeySpec') ?? optionalString(input, 'CustomerMasterKeySpec') ?? 'SYMMETRIC_DEFAULT',
    'kms:KeyUsage': optionalString(input, 'KeyUsage') ?? 'ENCRYPT_DECRYPT',
    'kms:KeyOrigin': optionalString(input, 'Origin') ?? 'AWS_KMS',
    'kms:MultiRegion': String(flag(input, 'MultiRegion')),
    'kms:BypassPolicyLockoutSafetyCheck': String(flag(input, 'BypassPolicyLockoutSafetyCheck')),
    ...requestTagContext(tagList(input, 'Tags')),
  };
}

async function authorizeAliasOperation(operation: string, input: Input, ctx: OperationContext): Promise<void> {
  // The name rules come first: a reserved or malformed name is refused whoever asks.
  const aliasName = validateAliasName(optionalString(input, 'AliasName') ?? '');
  await requireOnAlias(ctx, operation, aliasName);
  // The key the alias names now (UpdateAlias moves it away, DeleteAlias orphans it).
  if (operation !== 'CreateAlias') {
    const current = await ctx.store.keys.alias(scopeOf(ctx), aliasName);
    const from = current && (await ctx.kms.load(scopeOf(ctx), current.targetKeyId));
    if (from) await requireOnKey(ctx, { key: from, arn: keyArn(ctx.region, ctx.accountId, from.keyId) }, operation);
  }
  // The key the alias will name (CreateAlias, UpdateAlias).
  if (operation !== 'DeleteAlias') {
    const to = await existingKey(ctx, optionalString(input, 'TargetKeyId'));
    if (to) await requireOnKey(ctx, to, operation);
  }
}

export async function authorizeRequest(operation: string, input: Record<string, unknown>, ctx: OperationContext): Promise<void> {
  if (WITHOUT_KEY.has(operation)) {
    const context = operation === 'CreateKey' ? createKeyContext(input, ctx) : { 'kms:CallerAccount': ctx.principal.accountId };
    await ctx.access.require({ action: `kms:${operation}`, resource: '*', context });
    return;
  }
  const byKeyId = BY_KEY_ID.get(operation);
  if (byKeyId) {
    const resolved = await existingKey(ctx, optionalString(input, 'KeyId'));
    if (resolved) await requireOnKey(ctx, resolved, operation, { extra: byKeyId(input) });
    return;
  }
  if (operation === 'CreateAlias' || operation === 'UpdateAlias' || operation === 'DeleteAlias') {
    await authorizeAliasOperation(operation, input, ctx);
    return;
  }
  if (IN_HANDLER.has(operation)) return;
  throw new Error(`no authorization rule for KMS operation ${operation}`);
}
