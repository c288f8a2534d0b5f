// Applying a secret's rotation from the seed, through RotateSecret with the server's rotation
// functions (a fake here, doing AWS's template steps): turned on without rotating (testSecret only),
// a second apply that writes nothing, a changed schedule corrected, rotateImmediately only for a
// secret just created, a rotated value the seed does not put back, a rotation in progress left, and
// the rotations of the start held until the server listens.

import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import { createFakeRotation, templateWork, type FakeRotation } from '../services/secretsmanager/testing/fake-rotation.js';
import { holdRotations } from './seed-rotations.js';
import { ACCOUNT, seedWorld, type SeedWorld } from './testing/seed-kit.js';

const R = 'us-east-1';
const FN = `arn:aws:lambda:${R}:${ACCOUNT}:function:rotator`;
const secret = (rotation: string) => `secretsmanager:\n  secrets:\n    - name: app/db\n      value: first\n${rotation === '' ? '' : `      rotation: ${rotation}\n`}`;
const MONTHLY = secret(`{function: "arn:\${AWS::Partition}:lambda:\${AWS::Region}:\${AWS::AccountId}:function:rotator", automaticallyAfterDays: 30}`);

async function world(): Promise<{ world: SeedWorld; fake: FakeRotation }> {
  const fake = createFakeRotation([FN], async () => ({ ok: true }));
  const w = await seedWorld({ rotation: { functions: fake, names: ['rotator'] } });
  fake.work = templateWork((operation, input) => w.api.call('secretsmanager', operation, input, R));
  return { world: w, fake };
}

interface Described {
  RotationEnabled?: boolean;
  RotationLambdaARN?: string;
  RotationRules?: Record<string, unknown>;
  VersionIdsToStages?: Record<string, string[]>;
}
const describeSecret = async (w: SeedWorld) => (await w.api.call('secretsmanager', 'DescribeSecret', { SecretId: 'app/db' }, R)) as Described;
const current = async (w: SeedWorld) => (await w.api.call('secretsmanager', 'GetSecretValue', { SecretId: 'app/db' }, R)).SecretString;
const writes = (w: SeedWorld) => w.events.filter((e) => e.readOnly === false).map((e) => e.eventName);
const steps = (fake: FakeRotation) => fake.invocations.map((i) => i.Step);
/** Every version's stages: AWSCURRENT alone on one version means no rotation left anything behind. */
const stages = async (w: SeedWorld) => Object.values((await describeSecret(w)).VersionIdsToStages ?? {});

