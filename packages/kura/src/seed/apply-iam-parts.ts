// What users, groups and roles share when a seed is applied: the managed policies it attaches (an
// attachment the seed names is made if missing; others stay) and its inline policies (made or
// replaced when the document differs as a JSON value). And a user's access key pairs, given in
// advance: no AWS operation takes a key pair, so, as the administrator's own key is (identity/
// bootstrap-admin.ts), the pair is saved directly, its secret wrapped by the keyring.

import { timingSafeEqual } from 'node:crypto';
import { accessKeyAad } from '../crypto/credential-secrets.js';
import type { OperationContext } from '../services/context.js';
import { sameDocument } from './compare.js';
import type { NamedDocument, SeedAccessKey, SeedUser } from './format.js';
import { found, type ApplyContext } from './operator.js';
import { at, SeedApplyError } from './problems.js';

/** IAM is global; CloudTrail records its events in us-east-1. */
export const IAM_REGION = 'us-east-1';
const MAX_KEYS_PER_USER = 2;

export type EntityKind = 'User' | 'Group' | 'Role';

export const iam = (a: ApplyContext, operation: string, input: Record<string, unknown>) => a.op.call('iam', operation, input, IAM_REGION);

export async function applyAttachments(a: ApplyContext, kind: EntityKind, name: string, wanted: readonly string[], label: string): Promise<void> {
  if (wanted.length === 0) return;
  const key = `${kind}Name`;
  const out = await iam(a, `ListAttached${kind}Policies`, { [key]: name, MaxItems: 1000 });
  const attached = new Set((out.AttachedPolicies as Array<{ PolicyArn: string }>).map((p) => p.PolicyArn));
  for (const arn of wanted) {
    if (attached.has(arn)) continue;
    await iam(a, `Attach${kind}Policy`, { [key]: name, PolicyArn: arn });
    a.report(`seed: ${label}: ${arn} attached`);
  }
}

export async function applyInlinePolicies(a: ApplyContext, kind: EntityKind, name: string, wanted: readonly NamedDocument[], label: string): Promise<void> {
  const key = `${kind}Name`;
  for (const policy of wanted) {
    const current = await found(iam(a, `Get${kind}Policy`, { [key]: name, PolicyName: policy.name }), ['NoSuchEntity']);
    if (current && sameDocument(decodeURIComponent(current.PolicyDocument as string), policy.document)) continue;
    await iam(a, `Put${kind}Policy`, { [key]: name, PolicyName: policy.name, PolicyDocument: policy.document });
    a.report(`seed: ${label}: inline policy ${policy.name} ${current ? 'differs, replaced' : 'created'}`);
  }
}

/** A user's key pairs: made when missing, their secret or status put right when they differ. */
export async function applyAccessKeys(a: ApplyContext, user: SeedUser): Promise<void> {
  for (const key of user.accessKeys) {
    const state = await a.op.inspect(IAM_REGION, (ctx) => compareKey(ctx, user, key));
    if (state.kind === 'same') continue;
    if (state.kind === 'foreign') {
      throw new SeedApplyError({ file: key.file, path: at(key.path, 'accessKeyId') }, `access key ${key.accessKeyId} belongs to ${state.owner}, not to user ${user.name}`);
    }
    if (state.kind === 'missing' && state.others >= MAX_KEYS_PER_USER) {
      throw new SeedApplyError(
        { file: key.file, path: at(key.path, 'accessKeyId') },
        `user ${user.name} already has ${state.others} access keys (AWS's quota is ${MAX_KEYS_PER_USER}): delete one, or name it in the seed`,
      );
    }
    const operation = state.kind === 'missing' ? 'CreateAccessKey' : 'UpdateAccessKey';
    await a.op.direct('iam', operation, IAM_REGION, (ctx) => saveKey(ctx, user, key));
    const what = state.kind === 'missing' ? 'created' : `${state.changed.join(' and ')} ${state.changed.length > 1 ? 'differ' : 'differs'}, replaced`;
    a.report(`seed: user ${user.name}: access key ${key.accessKeyId} ${what}`);
  }
}

type KeyState = { kind: 'same' } | { kind: 'missing'; others: number } | { kind: 'differs'; changed: string[] } | { kind: 'foreign'; owner: string };

async function compareKey(ctx: OperationContext, user: SeedUser, key: SeedAccessKey): Promise<KeyState> {
  const owner = await ctx.store.principals.getUser(ctx.accountId, user.name);
  if (!owner) throw new Error(`user ${user.name} vanished`);
  const stored = await ctx.store.accessKeys.find(key.accessKeyId);
  if (!stored) return { kind: 'missing', others: (await ctx.store.accessKeys.listForPrincipal(owner.arn)).length };
  if (stored.principalArn !== owner.arn || stored.accountId !== ctx.accountId) return { kind: 'foreign', owner: stored.principalArn };
  const changed: string[] = [];
  const secret = ctx.keyring.unwrap('wrap-access-key', stored.secretCiphertext, accessKeyAad(key.accessKeyId));
  const wanted = Buffer.from(key.secretAccessKey, 'utf8');
  if (secret.length !== wanted.length || !timingSafeEqual(secret, wanted)) changed.push('secret');
  secret.fill(0);
  if (stored.status !== key.status) changed.push('status');
  // A key stands for its user's unique id: a user made again under the name has another.
  if (stored.principalId !== owner.id) changed.push('owner id');
  return changed.length === 0 ? { kind: 'same' } : { kind: 'differs', changed };
}

async function saveKey(ctx: OperationContext, user: SeedUser, key: SeedAccessKey): Promise<void> {
  const owner = await ctx.store.principals.getUser(ctx.accountId, user.name);
  if (!owner) throw new Error(`user ${user.name} vanished`);
  const existing = await ctx.store.accessKeys.find(key.accessKeyId);
  await ctx.store.accessKeys.save({
    accessKeyId: key.accessKeyId,
    accountId: ctx.accountId,
    principalArn: owner.arn,
    principalId: owner.id,
    secretCiphertext: ctx.keyring.wrap('wrap-access-key', Buffer.from(key.secretAccessKey, 'utf8'), accessKeyAad(key.accessKeyId)),
    status: key.status,
    createDate: existing?.createDate ?? ctx.now(),
  });
}
