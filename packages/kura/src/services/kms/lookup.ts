// How the KMS operations find the key a request names and check what may be done to it. Which
// identifier forms an operation accepts and which key states it allows follow AWS's key-state table
// (spec §4.2, §4.3).

import { scopeOf, type OperationContext } from '../context.js';
import type { KmsInternals, ResolvedKey } from './domain.js';
import { kmsCall, kmsErrors } from './errors.js';
import { namesAlias } from './key-ref.js';

/** The KMS domain behind ctx.kms. The gateway installs createKmsDomain's result, which is more than the KmsDomain port. */
export function kmsOf(ctx: OperationContext): KmsInternals {
  const kms = ctx.kms as Partial<KmsInternals>;
  if (typeof kms.resolve !== 'function' || typeof kms.openBlob !== 'function') {
    throw new Error('the KMS operations need the domain from createKmsDomain in ctx.kms');
  }
  return kms as KmsInternals;
}

/** A key named by key id, key ARN, alias name or alias ARN (cryptographic operations, DescribeKey). */
export function findKey(ctx: OperationContext, keyRef: string): Promise<ResolvedKey> {
  return kmsCall(() => kmsOf(ctx).resolve(scopeOf(ctx), keyRef));
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

/**
 * An AWS managed key's policy lets the account read it and use it through its service, nothing
 * else: disabling, deleting, rotating, tagging, re-aliasing or re-policying it is denied by that
 * policy. Until key policies are enforced (IAM), this is the one place that says so.
 */
export function assertCustomerManaged(ctx: OperationContext, resolved: ResolvedKey, action: string): void {
  if (resolved.key.keyManager === 'AWS') throw kmsErrors.accessDenied(ctx.principal.arn, action, resolved.arn);
}

/** DryRun: everything checked, nothing done. */
export function assertNotDryRun(dryRun: boolean): void {
  if (dryRun) throw kmsErrors.dryRun();
}
