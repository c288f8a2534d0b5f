// CreateSecret: a secret with a new ARN (the name and six random characters, drawn once for the
// request: new-secret.ts) and, when a value is given, its first version labelled AWSCURRENT, sealed
// under the secret's KMS key. A name taken by a secret scheduled for deletion is refused with AWS's
// own text; one whose recovery window has ended is removed first (the lazy end of the window).
// A retry with the same ClientRequestToken and value answers as the first call did.

import { randomUUID } from 'node:crypto';
import type { NewSecret, SecretVersionRecord } from '../../store/secrets.js';
import { scopeOf, type OperationContext, type OperationHandler } from '../context.js';
import { smErrors } from './errors.js';
import { optionalString, requiredString, secretValueOf, tagList, type Input } from './input.js';
import { validName } from './names.js';
import { newSecretArn } from './new-secret.js';
import { planNewVersion, sealOnce } from './new-version.js';
import { isExpired, purgeExpired } from './resolve.js';
import { CURRENT } from './stages.js';
import { checkRequestTags, mergeTags } from './tags.js';

const NO_ROTATION = { enabled: false, lambdaArn: null, automaticallyAfterDays: null, scheduleExpression: null, duration: null, lastRotatedDate: null, nextRotationDate: null };

/** A name already in use: refused, unless this is a retry of the request that created its version. */
async function existingName(ctx: OperationContext, input: Input, name: string, token: string | undefined): Promise<Record<string, unknown> | undefined> {
  const scope = scopeOf(ctx);
  const existing = await ctx.store.secrets.get(scope, name);
  if (!existing) return undefined;
  if (isExpired(existing, ctx.now())) {
    await purgeExpired(ctx, existing);
    return undefined;
  }
  if (existing.deletedDate !== null) throw smErrors.scheduledForDeletion();
  const value = secretValueOf(input);
  if (token === undefined || value === undefined || value === 'both') throw smErrors.exists(name);
  const versions = await ctx.store.secrets.versions(scope, name);
  if (!versions.some((v) => v.versionId === token)) throw smErrors.exists(name);
  // The retry reads the existing secret, whose ARN is not the one drawn for this request: authorize it.
  await ctx.access.require({ action: 'secretsmanager:CreateSecret', resource: existing.arn, context: { 'secretsmanager:Name': name }, deniedResourceName: name });
  const planned = await planNewVersion(ctx, existing, versions, { token, value, labels: [CURRENT], keyRef: existing.kmsKeyId }, () => Promise.reject(smErrors.exists(name)));
  return { ARN: existing.arn, Name: existing.name, VersionId: planned.versionId };
}

export const createSecret: OperationHandler = async (input, ctx) => {
  const name = requiredString(input, 'Name');
  if (!validName(name)) throw smErrors.invalidName();
  const value = secretValueOf(input);
  if (value === 'both') throw smErrors.bothValues();
  const token = optionalString(input, 'ClientRequestToken');
  if (value !== undefined && token === undefined) throw smErrors.tokenRequired();
  const tags = tagList(input, 'Tags');
  checkRequestTags(tags);
  const retried = await existingName(ctx, input, name, token);
  if (retried) return retried;

  const arn = newSecretArn(ctx, input, name);
  const now = ctx.now();
  const secret: NewSecret = {
    name,
    arn,
    description: optionalString(input, 'Description') ?? null,
    kmsKeyId: optionalString(input, 'KmsKeyId') ?? null,
    createdDate: now,
    lastChangedDate: now,
    rotation: NO_ROTATION,
    resourcePolicy: null,
    tags: mergeTags([], tags),
  };
  let first: SecretVersionRecord | undefined;
  if (value !== undefined) {
    const versionId = token ?? randomUUID();
    const request = { token: versionId, value, labels: [CURRENT], keyRef: secret.kmsKeyId };
    const planned = await planNewVersion(ctx, { ...secret, revision: 0, lastAccessedDate: null, deletedDate: null, deletionDate: null }, [], request, sealOnce(ctx, arn, request));
    first = planned.change?.addVersion;
  }
  const outcome = await ctx.store.secrets.create(scopeOf(ctx), secret, first);
  if (outcome === 'exists') throw smErrors.exists(name);
  return first ? { ARN: arn, Name: name, VersionId: first.versionId } : { ARN: arn, Name: name };
};
