// One rotation, after RotateSecret (or the scheduler) labelled its version AWSPENDING: the rotation
// function invoked for createSecret, setSecret, testSecret and finishSecret in that order, with
// AWS's event, each step only once the one before succeeded. The function does the work through
// the Secrets Manager API with its own role's credentials; Kura only invokes it and then records
// the rotation (LastRotatedDate, the next NextRotationDate) once finishSecret has made the version
// AWSCURRENT. A failed step ends the run where it is: AWSPENDING stays on the version (AWS's
// "previous rotation isn't complete"), AWSCURRENT where it was, and the rotation is retried with
// the same version (RotateSecret with that token, or the scheduler).
//
// Before each step the secret is read again: a rotation turned off (CancelRotateSecret) or a secret
// deleted meanwhile stops the run between steps, on whichever replica it runs. No request's caller
// is involved: these writes are the service's own, conditional on the secret read like every other.
//
// RotateImmediately=false runs testSecret alone, as AWS documents it: "This test creates an
// AWSPENDING version of the secret and then removes it."

import { randomUUID } from 'node:crypto';
import type { SecretChange, SecretRecord, SecretVersionRecord } from '../../store/secrets.js';
import type { Scope } from '../../store/scope.js';
import type { Store } from '../../store/store.js';
import type { RotationFunctions, RotationReport, RotationStep } from '../rotation-functions.js';
import { nextRotationAfter } from './rotation-schedule.js';
import { CURRENT } from './stages.js';

export interface RotationDeps {
  store: Store;
  functions: RotationFunctions;
  now: () => Date;
  scope: Scope;
}

export interface RotationJob {
  /** The secret's name and ARN as the rotation was started on it: a secret created again under the name is another. */
  name: string;
  arn: string;
  /** The rotation's version: its ClientRequestToken. */
  versionId: string;
  functionArn: string;
  mode: 'rotate' | 'test';
}

const STEPS: readonly RotationStep[] = ['createSecret', 'setSecret', 'testSecret', 'finishSecret'];
/** Enough for any realistic contention on one secret; past it the run reports a failure. */
const MAX_ATTEMPTS = 20;

/** Starts `job` in the background (false when a rotation of the secret already runs in this process). */
export function startRotation(deps: RotationDeps, job: RotationJob): boolean {
  return deps.functions.start(job.arn, () => runRotation(deps, job));
}

export async function runRotation(deps: RotationDeps, job: RotationJob): Promise<RotationReport> {
  const report = (outcome: RotationReport['outcome'], extra: Partial<RotationReport> = {}): RotationReport => ({ secretArn: job.arn, versionId: job.versionId, outcome, ...extra });
  if (job.mode === 'test') return testConfiguration(deps, job, report);
  // Passed on to the function, which may give it to its Secrets Manager calls (AWS sends one too).
  const rotationToken = randomUUID();
  for (const step of STEPS) {
    const secret = await current(deps, job);
    if (!secret) return report('gone', { step, message: 'the secret was deleted' });
    if (!secret.rotation.enabled) return report('cancelled', { step, message: 'rotation was turned off' });
    if (secret.deletedDate !== null) return report('cancelled', { step, message: 'the secret is scheduled for deletion' });
    const outcome = await deps.functions.invoke(deps.scope, job.functionArn, { SecretId: job.arn, ClientRequestToken: job.versionId, Step: step, RotationToken: rotationToken });
    if (!outcome.ok) return report('failed', { step, message: outcome.message });
  }
  return recordRotation(deps, job, report);
}

async function current(deps: RotationDeps, job: RotationJob): Promise<SecretRecord | undefined> {
  const secret = await deps.store.secrets.get(deps.scope, job.name);
  return secret?.arn === job.arn ? secret : undefined;
}

/** Once finishSecret succeeded: the version must be AWSCURRENT; then the dates move, as AWS's do. */
async function recordRotation(deps: RotationDeps, job: RotationJob, report: (o: RotationReport['outcome'], e?: Partial<RotationReport>) => RotationReport): Promise<RotationReport> {
  const outcome = await rewrite(deps, job, (secret, versions) => {
    if (!versions.find((v) => v.versionId === job.versionId)?.stages.includes(CURRENT)) return 'not-current';
    const now = deps.now();
    return { patch: { rotation: { ...secret.rotation, lastRotatedDate: now, nextRotationDate: secret.rotation.enabled ? nextRotationAfter(secret.rotation, now) : null } } };
  });
  if (outcome === 'written') return report('rotated');
  if (outcome === 'gone') return report('gone', { message: 'the secret was deleted' });
  return report('failed', { step: 'finishSecret', message: `the function's finishSecret succeeded but did not make version ${job.versionId} AWSCURRENT` });
}

async function testConfiguration(deps: RotationDeps, job: RotationJob, report: (o: RotationReport['outcome'], e?: Partial<RotationReport>) => RotationReport): Promise<RotationReport> {
  const outcome = await deps.functions.invoke(deps.scope, job.functionArn, { SecretId: job.arn, ClientRequestToken: job.versionId, Step: 'testSecret' });
  // The test's version goes whatever the test said, unless something made it AWSCURRENT meanwhile.
  await rewrite(deps, job, (_secret, versions) => {
    const version = versions.find((v) => v.versionId === job.versionId);
    return version && !version.stages.includes(CURRENT) ? { removeVersions: [job.versionId] } : 'unchanged';
  });
  return outcome.ok ? report('tested') : report('tested', { step: 'testSecret', message: outcome.message });
}

type Decision = SecretChange | 'unchanged' | 'not-current';

/** Decides on the secret as it is and writes conditionally, deciding again after a conflict. */
async function rewrite(deps: RotationDeps, job: RotationJob, decide: (secret: SecretRecord, versions: SecretVersionRecord[]) => Decision): Promise<'written' | 'unchanged' | 'not-current' | 'gone'> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
    const secret = await current(deps, job);
    if (!secret) return 'gone';
    const decision = decide(secret, await deps.store.secrets.versions(deps.scope, job.name));
    if (decision === 'unchanged' || decision === 'not-current') return decision;
    const outcome = await deps.store.secrets.change(deps.scope, job.name, secret, decision);
    if (outcome === 'written') return 'written';
    if (outcome === 'not-found') return 'gone';
  }
  throw new Error(`secret ${job.arn} kept changing while its rotation was recorded: gave up after ${MAX_ATTEMPTS} attempts`);
}

