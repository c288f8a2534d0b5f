// PutSecretValue: a new version with the labels asked for (AWSCURRENT by default, and always for a
// secret's first version), labels moving as stages.ts says, deprecated versions pruned past 100.
// Idempotent on ClientRequestToken (new-version.ts), which also gives a rotation's pending version
// its value. RotationToken, which rotation functions may pass on, is accepted and ignored (GAPS.md).

import { scopeOf, type OperationHandler } from '../context.js';
import { smErrors } from './errors.js';
import { optionalString, requiredString, secretValueOf, stringList } from './input.js';
import { planNewVersion, sealOnce } from './new-version.js';
import { requireSecret } from './resolve.js';
import { CURRENT } from './stages.js';
import { assertNotDeleted, writeSecret } from './write.js';

export const putSecretValue: OperationHandler = async (input, ctx) => {
  const { secret } = await requireSecret(ctx, input, requiredString(input, 'SecretId'));
  assertNotDeleted(secret);
  const value = secretValueOf(input);
  if (value === undefined) throw smErrors.valueRequired();
  if (value === 'both') throw smErrors.bothValues();
  const token = optionalString(input, 'ClientRequestToken');
  if (token === undefined) throw smErrors.tokenRequired();
  const asked = stringList(input, 'VersionStages');
  const labels = asked.length > 0 ? [...new Set(asked)] : [CURRENT];
  const request = { token, value, labels, keyRef: secret.kmsKeyId };
  const seal = sealOnce(ctx, secret.arn, request);
  return writeSecret(ctx, secret, async (current) => {
    assertNotDeleted(current);
    const versions = await ctx.store.secrets.versions(scopeOf(ctx), current.name);
    const planned = await planNewVersion(ctx, current, versions, { ...request, keyRef: current.kmsKeyId }, seal);
    const output = { ARN: current.arn, Name: current.name, VersionId: planned.versionId, VersionStages: planned.stages };
    return planned.change ? { output, change: planned.change } : { output };
  });
};
