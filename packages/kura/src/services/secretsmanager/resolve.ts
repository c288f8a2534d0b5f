// Which secret a request's SecretId names, decided once per request. The authorization rule and the
// handler receive the same frozen input object (services/run-operation.ts); the first to ask for a
// SecretId of that object reads the store, and the other gets the same answer. So the secret whose
// ARN was authorized is the secret the handler acts on, even if another request deletes it and
// creates one of the same name (another ARN) in between: every write and delete is conditional on
// the ARN read (store/secrets.ts), and a write that decides again refuses another ARN (write.ts).
//
// A secret whose recovery window has ended is gone: it resolves as missing, and the handler that
// meets it deletes it for good (the lazy end of the window; nothing else has to run on time).

import type { SecretRecord } from '../../store/secrets.js';
import { scopeOf, type OperationContext } from '../context.js';
import { smErrors } from './errors.js';
import { missingSecretArn, parseSecretId, validName } from './names.js';

export interface Resolution {
  /** The SecretId as the request gave it (what a denial names, as AWS does). */
  given: string;
  /** The ARN authorized: the secret's own, or for a missing secret missingSecretArn(). */
  arn: string;
  /** The secret, unless it does not exist or its recovery window has ended. */
  secret?: SecretRecord;
  /** A secret whose scheduled deletion has come due, not yet removed from the store. */
  expired?: SecretRecord;
}

const resolutions = new WeakMap<object, Map<string, Promise<Resolution>>>();

export function isExpired(secret: SecretRecord, now: Date): boolean {
  return secret.deletionDate !== null && secret.deletionDate.getTime() <= now.getTime();
}

async function lookUp(ctx: OperationContext, secretId: string): Promise<Resolution> {
  const ref = parseSecretId(secretId, ctx.region, ctx.accountId);
  const scope = scopeOf(ctx);
  const found =
    ref.kind === 'arn' ? await ctx.store.secrets.getByArn(scope, ref.arn) : ref.kind === 'elsewhere' ? undefined : await ctx.store.secrets.get(scope, ref.name);
  const missing = missingSecretArn(secretId, ctx.region, ctx.accountId);
  if (!found) return { given: secretId, arn: missing };
  if (isExpired(found, ctx.now())) return { given: secretId, arn: missing, expired: found };
  return { given: secretId, arn: found.arn, secret: found };
}

/** The resolution of `secretId` for this request (`request` is the frozen input). */
export function resolveSecret(ctx: OperationContext, request: object, secretId: string): Promise<Resolution> {
  let byId = resolutions.get(request);
  if (!byId) {
    byId = new Map();
    resolutions.set(request, byId);
  }
  let resolution = byId.get(secretId);
  if (!resolution) {
    resolution = lookUp(ctx, secretId);
    byId.set(secretId, resolution);
  }
  return resolution;
}

/** Deletes a secret whose recovery window has ended, unless it changed (or was replaced) meanwhile. */
export async function purgeExpired(ctx: OperationContext, secret: SecretRecord): Promise<void> {
  await ctx.store.secrets.delete(scopeOf(ctx), secret.name, secret);
}

/**
 * The secret a handler acts on, or the error AWS gives when there is none: a malformed name is a
 * ValidationException, anything else ResourceNotFoundException. Checked after authorization, so a
 * denied caller learns neither.
 */
export async function requireSecret(ctx: OperationContext, request: object, secretId: string): Promise<{ secret: SecretRecord; resolution: Resolution }> {
  const resolution = await resolveSecret(ctx, request, secretId);
  if (resolution.expired) await purgeExpired(ctx, resolution.expired);
  if (!resolution.secret) {
    if (!secretId.startsWith('arn:') && !validName(secretId)) throw smErrors.invalidName();
    throw smErrors.notFound();
  }
  return { secret: resolution.secret, resolution };
}
