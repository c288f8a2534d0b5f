// CancelRotateSecret: turns rotation off (the function and rules stay, so a bare RotateSecret turns
// it on again) and answers the version of a rotation in progress, if any. A run in progress stops
// before its next step (rotation-run.ts reads the secret before each); the labels stay where they
// are, as AWS leaves them: AWSPENDING on that version keeps refusing RotateSecret until the caller
// removes it (UpdateSecretVersionStage), as AWS's API reference says.

import { scopeOf, type OperationHandler } from '../context.js';
import { smErrors } from './errors.js';
import { requiredString } from './input.js';
import { pendingRotation } from './pending-version.js';
import { requireSecret } from './resolve.js';
import { writeSecret } from './write.js';

export const cancelRotateSecret: OperationHandler = async (input, ctx) => {
  const { secret } = await requireSecret(ctx, input, requiredString(input, 'SecretId'));
  return writeSecret(ctx, secret, async (current) => {
    if (current.deletedDate !== null) throw smErrors.alreadyMarkedDeleted();
    if (current.rotation.lambdaArn === null) throw smErrors.noRotationFunction();
    const pending = pendingRotation(await ctx.store.secrets.versions(scopeOf(ctx), current.name));
    const output: Record<string, unknown> = { ARN: current.arn, Name: current.name };
    if (pending) output['VersionId'] = pending.versionId;
    const now = ctx.now();
    return { output, change: { patch: { rotation: { ...current.rotation, enabled: false, nextRotationDate: null }, lastChangedDate: now } } };
  });
};
