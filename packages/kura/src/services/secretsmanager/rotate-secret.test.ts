// RotateSecret and CancelRotateSecret in process, with a fake rotation function doing what AWS's
// generic rotation template does: the checks and errors, what a rotation in flight looks like,
// the four steps in order with AWS's event, and the labels and dates a finished rotation leaves.

import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { OperationContext } from '../context.js';
import { ALICE, callerOverrides, createHarness, policyOf, rejectsWith, token, type Harness } from './testing/context.js';
import { createFakeRotation, templateWork, type FakeRotation } from './testing/fake-rotation.js';

const FN = 'arn:aws:lambda:us-east-1:123456789012:function:rotate-app';
const OTHER_FN = 'arn:aws:lambda:us-east-1:123456789012:function:not-registered';
const DAY_RULES = { AutomaticallyAfterDays: 1 };

let h: Harness;
let fake: FakeRotation;
const sm = (operation: string, input: Record<string, unknown>, overrides: Partial<OperationContext> = {}) => h.call(operation, input, { rotation: fake, ...overrides });
const stagesOf = async (id: string) => (await sm('DescribeSecret', { SecretId: id }))['VersionIdsToStages'] as Record<string, string[]>;

beforeEach(() => {
  h = createHarness();
  fake = createFakeRotation([FN], templateWork((operation, input) => h.call(operation, input)));
});
afterEach(() => h.close());

