// RotateSecret: sets the rotation function and schedule when the request gives them, turns
// rotation on, labels the request's ClientRequestToken AWSPENDING (a version without a value yet,
// pending-version.ts) and starts the rotation, answering once it has started: AWS's "asynchronous
// process of rotating the secret" (rotation-run.ts runs the function's four steps). With
// RotateImmediately=false the function's testSecret runs on that version, which then goes, and the
// first rotation waits for the schedule.
//
// Refused as AWS refuses: a secret scheduled for deletion; no function given or configured; a
// function this server cannot invoke (AWS's AccessDeniedException, checked before anything is
// written, so a refused call configures nothing); and while a rotation is in progress (AWSPENDING
// on a version without AWSCURRENT), unless the request names that very version: then it is the
// same rotation asked for again, and it is run again from createSecret (the steps are idempotent
// by AWS's contract for rotation functions). The caller also needs lambda:InvokeFunction on the
// function, which AWS's API reference lists among RotateSecret's permissions.

import type { SecretRecord, SecretRotation } from '../../store/secrets.js';
import { scopeOf, type OperationHandler } from '../context.js';
import { smErrors } from './errors.js';
import { optionalBoolean, optionalString, requiredString } from './input.js';
import { pendingRotation, valuelessVersion } from './pending-version.js';
import { requireSecret } from './resolve.js';
import { startRotation, type RotationJob } from './rotation-run.js';
import { validateRotationRules, type RotationRulesInput } from './rotation-rules.js';
import { nextRotationAfter, rulesFromInput } from './rotation-schedule.js';
import { applyStages, CURRENT, PENDING, stagesForNewVersion, versionsToPrune } from './stages.js';
import { writeSecret } from './write.js';

/** The rotation as the request leaves it: on, with the function, and the rules given (or those it had). */
function configured(secret: SecretRecord, functionArn: string, rules: RotationRulesInput | undefined, immediately: boolean, now: Date): SecretRotation {
  const before = secret.rotation;
  const rotation: SecretRotation = {
    ...before,
    enabled: true,
    lambdaArn: functionArn,
    ...(rules ? { automaticallyAfterDays: rules.automaticallyAfterDays ?? null, scheduleExpression: rules.scheduleExpression ?? null, duration: rules.duration ?? null } : {}),
  };
  // Rotating now: counted from now until the rotation finishes and counts from then. Otherwise
  // the schedule counts from the last rotation, or from now for a secret never rotated.
  const since = immediately ? now : (before.lastRotatedDate ?? now);
  return { ...rotation, nextRotationDate: nextRotationAfter(rotation, since) };
}

export const rotateSecret: OperationHandler = async (input, ctx) => {
  const { secret } = await requireSecret(ctx, input, requiredString(input, 'SecretId'));
  if (secret.deletedDate !== null) throw smErrors.alreadyMarkedDeleted();
  const token = optionalString(input, 'ClientRequestToken');
  if (token === undefined) throw smErrors.rotationTokenRequired();
  if (input['ExternalSecretRotationMetadata'] !== undefined || input['ExternalSecretRotationRoleArn'] !== undefined) throw smErrors.notExternalSecret();
  const rules = rulesFromInput(input);
  if (rules) validateRotationRules(rules);
  const functionArn = optionalString(input, 'RotationLambdaARN') || secret.rotation.lambdaArn;
  if (!functionArn) throw smErrors.noRotationFunction();
  await ctx.access.require({ action: 'lambda:InvokeFunction', resource: functionArn });
  const scope = scopeOf(ctx);
  const functions = ctx.rotation;
  if (!functions?.canInvoke(scope, functionArn)) throw smErrors.cannotInvokeFunction();
  const immediately = optionalBoolean(input, 'RotateImmediately') ?? true;

  let job: RotationJob | undefined;
  const output = await writeSecret(ctx, secret, async (current) => {
    if (current.deletedDate !== null) throw smErrors.alreadyMarkedDeleted();
    const out = { ARN: current.arn, Name: current.name, VersionId: token };
    const versions = await ctx.store.secrets.versions(scope, current.name);
    const now = ctx.now();
    const patch = { rotation: configured(current, functionArn, rules, immediately, now), lastChangedDate: now };
    const base = { name: current.name, arn: current.arn, versionId: token, functionArn };
    const pending = pendingRotation(versions);
    if (pending) {
      if (pending.versionId !== token) throw smErrors.rotationInProgress();
      job = { ...base, mode: 'rotate' };
      return { output: out, change: { patch } };
    }
    const existing = versions.find((v) => v.versionId === token);
    if (existing?.stages.includes(CURRENT)) {
      // The rotation this token started has finished: asked again, it is done (idempotent).
      job = undefined;
      return { output: out };
    }
    if (existing) throw smErrors.versionExists();
    job = { ...base, mode: immediately ? 'rotate' : 'test' };
    // AWSPENDING leaves the version a finished rotation left it on (with AWSCURRENT).
    const { stages, changed } = stagesForNewVersion(versions, token, [PENDING]);
    const added = valuelessVersion(token, stages, now);
    const removeVersions = versionsToPrune([...applyStages(versions, changed), added], now);
    return {
      output: out,
      change: {
        patch,
        addVersion: added,
        ...(changed.length > 0 ? { stages: changed.filter((c) => !removeVersions.includes(c.versionId)) } : {}),
        ...(removeVersions.length > 0 ? { removeVersions } : {}),
      },
    };
  });
  if (job) startRotation({ store: ctx.store, functions, now: ctx.now, scope }, job);
  return output;
};
