// UpdateSecret: description and KMS key, and when a value is given a new AWSCURRENT version (the
// old current becomes AWSPREVIOUS). A new KmsKeyId seals the new version and every later one, and
// re-encrypts the versions labelled AWSCURRENT, AWSPENDING and AWSPREVIOUS under it in the same
// write (reseal.ts), as AWS does. The response carries VersionId only when the call made (or
// retried) a version.

import type { SecretChange, SecretPatch } from '../../store/secrets.js';
import { scopeOf, type OperationHandler } from '../context.js';
import { smErrors } from './errors.js';
import { optionalString, requiredString, secretValueOf } from './input.js';
import { planNewVersion, sealOnce } from './new-version.js';
import { resealer } from './reseal.js';
import { requireSecret } from './resolve.js';
import { CURRENT } from './stages.js';
import { assertNotDeleted, writeSecret } from './write.js';

export const updateSecret: OperationHandler = async (input, ctx) => {
  const { secret } = await requireSecret(ctx, input, requiredString(input, 'SecretId'));
  assertNotDeleted(secret);
  const value = secretValueOf(input);
  if (value === 'both') throw smErrors.bothValues();
  const token = optionalString(input, 'ClientRequestToken');
  if (value !== undefined && token === undefined) throw smErrors.tokenRequired();
  const description = optionalString(input, 'Description');
  const kmsKeyId = optionalString(input, 'KmsKeyId');
  const patch: SecretPatch = {};
  if (description !== undefined) patch.description = description;
  if (kmsKeyId !== undefined) patch.kmsKeyId = kmsKeyId;
  const request = value !== undefined && token !== undefined ? { token, value, labels: [CURRENT], keyRef: kmsKeyId ?? secret.kmsKeyId } : undefined;
  const seal = request && sealOnce(ctx, secret.arn, request);
  const reseal = kmsKeyId === undefined ? undefined : resealer(ctx, secret.arn, kmsKeyId);
  return writeSecret(ctx, secret, async (current) => {
    assertNotDeleted(current);
    const output: Record<string, unknown> = { ARN: current.arn, Name: current.name };
    let change: SecretChange | undefined = Object.keys(patch).length === 0 ? undefined : { patch: { ...patch, lastChangedDate: ctx.now() } };
    const versions = request || reseal ? await ctx.store.secrets.versions(scopeOf(ctx), current.name) : [];
    if (request && seal) {
      const planned = await planNewVersion(ctx, current, versions, { ...request, keyRef: kmsKeyId ?? current.kmsKeyId }, seal);
      output['VersionId'] = planned.versionId;
      if (planned.change) change = { ...planned.change, patch: { ...planned.change.patch, ...patch } };
    }
    const resealed = reseal ? await reseal(versions, change) : [];
    if (change && resealed.length > 0) change = { ...change, reseal: resealed };
    return change ? { output, change } : { output };
  });
};
