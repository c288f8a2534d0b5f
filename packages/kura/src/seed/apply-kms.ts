// Applying a seed's KMS keys and aliases. A key is created with the id the seed gives (no AWS
// operation takes one, so that one write is direct, as CreateKey writes it: services/kms); every
// later difference is put right through the KMS operations. A key matches when the members the seed
// names (description, policy as a JSON value, tags present, automatic rotation and its period) are as
// declared and it is enabled (unless the seed says `enabled: false`); material never changes: a key
// whose stored material differs from the seed's fixed material is an error.

import { timingSafeEqual } from 'node:crypto';
import { scopeOf, type OperationContext } from '../services/context.js';
import { materialAad } from '../services/kms/domain.js';
import { symmetricKeyRecord } from '../services/kms/key-records.js';
import { keyArn } from '../services/kms/key-ref.js';
import { defaultKeyPolicy } from '../services/kms/policies.js';
import { validateTags } from '../services/kms/tags.js';
import { ServiceError } from '../wire/errors.js';
import { differs, sameDocument, tagsToSet } from './compare.js';
import type { SeedKey } from './format.js';
import { codeOf, forEach, found, type ApplyContext } from './operator.js';
import { at, SeedApplyError } from './problems.js';

type Metadata = { KeyId: string; KeyState: string; Description?: string };

export async function applyKeys(a: ApplyContext, keys: readonly SeedKey[]): Promise<void> {
  await forEach(keys, async (key) => {
    await applyKey(a, key);
    for (const alias of key.aliases) await applyAlias(a, key, alias);
  });
}

async function describe(a: ApplyContext, keyRef: string, region: string): Promise<Metadata | undefined> {
  const out = await found(a.op.call('kms', 'DescribeKey', { KeyId: keyRef }, region), ['NotFoundException']);
  return out?.KeyMetadata as Metadata | undefined;
}

async function applyKey(a: ApplyContext, key: SeedKey): Promise<void> {
  const name = `KMS key ${key.keyId}`;
  let metadata = await describe(a, key.keyId, key.region);
  if (!metadata) {
    try {
      await a.op.direct('kms', 'CreateKey', key.region, (ctx) => createWithId(ctx, key));
      await rotateNew(a, key);
      return a.report(`seed: ${name}: created`);
    } catch (error) {
      if (codeOf(error) !== 'AlreadyExistsException') throw error;
    }
    // Another server on this database created it a moment ago: compare with what it wrote.
    metadata = await describe(a, key.keyId, key.region);
    if (!metadata) throw new Error(`${name} vanished after creation`);
  }
  if (key.material) await checkMaterial(a, key);
  const call = (operation: string, input: Record<string, unknown> = {}) => a.op.call('kms', operation, { KeyId: key.keyId, ...input }, key.region);
  let state = metadata.KeyState;
  if (state === 'PendingDeletion') {
    await call('CancelKeyDeletion');
    a.report(`seed: ${name}: was scheduled for deletion, deletion cancelled`);
    // A cancelled deletion leaves the key disabled; the check below enables it unless the seed says not to.
    state = 'Disabled';
  }
  const changed: string[] = [];
  if (key.description !== undefined && key.description !== (metadata.Description ?? '')) {
    await call('UpdateKeyDescription', { Description: key.description });
    changed.push('description');
  }
  if (key.policy !== undefined) {
    const current = (await call('GetKeyPolicy', { PolicyName: 'default' })).Policy as string;
    if (!sameDocument(current, key.policy)) {
      await call('PutKeyPolicy', { PolicyName: 'default', Policy: key.policy });
      changed.push('policy');
    }
  }
  // A seeded key is usable unless the seed says `enabled: false`: its parameters and secrets are sealed under it.
  const enabled = key.enabled ?? true;
  // KMS changes rotation only on an enabled key: before the key is disabled, after it is enabled.
  const rotatedFirst = !enabled && state === 'Enabled' ? await applyRotation(a, key, true) : undefined;
  if ((state === 'Enabled') !== enabled) {
    await call(enabled ? 'EnableKey' : 'DisableKey');
    changed.push('state');
  }
  const rotation = rotatedFirst ?? (await applyRotation(a, key, enabled));
  if (rotation === 'changed') changed.push('rotation');
  if (rotation === 'blocked') a.report(`seed: ${name}: rotation differs; KMS changes rotation only on an enabled key (the seed says enabled: false), left as it is`);
  const present = ((await call('ListResourceTags')).Tags as Array<{ TagKey: string; TagValue: string }>).map((t) => ({ key: t.TagKey, value: t.TagValue }));
  const tags = tagsToSet(key.tags, present);
  if (tags.length > 0) {
    await call('TagResource', { Tags: tags.map((t) => ({ TagKey: t.key, TagValue: t.value })) });
    changed.push(`tags (${tags.map((t) => t.key).join(', ')})`);
  }
  if (changed.length > 0) a.report(`seed: ${name}: ${differs(changed)}, updated`);
}

