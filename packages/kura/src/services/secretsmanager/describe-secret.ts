// DescribeSecret: the secret's metadata, a secret scheduled for deletion included (with its
// DeletedDate); the value is never read.

import { scopeOf, type OperationHandler } from '../context.js';
import { requiredString } from './input.js';
import { requireSecret } from './resolve.js';
import { secretToWire } from './to-wire.js';

export const describeSecret: OperationHandler = async (input, ctx) => {
  const { secret } = await requireSecret(ctx, input, requiredString(input, 'SecretId'));
  // The stage map only: no version's sealed value is read for it.
  const stages = await ctx.store.secrets.labelledVersions(scopeOf(ctx), [secret.arn]);
  return secretToWire(secret, stages.get(secret.arn) ?? [], 'VersionIdsToStages');
};
