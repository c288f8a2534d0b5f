// The scheduler's work on one secret (scheduled-rotation.ts): a rotation started when its window
// has opened and not before, a failed one retried with its version once no run can still hold it
// and at most once per retry period, a recovery window ended; and a manual new value counting as a
// rotation for the next date, as AWS counts it.

import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { OperationContext } from '../context.js';
import { purgeIfDue, rotateIfDue, RETRY_EVERY_MS } from './scheduled-rotation.js';
import { ACCOUNT, REGION, createHarness, token, type Harness } from './testing/context.js';
import { createFakeRotation, templateWork, type FakeRotation } from './testing/fake-rotation.js';

const FN = 'arn:aws:lambda:us-east-1:123456789012:function:rotate-app';
const SCOPE = { accountId: ACCOUNT, region: REGION };
const MAX_ROTATION_MS = 5 * 60_000;

let h: Harness;
let fake: FakeRotation;
const sm = (operation: string, input: Record<string, unknown>) => h.call(operation, input, { rotation: fake } as Partial<OperationContext>);
const deps = () => ({ store: h.store, functions: fake, now: () => new Date(h.clock.now.getTime()) });
const due = (name: string) => ({ scope: SCOPE, name });
const at = (iso: string) => (h.clock.now = new Date(iso));
const stagesOf = async (id: string) => (await sm('DescribeSecret', { SecretId: id }))['VersionIdsToStages'] as Record<string, string[]>;

beforeEach(() => {
  h = createHarness();
  fake = createFakeRotation([FN], templateWork((operation, input) => h.call(operation, input)), MAX_ROTATION_MS);
});
afterEach(() => h.close());

/** app/db, rotated every day, never rotated yet: its first window is tomorrow (2024-05-02, UTC). */
async function scheduled(): Promise<void> {
  await h.create('app/db', 'first', { ClientRequestToken: token('v1') });
  await sm('RotateSecret', { SecretId: 'app/db', RotationLambdaARN: FN, RotationRules: { AutomaticallyAfterDays: 1 }, RotateImmediately: false, ClientRequestToken: token('t') });
  await fake.drain();
  fake.invocations.length = 0;
}

