// How the KMS operations find the key a request names and check what may be done to it. Which
// identifier forms an operation accepts and which key states it allows follow AWS's key-state table
// (https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html); who may do it is the key
// policy's and IAM's decision (authorization.ts).

import { scopeOf, type KmsCaller, type OperationContext } from '../context.js';
import type { KeyRequestFacts, ResolvedKey } from './domain-types.js';
import { kmsCall, kmsErrors } from './errors.js';
import { namesAlias } from './key-ref.js';

/** The caller of a direct KMS request, as the key checks see it. */
export function callerOf(ctx: OperationContext): KmsCaller {
  return { access: ctx.access, principalArn: ctx.principal.arn, accountId: ctx.principal.accountId };
}

/**
 * `kms:<action>` on a key found inside a handler (named by an alias, or by a ciphertext), under its
 * key policy. A denial is the AccessDeniedException of ctx.access (KMS's text).
 */
export async function authorizeKey(ctx: OperationContext, resolved: ResolvedKey, action: string, facts?: KeyRequestFacts): Promise<void> {
  await ctx.access.require(await ctx.kms.keyCheck(scopeOf(ctx), resolved, callerOf(ctx), action, facts));
}

/** A key named by key id, key ARN, alias name or alias ARN (cryptographic operations, DescribeKey). */
export function findKey(ctx: OperationContext, keyRef: string): Promise<ResolvedKey> {
  return kmsCall(() => ctx.kms.resolve(scopeOf(ctx), keyRef));
}

/** A key named by key id or key ARN only (key management operations). */
export function findKeyById(ctx: OperationContext, keyRef: string): Promise<ResolvedKey> {
  // guess: AWS's text when an alias is given where only a key id or ARN is accepted.
  if (namesAlias(keyRef)) return Promise.reject(kmsErrors.invalidKeyId(keyRef));
  return findKey(ctx, keyRef);
}

/** Disabled → DisabledException, pending deletion → KMSInvalidStateException (cryptography, rotation). */
export function assertEnabled(resolved: ResolvedKey): void {
  if (resolved.key.keyState === 'Disabled') throw kmsErrors.disabled(resolved.arn);
  if (resolved.key.keyState === 'PendingDeletion') throw kmsErrors.pendingDeletion(resolved.arn);
}

/** Operations that work on Enabled and Disabled keys but not on one pending deletion. */
export function assertNotPendingDeletion(resolved: ResolvedKey): void {
  if (resolved.key.keyState === 'PendingDeletion') throw kmsErrors.pendingDeletion(resolved.arn);
}

/** DryRun: everything checked, nothing done. */
export function assertNotDryRun(dryRun: boolean): void {
  if (dryRun) throw kmsErrors.dryRun();
}
