// RotationFunctions for handler tests: known function ARNs, every invocation recorded, and each
// step's work done by a function the test gives, by default AWS's generic rotation template
// (SecretsManagerRotationTemplate) through the operations as the test calls them: createSecret
// puts a new value as AWSPENDING for the token unless it has one, finishSecret moves AWSCURRENT.
// Started rotations wait until the test runs them (`drain`), so what a rotation in flight looks
// like can be asserted before it goes on.

import { ServiceError } from '../../../wire/errors.js';
import type { RotationFunctions, RotationReport, RotationStepEvent, RotationStepOutcome } from '../../rotation-functions.js';

type Call = (operation: string, input: Record<string, unknown>) => Promise<Record<string, unknown>>;
export type StepWork = (event: RotationStepEvent) => Promise<RotationStepOutcome>;

export interface FakeRotation extends RotationFunctions {
  invocations: RotationStepEvent[];
  reports: RotationReport[];
  /** Replaces what steps do (for a failing step, say). */
  work: StepWork;
  /** Runs every rotation started so far (and those they start) to the end. */
  drain(): Promise<void>;
}

export function createFakeRotation(known: readonly string[], work: StepWork, maxRotationMs = 5 * 60_000): FakeRotation {
  const queued = new Map<string, () => Promise<RotationReport>>();
  const fake: FakeRotation = {
    invocations: [],
    reports: [],
    work,
    maxRotationMs,
    canInvoke: (_scope, functionArn) => known.includes(functionArn),
    async invoke(_scope, functionArn, event) {
      fake.invocations.push(event);
      if (!known.includes(functionArn)) return { ok: false, message: `Function not found: ${functionArn}` };
      return fake.work(event);
    },
    start(secretArn, rotation) {
      if (queued.has(secretArn)) return false;
      queued.set(secretArn, rotation);
      return true;
    },
    running: (secretArn) => queued.has(secretArn),
    async drain() {
      while (queued.size > 0) {
        const [arn, rotation] = queued.entries().next().value as [string, () => Promise<RotationReport>];
        try {
          fake.reports.push(await rotation());
        } finally {
          queued.delete(arn);
        }
      }
    },
  };
  return fake;
}

/** AWS's generic rotation template's steps, as a function with the caller's rights would do them. */
export function templateWork(call: Call, newValue: (token: string) => string = (token) => `rotated-${token}`): StepWork {
  return async (event) => {
    const { SecretId: arn, ClientRequestToken: token, Step: step } = event;
    const described = await call('DescribeSecret', { SecretId: arn });
    if (described['RotationEnabled'] !== true) return { ok: false, message: `Secret ${arn} is not enabled for rotation` };
    const stages = (described['VersionIdsToStages'] as Record<string, string[]> | undefined)?.[token];
    if (!stages) return { ok: false, message: `Secret version ${token} has no stage for rotation of secret ${arn}.` };
    if (stages.includes('AWSCURRENT')) return { ok: true };
    if (!stages.includes('AWSPENDING')) return { ok: false, message: `Secret version ${token} not set as AWSPENDING for rotation of secret ${arn}.` };
    if (step === 'createSecret') {
      await call('GetSecretValue', { SecretId: arn, VersionStage: 'AWSCURRENT' });
      try {
        await call('GetSecretValue', { SecretId: arn, VersionId: token, VersionStage: 'AWSPENDING' });
      } catch (error) {
        if (!(error instanceof ServiceError) || error.code !== 'ResourceNotFoundException') throw error;
        await call('PutSecretValue', { SecretId: arn, ClientRequestToken: token, SecretString: newValue(token), VersionStages: ['AWSPENDING'] });
      }
    } else if (step === 'finishSecret') {
      const versions = (await call('DescribeSecret', { SecretId: arn }))['VersionIdsToStages'] as Record<string, string[]>;
      const current = Object.entries(versions).find(([, s]) => s.includes('AWSCURRENT'))?.[0];
      if (current !== token) await call('UpdateSecretVersionStage', { SecretId: arn, VersionStage: 'AWSCURRENT', MoveToVersionId: token, RemoveFromVersionId: current });
    }
    return { ok: true };
  };
}