describe('applying a secret rotation', () => {
  test('turned on at creation without rotating: testSecret only, AWSCURRENT unchanged; a second apply writes nothing', async () => {
    const { world: w, fake } = await world();
    assert.deepEqual(await w.apply({ 'a.yaml': MONTHLY }), ['seed: secret app/db: created', 'seed: secret app/db: rotation turned on']);
    assert.ok(w.events.some((e) => e.eventName === 'RotateSecret' && e.userAgent === 'kura-seed' && e.errorCode === undefined));
    await fake.drain();
    assert.deepEqual(steps(fake), ['testSecret']);
    const described = await describeSecret(w);
    assert.deepEqual([described.RotationEnabled, described.RotationLambdaARN, described.RotationRules], [true, FN, { AutomaticallyAfterDays: 30 }]);
    assert.deepEqual(await stages(w), [['AWSCURRENT']], 'the test version is gone');
    assert.equal(await current(w), 'first');
    const before = writes(w).length;
    assert.deepEqual(await w.apply({ 'a.yaml': MONTHLY }), []);
    assert.equal(writes(w).length, before, 'no write on the second start');
    await fake.drain();
    assert.deepEqual(steps(fake), ['testSecret'], 'nothing rotated or tested again');
  });

  test('a changed schedule, and drift through the API, are corrected; a seed without rotation leaves it', async () => {
    const { world: w, fake } = await world();
    await w.apply({ 'a.yaml': MONTHLY });
    await fake.drain();
    const weekly = secret(`{function: ${FN}, scheduleExpression: rate(7 days), duration: 3h}`);
    assert.deepEqual(await w.apply({ 'a.yaml': weekly }), ['seed: secret app/db: rotation differs, updated']);
    await fake.drain();
    assert.deepEqual((await describeSecret(w)).RotationRules, { ScheduleExpression: 'rate(7 days)', Duration: '3h' });
    await w.api.call('secretsmanager', 'RotateSecret', { SecretId: 'app/db', ClientRequestToken: randomUUID(), RotationRules: { AutomaticallyAfterDays: 2 }, RotateImmediately: false }, R);
    await fake.drain();
    assert.deepEqual(await w.apply({ 'a.yaml': weekly }), ['seed: secret app/db: rotation differs, updated']);
    await fake.drain();
    assert.deepEqual((await describeSecret(w)).RotationRules, { ScheduleExpression: 'rate(7 days)', Duration: '3h' });
    assert.deepEqual(steps(fake), ['testSecret', 'testSecret', 'testSecret', 'testSecret'], 'never rotated');
    assert.equal(await current(w), 'first');
    assert.deepEqual(await w.apply({ 'a.yaml': secret('') }), [], 'the seed no longer names rotation: left as it is');
    assert.equal((await describeSecret(w)).RotationEnabled, true);
  });

  test('rotateImmediately rotates a secret the seed has just created, once; the rotated value is not put back', async () => {
    const { world: w, fake } = await world();
    const now = secret(`{function: ${FN}, automaticallyAfterDays: 30, rotateImmediately: true}`);
    assert.deepEqual(await w.apply({ 'a.yaml': now }), ['seed: secret app/db: created', 'seed: secret app/db: rotation turned on, rotating now']);
    await fake.drain();
    assert.deepEqual(steps(fake), ['createSecret', 'setSecret', 'testSecret', 'finishSecret']);
    const rotated = await current(w);
    assert.match(String(rotated), /^rotated-/);
    assert.deepEqual(await w.apply({ 'a.yaml': now }), [], "the function's value stays, and nothing rotates again");
    await fake.drain();
    assert.equal(fake.invocations.length, 4);
    assert.equal(await current(w), rotated);
  });

  test('rotateImmediately does not rotate a secret that already exists', async () => {
    const { world: w, fake } = await world();
    await w.apply({ 'a.yaml': secret('') });
    assert.deepEqual(await w.apply({ 'a.yaml': secret(`{function: ${FN}, automaticallyAfterDays: 30, rotateImmediately: true}`) }), ['seed: secret app/db: rotation turned on']);
    await fake.drain();
    assert.deepEqual(steps(fake), ['testSecret']);
    assert.equal(await current(w), 'first');
  });

  test('a rotation in progress (a failed run) is reported and left; nothing is written', async () => {
    const { world: w, fake } = await world();
    await w.apply({ 'a.yaml': MONTHLY });
    await fake.drain();
    fake.work = async () => ({ ok: false, message: 'rotator createSecret: exited with code 1' });
    const token = randomUUID();
    await w.api.call('secretsmanager', 'RotateSecret', { SecretId: 'app/db', ClientRequestToken: token }, R);
    await fake.drain();
    const before = writes(w).length;
    assert.deepEqual(await w.apply({ 'a.yaml': secret(`{function: ${FN}, automaticallyAfterDays: 7}`) }), [
      `seed: secret app/db: rotation differs; a rotation is in progress (AWSPENDING on version ${token}), left as it is`,
    ]);
    assert.equal(writes(w).length, before);
  });

  test('a function this server does not run is refused before anything is written', async () => {
    const { world: w } = await world();
    await assert.rejects(w.apply({ 'a.yaml': secret(`{function: "arn:aws:lambda:${R}:${ACCOUNT}:function:other", automaticallyAfterDays: 30}`) }), {
      message: /secretsmanager\.secrets\[0\]\.rotation\.function: secret app\/db: rotation function other is not registered on this server: register it with kura serve --rotation-function other=COMMAND/,
    });
    assert.deepEqual(w.events, []);
  });
});

describe("the start's rotations", () => {
  test('wait until the server listens, then start; later ones start at once', async () => {
    const fake = createFakeRotation([FN], async () => ({ ok: true }));
    const held = holdRotations(fake);
    const run = async () => ({ secretArn: 'a', versionId: 'v', outcome: 'tested' as const });
    assert.equal(held.start('a', run), true);
    assert.equal(held.start('a', run), false, 'one per secret');
    assert.equal(held.running('a'), true);
    assert.equal(fake.running('a'), false, 'not started yet');
    held.release();
    assert.equal(fake.running('a'), true);
    assert.equal(held.start('b', run), true);
    assert.equal(fake.running('b'), true);
    await fake.drain();
    assert.deepEqual(fake.reports.length, 2);
  });
});