describe('scheduled rotation', () => {
  it('starts when the window opens, with a new version, and the next window counts from its end', async () => {
    await scheduled();
    at('2024-05-01T23:59:00.000Z');
    assert.equal(await rotateIfDue(deps(), due('app/db')), 'not-due');
    at('2024-05-02T00:00:30.000Z');
    assert.equal(await rotateIfDue(deps(), due('app/db')), 'started');
    const pending = Object.entries(await stagesOf('app/db')).find(([, s]) => s.includes('AWSPENDING'))?.[0] ?? '';
    assert.match(pending, /^[0-9a-f-]{36}$/);
    assert.equal(await rotateIfDue(deps(), due('app/db')), 'busy', 'running here');
    await fake.drain();
    assert.deepEqual(fake.invocations.map((e) => [e.Step, e.ClientRequestToken]), ['createSecret', 'setSecret', 'testSecret', 'finishSecret'].map((s) => [s, pending]));
    assert.deepEqual((await stagesOf('app/db'))[pending], ['AWSCURRENT', 'AWSPENDING']);
    const described = await sm('DescribeSecret', { SecretId: 'app/db' });
    assert.deepEqual(described['LastRotatedDate'], new Date('2024-05-02T00:00:30.000Z'));
    assert.deepEqual(described['NextRotationDate'], new Date('2024-05-03T23:59:59.000Z'));
    assert.equal(await rotateIfDue(deps(), due('app/db')), 'not-due');
  });

  it('retries a failed rotation with its version, once no run can still hold it, once per period', async () => {
    await scheduled();
    const template = fake.work;
    fake.work = async (event) => (event.Step === 'testSecret' ? { ok: false, message: 'exited with code 1' } : template(event));
    at('2024-05-02T01:00:00.000Z');
    assert.equal(await rotateIfDue(deps(), due('app/db')), 'started');
    await fake.drain();
    assert.equal(fake.reports.at(-1)?.outcome, 'failed');
    const pending = Object.entries(await stagesOf('app/db')).find(([, s]) => s.includes('AWSPENDING') && !s.includes('AWSCURRENT'))?.[0];
    assert.ok(pending);
    assert.deepEqual((await sm('DescribeSecret', { SecretId: 'app/db' }))['NextRotationDate'], new Date('2024-05-02T23:59:59.000Z'), 'unchanged until a rotation succeeds');
    at('2024-05-02T01:04:00.000Z');
    assert.equal(await rotateIfDue(deps(), due('app/db')), 'busy', 'its first run could still be going on another replica');
    fake.work = template;
    fake.invocations.length = 0;
    at('2024-05-02T01:06:00.000Z');
    assert.equal(await rotateIfDue(deps(), due('app/db')), 'retried');
    await fake.drain();
    assert.deepEqual(new Set(fake.invocations.map((e) => e.ClientRequestToken)), new Set([pending]));
    assert.deepEqual((await stagesOf('app/db'))[pending], ['AWSCURRENT', 'AWSPENDING']);

    // A failure again: the next retry waits for the retry period, whichever replica asks.
    fake.work = async () => ({ ok: false, message: 'exited with code 1' });
    at('2024-05-04T00:10:00.000Z');
    assert.equal(await rotateIfDue(deps(), due('app/db')), 'started');
    await fake.drain();
    at('2024-05-04T00:16:00.000Z');
    assert.equal(await rotateIfDue(deps(), due('app/db')), 'retried');
    await fake.drain();
    at(new Date(Date.parse('2024-05-04T00:16:00.000Z') + RETRY_EVERY_MS - 60_000).toISOString());
    assert.equal(await rotateIfDue(deps(), due('app/db')), 'busy');
    at(new Date(Date.parse('2024-05-04T00:16:00.000Z') + RETRY_EVERY_MS).toISOString());
    assert.equal(await rotateIfDue(deps(), due('app/db')), 'retried');
  });

  it('does not start again a rotation finished on another replica whose dates are not recorded yet', async () => {
    await scheduled();
    const template = fake.work;
    // finishSecret makes the version AWSCURRENT, and the run stops before it records the dates: what
    // another replica's scheduler sees between that replica's finishSecret and its record.
    fake.work = async (event) => {
      const done = await template(event);
      return event.Step === 'finishSecret' ? { ok: false, message: 'stopped before recording' } : done;
    };
    at('2024-05-02T00:00:30.000Z');
    assert.equal(await rotateIfDue(deps(), due('app/db')), 'started');
    await fake.drain();
    const finished = Object.entries(await stagesOf('app/db')).find(([, s]) => s.includes('AWSPENDING'))?.[0] ?? '';
    assert.deepEqual((await stagesOf('app/db'))[finished], ['AWSCURRENT', 'AWSPENDING']);
    fake.work = template;
    at('2024-05-02T00:01:30.000Z');
    assert.equal(await rotateIfDue(deps(), due('app/db')), 'busy', 'the window only looks open');
    at(new Date(Date.parse('2024-05-02T00:00:30.000Z') + MAX_ROTATION_MS + 1000).toISOString());
    assert.equal(await rotateIfDue(deps(), due('app/db')), 'started', 'no record came: the window is open after all');
  });

  it('leaves alone a secret whose rotation is off, or that is scheduled for deletion', async () => {
    await scheduled();
    at('2024-05-03T00:00:00.000Z');
    await sm('CancelRotateSecret', { SecretId: 'app/db' });
    assert.equal(await rotateIfDue(deps(), due('app/db')), 'not-due');
    await sm('RotateSecret', { SecretId: 'app/db', RotateImmediately: false, ClientRequestToken: token('t2') });
    await fake.drain();
    await sm('DeleteSecret', { SecretId: 'app/db' });
    at('2024-05-09T00:00:00.000Z');
    assert.equal(await rotateIfDue(deps(), due('app/db')), 'not-due');
    assert.equal(await rotateIfDue(deps(), due('app/none')), 'not-due');
  });

  it('counts a new AWSCURRENT value as a rotation for the next date, as AWS does', async () => {
    await scheduled();
    at('2024-05-05T10:00:00.000Z');
    await sm('PutSecretValue', { SecretId: 'app/db', SecretString: 'by hand', ClientRequestToken: token('p1') });
    assert.deepEqual((await sm('DescribeSecret', { SecretId: 'app/db' }))['NextRotationDate'], new Date('2024-05-06T23:59:59.000Z'));
    await sm('PutSecretValue', { SecretId: 'app/db', SecretString: 'staged', ClientRequestToken: token('p2'), VersionStages: ['STAGED'] });
    assert.deepEqual((await sm('DescribeSecret', { SecretId: 'app/db' }))['NextRotationDate'], new Date('2024-05-06T23:59:59.000Z'), 'not for another label');
  });
});

describe('end of the recovery window', () => {
  it('deletes a secret whose window has ended, and only then', async () => {
    await h.create('app/old', 'v');
    await sm('DeleteSecret', { SecretId: 'app/old', RecoveryWindowInDays: 7 });
    assert.equal(await purgeIfDue(h.store, due('app/old'), new Date('2024-05-08T11:59:59.000Z')), false);
    assert.ok(await h.store.secrets.get(SCOPE, 'app/old'));
    assert.equal(await purgeIfDue(h.store, due('app/old'), new Date('2024-05-08T12:00:00.000Z')), true);
    assert.equal(await h.store.secrets.get(SCOPE, 'app/old'), undefined);
    assert.equal(await purgeIfDue(h.store, due('app/old'), new Date('2024-05-08T12:00:00.000Z')), false);
  });
});
