// One version's value, as GetSecretValue and BatchGetSecretValue read it: by VersionId, by
// VersionStage, or both (they must agree); AWSCURRENT when neither is given. The secret and the
// version are read together (one snapshot), the value opened for the caller (kms:Decrypt), and the
// read recorded (LastAccessedDate, day granularity, on the secret and the version).

import type { SecretRecord, SecretVersionRecord } from '../../store/secrets.js';
import { scopeOf, type OperationContext } from '../context.js';
import { openValue } from './envelope.js';
import { smErrors } from './errors.js';
import { hasValue } from './pending-version.js';
import { isExpired, purgeExpired } from './resolve.js';
import { CURRENT } from './stages.js';
import { valueToWire } from './to-wire.js';
import { assertNotDeleted } from './write.js';

export interface Selector {
  versionId?: string;
  stage?: string;
}

/** Midnight UTC of `now`: AWS keeps LastAccessedDate to the day. */
export function dayOf(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

async function missingVersion(ctx: OperationContext, secret: SecretRecord, selector: Selector): Promise<Error> {
  if (selector.versionId === undefined) return smErrors.noValueForStage(selector.stage ?? CURRENT);
  if (selector.stage === undefined) return smErrors.noValueForVersion(selector.versionId);
  const byId = await ctx.store.secrets.read(scopeOf(ctx), secret.name, { versionId: selector.versionId });
  return byId?.version ? smErrors.stageNotOnVersion() : smErrors.noValueForVersion(selector.versionId);
}

/** The GetSecretValue output for the authorized secret (`authorized`), or AWS's error. */
export async function readValue(ctx: OperationContext, authorized: SecretRecord, selector: Selector): Promise<Record<string, unknown>> {
  const scope = scopeOf(ctx);
  const wanted = selector.versionId === undefined && selector.stage === undefined ? { stage: CURRENT } : selector;
  const read = await ctx.store.secrets.read(scope, authorized.name, wanted);
  if (!read || read.secret.arn !== authorized.arn) throw smErrors.notFound();
  const { secret, version } = read;
  if (isExpired(secret, ctx.now())) {
    await purgeExpired(ctx, secret);
    throw smErrors.notFound();
  }
  assertNotDeleted(secret);
  if (!version) throw await missingVersion(ctx, secret, wanted);
  // A rotation's pending version before createSecret put its value: there is no value to find,
  // which is what AWS's rotation templates expect to hear.
  if (!hasValue(version)) throw wanted.versionId !== undefined ? smErrors.noValueForVersion(wanted.versionId) : smErrors.noValueForStage(wanted.stage ?? CURRENT);
  return open(ctx, secret, version);
}

async function open(ctx: OperationContext, secret: SecretRecord, version: SecretVersionRecord): Promise<Record<string, unknown>> {
  const value = await openValue(ctx, secret.arn, version);
  // A read already recorded today (the usual case for a secret read often) costs no statement.
  const day = dayOf(ctx.now());
  const recorded = (date: Date | null) => date !== null && date.getTime() >= day.getTime();
  if (!recorded(secret.lastAccessedDate) || !recorded(version.lastAccessedDate)) await ctx.store.secrets.touch(scopeOf(ctx), secret.name, version.versionId, day);
  return valueToWire(secret, version, value);
}
