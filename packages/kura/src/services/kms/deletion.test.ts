import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { ADMIN, createTestHarness, DAY_MS, keyArnOf, rejectsWith, utf8, type TestHarness } from './testing/context.js';

let h: TestHarness;
beforeEach(() => {
  h = createTestHarness();
});
afterEach(() => h.close());

describe('ScheduleKeyDeletion and CancelKeyDeletion', () => {
  it('schedules deletion after the waiting period and reports it in the metadata', async () => {
    const keyId = await h.createKey();
    const out = await h.call('ScheduleKeyDeletion', { KeyId: keyId, PendingWindowInDays: 7 });
    assert.equal(out['KeyId'], keyArnOf(keyId));
    assert.equal(out['KeyState'], 'PendingDeletion');
    assert.equal(out['PendingWindowInDays'], 7);
    const deletionDate = out['DeletionDate'] as Date;
    assert.ok(Math.abs(deletionDate.getTime() - (h.clock.now.getTime() + 7 * DAY_MS)) < 1000);
    const md = (await h.call('DescribeKey', { KeyId: keyId }))['KeyMetadata'] as Record<string, unknown>;
    assert.equal(md['KeyState'], 'PendingDeletion');
    assert.equal(md['Enabled'], false);
    assert.deepEqual(md['DeletionDate'], deletionDate);
    assert.equal(md['PendingDeletionWindowInDays'], 7);
  });

  it('defaults the waiting period to 30 days', async () => {
    const keyId = await h.createKey();
    assert.equal((await h.call('ScheduleKeyDeletion', { KeyId: keyId }))['PendingWindowInDays'], 30);
  });

  for (const days of [6, 31]) {
    it(`refuses a waiting period of ${days} days with ValidationException`, async () => {
      const keyId = await h.createKey();
      await rejectsWith(h.call('ScheduleKeyDeletion', { KeyId: keyId, PendingWindowInDays: days }), 'ValidationException', 'PendingWindowInDays must be between 7 and 30');
    });
  }

  it('refuses to schedule a key that is already pending deletion', async () => {
    const keyId = await h.createKey();
    await h.call('ScheduleKeyDeletion', { KeyId: keyId });
    await rejectsWith(h.call('ScheduleKeyDeletion', { KeyId: keyId }), 'KMSInvalidStateException', `${keyArnOf(keyId)} is pending deletion.`);
  });

  it('cancels a deletion, leaving the key disabled', async () => {
    const keyId = await h.createKey();
    await h.call('ScheduleKeyDeletion', { KeyId: keyId });
    assert.deepEqual(await h.call('CancelKeyDeletion', { KeyId: keyId }), { KeyId: keyArnOf(keyId) });
    const md = (await h.call('DescribeKey', { KeyId: keyId }))['KeyMetadata'] as Record<string, unknown>;
    assert.equal(md['KeyState'], 'Disabled');
    assert.equal(md['DeletionDate'], undefined);
  });

  it('refuses to cancel the deletion of a key that is not pending deletion', async () => {
    const keyId = await h.createKey();
    await rejectsWith(h.call('CancelKeyDeletion', { KeyId: keyId }), 'KMSInvalidStateException', `${keyArnOf(keyId)} is not pending deletion.`);
  });

  it('refuses to delete an AWS managed key', async () => {
    const md = (await h.call('DescribeKey', { KeyId: 'alias/aws/ssm' }))['KeyMetadata'] as { KeyId: string; Arn: string };
    await rejectsWith(
      h.call('ScheduleKeyDeletion', { KeyId: md.KeyId }),
      'AccessDeniedException',
      `User: ${ADMIN.arn} is not authorized to perform: kms:ScheduleKeyDeletion on resource: ${md.Arn} because no resource-based policy allows the kms:ScheduleKeyDeletion action`,
    );
  });
});

