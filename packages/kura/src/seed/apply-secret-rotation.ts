// Applying a seed secret's rotation through RotateSecret, as a client configures it. It matches when
// rotation is on with the seed's function and schedule (AutomaticallyAfterDays or ScheduleExpression,
// and Duration: absent in the seed, none); then nothing is written. Otherwise RotateSecret with
// RotateImmediately=false: the schedule is set and the function's testSecret runs on a version
// that then goes (as AWS does it), while AWSCURRENT stays. Only a secret the seed has just created
// is rotated at once, and only when the seed says `rotateImmediately: true`: a start never rotates
// an existing secret. A rotation in progress (AWSPENDING on a version without AWSCURRENT, left by
// a failed run) makes RotateSecret refuse: reported and left, for the rotation's own retry.

import { randomUUID } from 'node:crypto';
import { pendingRotation } from '../services/secretsmanager/pending-version.js';
import type { SeedSecret, SeedSecretRotation } from './format.js';
import { codeOf, type ApplyContext } from './operator.js';

interface DescribedRotation {
  RotationEnabled?: boolean;
  RotationLambdaARN?: string;
  RotationRules?: { AutomaticallyAfterDays?: number; ScheduleExpression?: string; Duration?: string };
  VersionIdsToStages?: Record<string, string[]>;
}

function matches(d: DescribedRotation, wanted: SeedSecretRotation): boolean {
  const rules = d.RotationRules ?? {};
  return (
    d.RotationEnabled === true &&
    d.RotationLambdaARN === wanted.function &&
    rules.AutomaticallyAfterDays === wanted.automaticallyAfterDays &&
    rules.ScheduleExpression === wanted.scheduleExpression &&
    rules.Duration === wanted.duration
  );
}

/** The version of a rotation in progress, as DescribeSecret shows it; undefined when none is. */
function inProgress(d: DescribedRotation): string | undefined {
  const versions = Object.entries(d.VersionIdsToStages ?? {}).map(([versionId, stages]) => ({ versionId, stages }));
  return pendingRotation(versions)?.versionId;
}

/** `created`: the seed created the secret in this apply (the only case `rotateImmediately` applies to). */
export async function applySecretRotation(a: ApplyContext, s: SeedSecret, created: boolean): Promise<void> {
  const wanted = s.rotation;
  if (!wanted) return;
  const call = (operation: string, input: Record<string, unknown>) => a.op.call('secretsmanager', operation, input, s.region);
  const describe = async () => (await call('DescribeSecret', { SecretId: s.name })) as DescribedRotation;
  const described = await describe();
  if (matches(described, wanted)) return;
  const label = `secret ${s.name}`;
  const pending = inProgress(described);
  if (pending !== undefined) return a.report(`seed: ${label}: rotation differs; a rotation is in progress (AWSPENDING on version ${pending}), left as it is`);
  const immediately = created && wanted.rotateImmediately;
  try {
    await call('RotateSecret', {
      SecretId: s.name,
      ClientRequestToken: randomUUID(),
      RotationLambdaARN: wanted.function,
      RotationRules: {
        ...(wanted.automaticallyAfterDays !== undefined ? { AutomaticallyAfterDays: wanted.automaticallyAfterDays } : {}),
        ...(wanted.scheduleExpression !== undefined ? { ScheduleExpression: wanted.scheduleExpression } : {}),
        ...(wanted.duration !== undefined ? { Duration: wanted.duration } : {}),
      },
      RotateImmediately: immediately,
    });
  } catch (error) {
    // Another server on this database configured it a moment ago (its test holds AWSPENDING): compare again.
    if (codeOf(error) !== 'InvalidRequestException' || !matches(await describe(), wanted)) throw error;
    return;
  }
  const was = described.RotationEnabled === true ? 'rotation differs, updated' : 'rotation turned on';
  a.report(`seed: ${label}: ${was}${immediately ? ', rotating now' : ''}`);
}
