// Deletion and restore: the recovery window (7–30 days, 30 by default), what a secret scheduled for
// deletion refuses and with which text, RestoreSecret, ForceDeleteWithoutRecovery, and the lazy end
// of the window (the first request after it finds the secret gone, and removes it).

import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { createHarness, rejectsWith, token, type Harness } from './testing/context.js';

let h: Harness;
let arn: string;
beforeEach(async () => {
  h = createHarness();
  arn = await h.create('doomed', 'v');
});
afterEach(() => h.close());

const DAY = 86_400_000;
const MARKED = "You can't perform this operation on the secret because it was marked for deletion.";

describe('DeleteSecret', () => {
  it('schedules the deletion 30 days ahead by default, or after the window asked for', async () => {
    const out = await h.call('DeleteSecret', { SecretId: 'doomed' });
    assert.deepEqual(out, { ARN: arn, Name: 'doomed', DeletionDate: new Date(h.clock.now.getTime() + 30 * DAY) });
    await h.create('short', 'v');
    const short = await h.call('DeleteSecret', { SecretId: 'short', RecoveryWindowInDays: 7 });
    assert.deepEqual(short['DeletionDate'], new Date(h.clock.now.getTime() + 7 * DAY));
  });

  it('refuses a window outside 7–30 days, and a window with ForceDeleteWithoutRecovery', async () => {
    for (const days of [6, 31, 0]) {
      await rejectsWith(h.call('DeleteSecret', { SecretId: 'doomed', RecoveryWindowInDays: days }), 'InvalidParameterException', 'The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).');
    }
    await rejectsWith(
      h.call('DeleteSecret', { SecretId: 'doomed', RecoveryWindowInDays: 7, ForceDeleteWithoutRecovery: true }),
      'InvalidParameterException',
      "You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.",
    );
  });

  it('while scheduled: refuses reads and writes of the value and labels, describes with DeletedDate, refuses a second schedule', async () => {
    await h.call('DeleteSecret', { SecretId: 'doomed' });
    await rejectsWith(h.value('doomed'), 'InvalidRequestException', MARKED);
    await rejectsWith(h.call('PutSecretValue', { SecretId: 'doomed', SecretString: 'w', ClientRequestToken: token(2) }), 'InvalidRequestException', MARKED);
    await rejectsWith(h.call('UpdateSecret', { SecretId: 'doomed', Description: 'd' }), 'InvalidRequestException', MARKED);
    await rejectsWith(h.call('UpdateSecretVersionStage', { SecretId: 'doomed', VersionStage: 'x', MoveToVersionId: token(1) }), 'InvalidRequestException', MARKED);
    const described = await h.call('DescribeSecret', { SecretId: 'doomed' });
    assert.deepEqual(described['DeletedDate'], h.clock.now);
    await rejectsWith(h.call('DeleteSecret', { SecretId: 'doomed' }), 'InvalidRequestException', "You tried to perform the operation on a secret that's currently marked deleted.");
  });

  it('RestoreSecret cancels the deletion', async () => {
    await h.call('DeleteSecret', { SecretId: 'doomed' });
    assert.deepEqual(await h.call('RestoreSecret', { SecretId: 'doomed' }), { ARN: arn, Name: 'doomed' });
    assert.equal(await h.value('doomed'), 'v');
    assert.equal((await h.call('DescribeSecret', { SecretId: 'doomed' }))['DeletedDate'], undefined);
  });

  it('ends the window lazily: afterwards the secret is gone for every request, and its name free', async () => {
    await h.call('DeleteSecret', { SecretId: 'doomed', RecoveryWindowInDays: 7 });
    h.clock.now = new Date(h.clock.now.getTime() + 7 * DAY - 1);
    await rejectsWith(h.value('doomed'), 'InvalidRequestException', MARKED);
    h.clock.now = new Date(h.clock.now.getTime() + 1);
    await rejectsWith(h.call('DescribeSecret', { SecretId: arn }), 'ResourceNotFoundException');
    await rejectsWith(h.call('RestoreSecret', { SecretId: 'doomed' }), 'ResourceNotFoundException');
    assert.equal(await h.ctx.store.secrets.get({ accountId: h.ctx.accountId, region: h.ctx.region }, 'doomed'), undefined, 'removed from the store');
    const again = await h.create('doomed', 'new');
    assert.notEqual(again, arn);
  });

  it('lets CreateSecret take the name of a secret whose window has ended without anything else meeting it first', async () => {
    await h.call('DeleteSecret', { SecretId: 'doomed', RecoveryWindowInDays: 7 });
    h.clock.now = new Date(h.clock.now.getTime() + 8 * DAY);
    await h.create('doomed', 'new');
    assert.equal(await h.value('doomed'), 'new');
  });

  it('ForceDeleteWithoutRecovery deletes at once, a scheduled secret included; a missing one succeeds', async () => {
    const out = await h.call('DeleteSecret', { SecretId: 'doomed', ForceDeleteWithoutRecovery: true });
    assert.deepEqual(out, { ARN: arn, Name: 'doomed', DeletionDate: h.clock.now });
    await rejectsWith(h.value('doomed'), 'ResourceNotFoundException');
    await h.create('sched', 'v');
    await h.call('DeleteSecret', { SecretId: 'sched' });
    await h.call('DeleteSecret', { SecretId: 'sched', ForceDeleteWithoutRecovery: true });
    await rejectsWith(h.call('DescribeSecret', { SecretId: 'sched' }), 'ResourceNotFoundException');
    const missing = await h.call('DeleteSecret', { SecretId: 'never-was', ForceDeleteWithoutRecovery: true });
    assert.equal(missing['Name'], 'never-was');
  });
});

describe('ListSecrets and deletion', () => {
  it('lists a scheduled secret only with IncludePlannedDeletion, and an expired one never', async () => {
    await h.create('kept', 'v');
    await h.call('DeleteSecret', { SecretId: 'doomed', RecoveryWindowInDays: 7 });
    const names = async (extra: Record<string, unknown> = {}) => ((await h.call('ListSecrets', extra))['SecretList'] as Array<{ Name: string }>).map((s) => s.Name);
    assert.deepEqual(await names(), ['kept']);
    assert.deepEqual(await names({ IncludePlannedDeletion: true }), ['doomed', 'kept']);
    h.clock.now = new Date(h.clock.now.getTime() + 8 * DAY);
    assert.deepEqual(await names({ IncludePlannedDeletion: true }), ['kept']);
  });
});