describe('a key pending deletion', () => {
  it('cannot encrypt, decrypt, be enabled, disabled, described anew or tagged: KMSInvalidStateException', async () => {
    const keyId = await h.createKey();
    const blob = (await h.call('Encrypt', { KeyId: keyId, Plaintext: utf8('x') }))['CiphertextBlob'] as Buffer;
    await h.call('ScheduleKeyDeletion', { KeyId: keyId });
    const pending = `${keyArnOf(keyId)} is pending deletion.`;
    await rejectsWith(h.call('Encrypt', { KeyId: keyId, Plaintext: utf8('x') }), 'KMSInvalidStateException', pending);
    await rejectsWith(h.call('Decrypt', { CiphertextBlob: blob }), 'KMSInvalidStateException', pending);
    await rejectsWith(h.call('EnableKey', { KeyId: keyId }), 'KMSInvalidStateException', pending);
    await rejectsWith(h.call('DisableKey', { KeyId: keyId }), 'KMSInvalidStateException', pending);
    await rejectsWith(h.call('UpdateKeyDescription', { KeyId: keyId, Description: 'x' }), 'KMSInvalidStateException', pending);
    await rejectsWith(h.call('TagResource', { KeyId: keyId, Tags: [{ TagKey: 'a', TagValue: 'b' }] }), 'KMSInvalidStateException', pending);
    await rejectsWith(h.call('CreateAlias', { AliasName: 'alias/late', TargetKeyId: keyId }), 'KMSInvalidStateException', pending);
  });

  it('is gone when the waiting period ends: NotFoundException, its aliases and ciphertexts with it', async () => {
    const keyId = await h.createKey();
    await h.call('CreateAlias', { AliasName: 'alias/doomed', TargetKeyId: keyId });
    const blob = (await h.call('Encrypt', { KeyId: keyId, Plaintext: utf8('x') }))['CiphertextBlob'] as Buffer;
    await h.call('ScheduleKeyDeletion', { KeyId: keyId, PendingWindowInDays: 7 });
    h.advanceDays(6);
    await h.call('DescribeKey', { KeyId: keyId });
    h.advanceDays(1.01);
    await rejectsWith(h.call('DescribeKey', { KeyId: keyId }), 'NotFoundException', `Key '${keyArnOf(keyId)}' does not exist`);
    await rejectsWith(h.call('DescribeKey', { KeyId: 'alias/doomed' }), 'NotFoundException');
    await rejectsWith(h.call('Decrypt', { CiphertextBlob: blob }), 'AccessDeniedException');
    assert.equal(await h.store.keys.material({ accountId: h.ctx.accountId, region: h.ctx.region }, keyId, 1), undefined);
  });

  it('drops out of ListKeys and ListAliases once its deletion is due, without being touched first', async () => {
    const keep = await h.createKey();
    const doomed = await h.createKey();
    await h.call('CreateAlias', { AliasName: 'alias/doomed', TargetKeyId: doomed });
    await h.call('ScheduleKeyDeletion', { KeyId: doomed, PendingWindowInDays: 7 });
    h.advanceDays(8);
    const keys = (await h.call('ListKeys', {}))['Keys'] as Array<{ KeyId: string }>;
    assert.deepEqual(keys.map((k) => k.KeyId), [keep]);
    const aliases = (await h.call('ListAliases', {}))['Aliases'] as Array<{ AliasName: string }>;
    assert.deepEqual(aliases.map((a) => a.AliasName), ['alias/aws/secretsmanager', 'alias/aws/ssm']);
  });

  it('survives when its deletion is cancelled in time', async () => {
    const keyId = await h.createKey();
    await h.call('ScheduleKeyDeletion', { KeyId: keyId, PendingWindowInDays: 7 });
    h.advanceDays(6);
    await h.call('CancelKeyDeletion', { KeyId: keyId });
    h.advanceDays(30);
    await h.call('EnableKey', { KeyId: keyId });
    await h.call('Encrypt', { KeyId: keyId, Plaintext: utf8('x') });
  });
});