/** CreateKey's write with the seed's key id (and material, under --dev); AlreadyExistsException when another server won. */
async function createWithId(ctx: OperationContext, key: SeedKey): Promise<void> {
  const scope = scopeOf(ctx);
  const created = ctx.now();
  const wrapped = key.material
    ? ctx.keyring.wrap('wrap-kms-material', key.material, materialAad(scope, key.keyId, 1))
    : ctx.kms.newWrappedMaterial(scope, key.keyId, 1);
  const record = symmetricKeyRecord(key.keyId, created, key.policy ?? defaultKeyPolicy(ctx.accountId), {
    description: key.description ?? '',
    // A disabled key that rotates is made enabled, rotation turned on, then disabled (rotateNew).
    ...(key.enabled === false && !key.rotation?.enabled ? { keyState: 'Disabled' as const } : {}),
  });
  try {
    await ctx.store.keys.create(scope, { key: record, material: { wrapped, createdAt: created }, tags: validateTags(key.tags.map((t) => ({ tagKey: t.key, tagValue: t.value }))) });
  } catch (error) {
    // The store refuses a second key with the id (a unique key in both backends): the audit event says so.
    if (await ctx.store.keys.get(scope, key.keyId)) throw new ServiceError('AlreadyExistsException', `Key ${keyArn(scope.region, scope.accountId, key.keyId)} already exists`);
    throw error;
  }
}

/**
 * Rotation as the seed names it, through GetKeyRotationStatus and Enable/DisableKeyRotation: 'blocked'
 * when it differs on a key that is not enabled (KMS refuses the change there). Without a period in the
 * seed, any period of a rotating key matches.
 */
async function applyRotation(a: ApplyContext, key: SeedKey, keyEnabled: boolean): Promise<'same' | 'changed' | 'blocked'> {
  const wanted = key.rotation;
  if (!wanted) return 'same';
  const call = (operation: string, input: Record<string, unknown> = {}) => a.op.call('kms', operation, { KeyId: key.keyId, ...input }, key.region);
  const status = await call('GetKeyRotationStatus');
  const on = status.KeyRotationEnabled === true;
  const same = wanted.enabled ? on && (wanted.periodDays === undefined || status.RotationPeriodInDays === wanted.periodDays) : !on;
  if (same) return 'same';
  if (!keyEnabled) return 'blocked';
  await (wanted.enabled ? call('EnableKeyRotation', wanted.periodDays !== undefined ? { RotationPeriodInDays: wanted.periodDays } : {}) : call('DisableKeyRotation'));
  return 'changed';
}

/** A key just created: rotation turned on when the seed says so, then disabled when it says `enabled: false`. */
async function rotateNew(a: ApplyContext, key: SeedKey): Promise<void> {
  if (!key.rotation?.enabled) return;
  await applyRotation(a, key, true);
  if (key.enabled === false) await a.op.call('kms', 'DisableKey', { KeyId: key.keyId }, key.region);
}

/** Material is what ciphertexts depend on: it is compared, never replaced. */
async function checkMaterial(a: ApplyContext, key: SeedKey): Promise<void> {
  const same = await a.op.inspect(key.region, async (ctx) => {
    const scope = scopeOf(ctx);
    const stored = await ctx.store.keys.material(scope, key.keyId, 1);
    if (!stored || !key.material) return false;
    const plain = ctx.keyring.unwrap('wrap-kms-material', stored.wrapped, materialAad(scope, key.keyId, 1));
    try {
      return plain.length === key.material.length && timingSafeEqual(plain, key.material);
    } finally {
      plain.fill(0);
    }
  });
  if (!same) {
    throw new SeedApplyError({ file: key.file, path: at(key.path, 'material') }, `KMS key ${key.keyId} exists with other material, which cannot change (its ciphertexts depend on it); start from an empty data directory or POST /_kura/reset`);
  }
}

async function applyAlias(a: ApplyContext, key: SeedKey, alias: string, retry = true): Promise<void> {
  const target = await describe(a, alias, key.region);
  if (target?.KeyId === key.keyId) return;
  if (!target) {
    try {
      await a.op.call('kms', 'CreateAlias', { AliasName: alias, TargetKeyId: key.keyId }, key.region);
      return a.report(`seed: ${alias}: created, names KMS key ${key.keyId}`);
    } catch (error) {
      // Another server created it first: look again.
      if (!retry || codeOf(error) !== 'AlreadyExistsException') throw error;
      return applyAlias(a, key, alias, false);
    }
  }
  await a.op.call('kms', 'UpdateAlias', { AliasName: alias, TargetKeyId: key.keyId }, key.region);
  a.report(`seed: ${alias}: named KMS key ${target.KeyId}, now names ${key.keyId}`);
}
