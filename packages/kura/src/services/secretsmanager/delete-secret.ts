// DeleteSecret: schedules the deletion after a recovery window of 7 to 30 days (30 by default), or
// with ForceDeleteWithoutRecovery deletes the secret and every version at once (a secret already
// scheduled included). Both at once is refused. The window ends lazily: the first request to meet
// the secret afterwards removes it (resolve.ts), so nothing has to run on time.

import { scopeOf, type OperationHandler } from '../context.js';
import { smErrors } from './errors.js';
import { optionalBoolean, optionalInteger, requiredString } from './input.js';
import { resolveSecret, requireSecret, purgeExpired } from './resolve.js';
import { writeSecret } from './write.js';

const DAY_MS = 86_400_000;
const DEFAULT_WINDOW_DAYS = 30;

export const deleteSecret: OperationHandler = async (input, ctx) => {
  const secretId = requiredString(input, 'SecretId');
  const days = optionalInteger(input, 'RecoveryWindowInDays');
  const force = optionalBoolean(input, 'ForceDeleteWithoutRecovery') === true;
  if (days !== undefined && force) throw smErrors.forceWithWindow();
  if (days !== undefined && (days < 7 || days > 30)) throw smErrors.recoveryWindow();
  const now = ctx.now();
  if (force) {
    const resolution = await resolveSecret(ctx, input, secretId);
    if (resolution.expired) await purgeExpired(ctx, resolution.expired);
    // As moto records of AWS: forcing the deletion of a secret that is not there succeeds (GAPS.md).
    if (!resolution.secret) return { ARN: resolution.arn, Name: secretId, DeletionDate: now };
    const { secret } = resolution;
    // Whatever changed since it was read, it is still this secret while the ARN is the same: deleted
    // as it is now. One created again under its name meanwhile is another secret, and stays.
    await ctx.store.secrets.delete(scopeOf(ctx), secret.name, { arn: secret.arn });
    return { ARN: secret.arn, Name: secret.name, DeletionDate: now };
  }
  const { secret } = await requireSecret(ctx, input, secretId);
  return writeSecret(ctx, secret, async (current) => {
    if (current.deletedDate !== null) throw smErrors.alreadyMarkedDeleted();
    const deletionDate = new Date(now.getTime() + (days ?? DEFAULT_WINDOW_DAYS) * DAY_MS);
    return { output: { ARN: current.arn, Name: current.name, DeletionDate: deletionDate }, change: { patch: { deletedDate: now, deletionDate } } };
  });
};