describe('RotateSecret', () => {
  it('answers once the rotation has started: AWSPENDING on the token with no value, rotation configured', async () => {
    const arn = await h.create('app/db', 'first');
    const out = await sm('RotateSecret', { SecretId: 'app/db', RotationLambdaARN: FN, RotationRules: DAY_RULES, ClientRequestToken: token('r1') });
    assert.deepEqual(out, { ARN: arn, Name: 'app/db', VersionId: token('r1') });
    const described = await sm('DescribeSecret', { SecretId: 'app/db' });
    assert.equal(described['RotationEnabled'], true);
    assert.equal(described['RotationLambdaARN'], FN);
    assert.deepEqual(described['RotationRules'], DAY_RULES);
    // Counted from the rotation's start until it finishes: the end of tomorrow's window, 23:59:59 UTC.
    assert.deepEqual(described['NextRotationDate'], new Date('2024-05-02T23:59:59.000Z'));
    assert.equal(described['LastRotatedDate'], undefined);
    assert.deepEqual((described['VersionIdsToStages'] as Record<string, string[]>)[token('r1')], ['AWSPENDING']);
    // The templates' createSecret hears "no value yet" for the token, by id and by label.
    await rejectsWith(sm('GetSecretValue', { SecretId: 'app/db', VersionId: token('r1'), VersionStage: 'AWSPENDING' }), 'ResourceNotFoundException', `Secrets Manager can't find the specified secret value for VersionId: ${token('r1')}`);
    await rejectsWith(sm('GetSecretValue', { SecretId: 'app/db', VersionStage: 'AWSPENDING' }), 'ResourceNotFoundException', "Secrets Manager can't find the specified secret value for staging label: AWSPENDING");
    const listed = (await sm('ListSecretVersionIds', { SecretId: 'app/db' }))['Versions'] as Array<Record<string, unknown>>;
    assert.deepEqual(listed.find((v) => v['VersionId'] === token('r1'))?.['KmsKeyIds'], undefined, 'sealed under no key yet');
    assert.equal(await h.value('app/db'), 'first', 'AWSCURRENT untouched while the rotation runs');
    assert.equal(fake.running(arn), true);
    assert.deepEqual(fake.invocations, [], 'nothing invoked before the request answered');
  });

  it('invokes createSecret, setSecret, testSecret, finishSecret in order; then the version is AWSCURRENT and the dates move', async () => {
    const arn = await h.create('app/db', 'first', { ClientRequestToken: token('v1') });
    await sm('RotateSecret', { SecretId: 'app/db', RotationLambdaARN: FN, RotationRules: DAY_RULES, ClientRequestToken: token('r1') });
    h.clock.now = new Date('2024-05-01T12:05:00.000Z');
    await fake.drain();
    assert.deepEqual(fake.invocations.map((e) => e.Step), ['createSecret', 'setSecret', 'testSecret', 'finishSecret']);
    for (const event of fake.invocations) {
      assert.equal(event.SecretId, arn, 'the ARN, whatever the request named');
      assert.equal(event.ClientRequestToken, token('r1'));
      assert.match(event.RotationToken ?? '', /^[0-9a-f-]{36}$/);
    }
    assert.deepEqual(fake.reports, [{ secretArn: arn, versionId: token('r1'), outcome: 'rotated' }]);
    // AWS's recorded end state: AWSPENDING stays with AWSCURRENT on the new version.
    assert.deepEqual(await stagesOf('app/db'), { [token('v1')]: ['AWSPREVIOUS'], [token('r1')]: ['AWSCURRENT', 'AWSPENDING'] });
    assert.equal(await h.value('app/db'), `rotated-${token('r1')}`);
    const described = await sm('DescribeSecret', { SecretId: 'app/db' });
    assert.deepEqual(described['LastRotatedDate'], new Date('2024-05-01T12:05:00.000Z'));
    assert.deepEqual(described['NextRotationDate'], new Date('2024-05-02T23:59:59.000Z'));

    // The next rotation takes AWSPENDING from the version the last one left it on.
    await sm('RotateSecret', { SecretId: 'app/db', ClientRequestToken: token('r2') });
    assert.deepEqual(await stagesOf('app/db'), { [token('v1')]: ['AWSPREVIOUS'], [token('r1')]: ['AWSCURRENT'], [token('r2')]: ['AWSPENDING'] });
    await fake.drain();
    assert.deepEqual(await stagesOf('app/db'), { [token('r1')]: ['AWSPREVIOUS'], [token('r2')]: ['AWSCURRENT', 'AWSPENDING'] });
    // Asked again with a token whose rotation finished: the same answer, and nothing runs.
    assert.deepEqual((await sm('RotateSecret', { SecretId: 'app/db', ClientRequestToken: token('r2') }))['VersionId'], token('r2'));
    assert.equal(fake.running(arn), false);
  });

  it('refuses another rotation while one is in progress, and runs the same one again for its own token', async () => {
    await h.create('app/db', 'first', { ClientRequestToken: token('v1') });
    await sm('RotateSecret', { SecretId: 'app/db', RotationLambdaARN: FN, ClientRequestToken: token('r1') });
    await rejectsWith(sm('RotateSecret', { SecretId: 'app/db', ClientRequestToken: token('r2') }), 'InvalidRequestException', "A previous rotation isn't complete. That rotation will be reattempted.");
    await rejectsWith(sm('RotateSecret', { SecretId: 'app/db', ClientRequestToken: token('r2'), RotateImmediately: false }), 'InvalidRequestException', /previous rotation isn't complete/);
    // setSecret fails: the run stops there, AWSPENDING keeps the new value, AWSCURRENT stays.
    const template = fake.work;
    fake.work = async (event) => (event.Step === 'setSecret' ? { ok: false, message: 'exited with code 1' } : template(event));
    await fake.drain();
    assert.deepEqual(fake.reports.at(-1), { secretArn: fake.reports.at(-1)?.secretArn, versionId: token('r1'), outcome: 'failed', step: 'setSecret', message: 'exited with code 1' });
    assert.deepEqual(await stagesOf('app/db'), { [token('v1')]: ['AWSCURRENT'], [token('r1')]: ['AWSPENDING'] });
    assert.equal(await h.value('app/db'), 'first');
    assert.equal(await h.value('app/db', { VersionStage: 'AWSPENDING' }), `rotated-${token('r1')}`);
    assert.equal((await sm('DescribeSecret', { SecretId: 'app/db' }))['LastRotatedDate'], undefined);
    await rejectsWith(sm('RotateSecret', { SecretId: 'app/db', ClientRequestToken: token('r3') }), 'InvalidRequestException', /previous rotation isn't complete/);
    // Fixed, and asked again with the pending version's token: the rotation runs again and finishes.
    fake.work = template;
    fake.invocations.length = 0;
    assert.equal((await sm('RotateSecret', { SecretId: 'app/db', ClientRequestToken: token('r1') }))['VersionId'], token('r1'));
    await fake.drain();
    assert.deepEqual(fake.invocations.map((e) => e.Step), ['createSecret', 'setSecret', 'testSecret', 'finishSecret']);
    assert.deepEqual(await stagesOf('app/db'), { [token('v1')]: ['AWSPREVIOUS'], [token('r1')]: ['AWSCURRENT', 'AWSPENDING'] });
    assert.equal(await h.value('app/db'), `rotated-${token('r1')}`, 'the value createSecret put the first time');
  });

  it('with RotateImmediately=false runs testSecret on a pending version that then goes, and waits for the schedule', async () => {
    await h.create('app/db', 'first', { ClientRequestToken: token('v1') });
    await sm('RotateSecret', { SecretId: 'app/db', RotationLambdaARN: FN, RotationRules: { ScheduleExpression: 'rate(10 days)', Duration: '3h' }, RotateImmediately: false, ClientRequestToken: token('t1') });
    assert.deepEqual((await stagesOf('app/db'))[token('t1')], ['AWSPENDING']);
    await fake.drain();
    assert.deepEqual(fake.invocations.map((e) => [e.Step, e.ClientRequestToken]), [['testSecret', token('t1')]]);
    assert.equal(fake.reports[0]?.outcome, 'tested');
    assert.deepEqual(await h.stages('app/db'), { [token('v1')]: ['AWSCURRENT'] }, 'the test version is gone');
    const described = await sm('DescribeSecret', { SecretId: 'app/db' });
    assert.equal(described['RotationEnabled'], true);
    assert.deepEqual(described['RotationRules'], { ScheduleExpression: 'rate(10 days)', Duration: '3h' });
    assert.deepEqual(described['NextRotationDate'], new Date('2024-05-11T02:59:59.000Z'), 'midnight ten days on, a 3 h window');
  });

  it("refuses what AWS refuses, before configuring anything", async () => {
    await h.create('app/db', 'first');
    const refused = async (promise: Promise<unknown>, code: string, message: string | RegExp) => {
      await rejectsWith(promise, code, message);
      const described = await sm('DescribeSecret', { SecretId: 'app/db' });
      assert.equal(described['RotationEnabled'], undefined, `${code}: nothing configured`);
    };
    await refused(sm('RotateSecret', { SecretId: 'app/db', ClientRequestToken: token(1) }), 'InvalidRequestException', /doesn't already have a Lambda function ARN configured/);
    await refused(sm('RotateSecret', { SecretId: 'app/db', RotationLambdaARN: FN }), 'InvalidParameterException', 'You must provide a ClientRequestToken value. We recommend a UUID-type value.');
    const cannot = 'Secrets Manager cannot invoke the specified Lambda function. Ensure that the function policy grants access to the principal secretsmanager.amazonaws.com.';
    await refused(sm('RotateSecret', { SecretId: 'app/db', RotationLambdaARN: OTHER_FN, ClientRequestToken: token(1) }), 'AccessDeniedException', cannot);
    await refused(h.call('RotateSecret', { SecretId: 'app/db', RotationLambdaARN: FN, ClientRequestToken: token(1) }), 'AccessDeniedException', cannot);
    await refused(sm('RotateSecret', { SecretId: 'app/db', RotationLambdaARN: FN, ClientRequestToken: token(1), RotationRules: { AutomaticallyAfterDays: 1, ScheduleExpression: 'rate(1 days)' } }), 'InvalidParameterException', /both rotation frequency and schedule expression/);
    await refused(sm('RotateSecret', { SecretId: 'app/db', RotationLambdaARN: FN, ClientRequestToken: token(1), RotationRules: { ScheduleExpression: 'rate(2 hours)' } }), 'InvalidParameterException', /at most every four hours/);
    await refused(sm('RotateSecret', { SecretId: 'app/db', RotationLambdaARN: FN, ClientRequestToken: token(1), ExternalSecretRotationRoleArn: 'arn:aws:iam::123456789012:role/x' }), 'InvalidParameterException', /managed external secrets/);
    // The caller needs lambda:InvokeFunction on the function as well as secretsmanager:RotateSecret.
    const onlySecrets = callerOverrides(ALICE, [policyOf({ Effect: 'Allow', Action: 'secretsmanager:*', Resource: '*' })]);
    await refused(sm('RotateSecret', { SecretId: 'app/db', RotationLambdaARN: FN, ClientRequestToken: token(1) }, onlySecrets), 'AccessDeniedException', /not authorized to perform: lambda:InvokeFunction on resource: arn:aws:lambda:us-east-1:123456789012:function:rotate-app/);
    await rejectsWith(sm('RotateSecret', { SecretId: 'app/missing', RotationLambdaARN: FN, ClientRequestToken: token(1) }), 'ResourceNotFoundException');
    await sm('DeleteSecret', { SecretId: 'app/db' });
    await rejectsWith(sm('RotateSecret', { SecretId: 'app/db', RotationLambdaARN: FN, ClientRequestToken: token(1) }), 'InvalidRequestException', "You tried to perform the operation on a secret that's currently marked deleted.");
    assert.deepEqual(fake.invocations, []);
  });
});

describe('CancelRotateSecret', () => {
  it('turns rotation off, answers the version in progress, and stops the run before its next step', async () => {
    const arn = await h.create('app/db', 'first', { ClientRequestToken: token('v1') });
    await rejectsWith(sm('CancelRotateSecret', { SecretId: 'app/db' }), 'InvalidRequestException', /doesn't already have a Lambda function ARN configured/);
    await sm('RotateSecret', { SecretId: 'app/db', RotationLambdaARN: FN, RotationRules: DAY_RULES, ClientRequestToken: token('r1') });
    assert.deepEqual(await sm('CancelRotateSecret', { SecretId: 'app/db' }), { ARN: arn, Name: 'app/db', VersionId: token('r1') });
    await fake.drain();
    assert.deepEqual(fake.invocations, []);
    assert.equal(fake.reports[0]?.outcome, 'cancelled');
    const described = await sm('DescribeSecret', { SecretId: 'app/db' });
    assert.equal(described['RotationEnabled'], false);
    assert.equal(described['NextRotationDate'], undefined);
    assert.equal(described['RotationLambdaARN'], FN, 'kept: a bare RotateSecret turns rotation on again');
    assert.deepEqual(described['RotationRules'], DAY_RULES);
    // The labels stay as AWS leaves them: the pending version blocks rotation until it is cleaned up.
    await rejectsWith(sm('RotateSecret', { SecretId: 'app/db', ClientRequestToken: token('r2') }), 'InvalidRequestException', /previous rotation isn't complete/);
    await sm('UpdateSecretVersionStage', { SecretId: 'app/db', VersionStage: 'AWSPENDING', RemoveFromVersionId: token('r1') });
    assert.deepEqual(await sm('CancelRotateSecret', { SecretId: 'app/db' }), { ARN: arn, Name: 'app/db' });
    await sm('RotateSecret', { SecretId: 'app/db', ClientRequestToken: token('r2') });
    await fake.drain();
    assert.equal(await h.value('app/db'), `rotated-${token('r2')}`);
    await sm('DeleteSecret', { SecretId: 'app/db' });
    await rejectsWith(sm('CancelRotateSecret', { SecretId: 'app/db' }), 'InvalidRequestException', "You tried to perform the operation on a secret that's currently marked deleted.");
  });
});
