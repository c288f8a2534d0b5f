// UpdateSecretVersionStage: moves one staging label between versions (stages.ts's moveStage), and
// prunes deprecated versions past 100 as every change of labels may leave some.

import type { SecretChange } from '../../store/secrets.js';
import { scopeOf, type OperationHandler } from '../context.js';
import { optionalString, requiredString } from './input.js';
import { requireSecret } from './resolve.js';
import { applyStages, moveStage, versionsToPrune } from './stages.js';
import { assertNotDeleted, writeSecret } from './write.js';

export const updateSecretVersionStage: OperationHandler = async (input, ctx) => {
  const { secret } = await requireSecret(ctx, input, requiredString(input, 'SecretId'));
  assertNotDeleted(secret);
  const stage = requiredString(input, 'VersionStage');
  const removeFrom = optionalString(input, 'RemoveFromVersionId');
  const moveTo = optionalString(input, 'MoveToVersionId');
  return writeSecret(ctx, secret, async (current) => {
    assertNotDeleted(current);
    const output = { ARN: current.arn, Name: current.name };
    const versions = await ctx.store.secrets.versions(scopeOf(ctx), current.name);
    const changed = moveStage(versions, stage, removeFrom, moveTo);
    if (changed.length === 0) return { output };
    const now = ctx.now();
    const removeVersions = versionsToPrune(applyStages(versions, changed), now);
    const change: SecretChange = { stages: changed.filter((c) => !removeVersions.includes(c.versionId)), patch: { lastChangedDate: now } };
    if (removeVersions.length > 0) change.removeVersions = removeVersions;
    return { output, change };
  });
};
