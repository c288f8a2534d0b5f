import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { parseBlob } from './ciphertext.js';
import { keyMaterialId } from './key-metadata.js';
import { ADMIN, createTestHarness, DAY_MS, keyArnOf, rejectsWith, utf8, type TestHarness } from './testing/context.js';

let h: TestHarness;
beforeEach(() => {
  h = createTestHarness();
});
afterEach(() => h.close());

const versionOf = (blob: unknown) => parseBlob(blob as Buffer)?.header.materialVersion;
const encrypt = async (keyId: string, text: string) => (await h.call('Encrypt', { KeyId: keyId, Plaintext: utf8(text) }))['CiphertextBlob'] as Buffer;
const decryptText = async (blob: Buffer) => ((await h.call('Decrypt', { CiphertextBlob: blob }))['Plaintext'] as Buffer).toString();

describe('automatic rotation', () => {
  it('is off for a new key and reports only that', async () => {
    const keyId = await h.createKey();
    assert.deepEqual(await h.call('GetKeyRotationStatus', { KeyId: keyId }), { KeyRotationEnabled: false, KeyId: keyId });
  });

  it('reports the period (default 365 days) and the next rotation date once enabled', async () => {
    const keyId = await h.createKey();
    await h.call('EnableKeyRotation', { KeyId: keyId });
    assert.deepEqual(await h.call('GetKeyRotationStatus', { KeyId: keyArnOf(keyId) }), {
      KeyRotationEnabled: true,
      KeyId: keyId,
      RotationPeriodInDays: 365,
      NextRotationDate: new Date(h.clock.now.getTime() + 365 * DAY_MS),
    });
    await h.call('EnableKeyRotation', { KeyId: keyId, RotationPeriodInDays: 90 });
    const status = await h.call('GetKeyRotationStatus', { KeyId: keyId });
    assert.equal(status['RotationPeriodInDays'], 90);
    assert.deepEqual(status['NextRotationDate'], new Date(h.clock.now.getTime() + 90 * DAY_MS));
  });

  it('rotates when the date passes: new blobs use new material, old blobs still decrypt, the key id stays', async () => {
    const keyId = await h.createKey();
    await h.call('EnableKeyRotation', { KeyId: keyId, RotationPeriodInDays: 90 });
    const before = await encrypt(keyId, 'old');
    h.advanceDays(91);
    const after = await encrypt(keyId, 'new');
    assert.deepEqual([versionOf(before), versionOf(after)], [1, 2]);
    assert.equal(await decryptText(before), 'old');
    assert.equal(await decryptText(after), 'new');
    const md = (await h.call('DescribeKey', { KeyId: keyId }))['KeyMetadata'] as { KeyId: string; CurrentKeyMaterialId: string };
    assert.equal(md.KeyId, keyId);
    assert.equal(md.CurrentKeyMaterialId, keyMaterialId(keyId, 2));
    const status = await h.call('GetKeyRotationStatus', { KeyId: keyId });
    assert.deepEqual(status['NextRotationDate'], new Date(Date.parse('2024-05-01T12:00:00.000Z') + 180 * DAY_MS));
  });

  it('rotates once for several missed periods, and not while the key is disabled', async () => {
    const keyId = await h.createKey();
    await h.call('EnableKeyRotation', { KeyId: keyId, RotationPeriodInDays: 90 });
    await h.call('DisableKey', { KeyId: keyId });
    h.advanceDays(400);
    await h.call('DescribeKey', { KeyId: keyId });
    assert.equal((await h.call('ListKeyRotations', { KeyId: keyId }))['Rotations'] instanceof Array, true);
    assert.deepEqual((await h.call('ListKeyRotations', { KeyId: keyId }))['Rotations'], []);
    await h.call('EnableKey', { KeyId: keyId });
    await h.call('DescribeKey', { KeyId: keyId });
    const rotations = (await h.call('ListKeyRotations', { KeyId: keyId }))['Rotations'] as Array<{ RotationType: string }>;
    assert.deepEqual(rotations.map((r) => r.RotationType), ['AUTOMATIC']);
  });

  it('stops when disabled', async () => {
    const keyId = await h.createKey();
    await h.call('EnableKeyRotation', { KeyId: keyId, RotationPeriodInDays: 90 });
    await h.call('DisableKeyRotation', { KeyId: keyId });
    h.advanceDays(100);
    assert.equal(versionOf(await encrypt(keyId, 'x')), 1);
    assert.deepEqual(await h.call('GetKeyRotationStatus', { KeyId: keyId }), { KeyRotationEnabled: false, KeyId: keyId });
  });

  it('cannot be changed on a disabled key: DisabledException', async () => {
    const keyId = await h.createKey();
    await h.call('DisableKey', { KeyId: keyId });
    await rejectsWith(h.call('EnableKeyRotation', { KeyId: keyId }), 'DisabledException', `${keyArnOf(keyId)} is disabled.`);
    await rejectsWith(h.call('DisableKeyRotation', { KeyId: keyId }), 'DisabledException', `${keyArnOf(keyId)} is disabled.`);
  });

  it('cannot be changed on an AWS managed key, whose policy forbids it', async () => {
    const md = (await h.call('DescribeKey', { KeyId: 'alias/aws/ssm' }))['KeyMetadata'] as { KeyId: string; Arn: string };
    const status = await h.call('GetKeyRotationStatus', { KeyId: md.KeyId });
    assert.equal(status['KeyRotationEnabled'], true);
    await rejectsWith(
      h.call('DisableKeyRotation', { KeyId: md.KeyId }),
      'AccessDeniedException',
      `User: ${ADMIN.arn} is not authorized to perform: kms:DisableKeyRotation on resource: ${md.Arn} because no resource-based policy allows the kms:DisableKeyRotation action`,
    );
    await rejectsWith(h.call('EnableKeyRotation', { KeyId: md.KeyId, RotationPeriodInDays: 90 }), 'AccessDeniedException');
    await rejectsWith(h.call('RotateKeyOnDemand', { KeyId: md.KeyId }), 'AccessDeniedException');
  });
});

describe('RotateKeyOnDemand and ListKeyRotations', () => {
  it('rotates now; ListKeyRotations lists the rotation, and the first material with ALL_KEY_MATERIAL', async () => {
    const keyId = await h.createKey();
    const before = await encrypt(keyId, 'old');
    assert.deepEqual(await h.call('RotateKeyOnDemand', { KeyId: keyId }), { KeyId: keyId });
    assert.equal(versionOf(await encrypt(keyId, 'new')), 2);
    assert.equal(await decryptText(before), 'old');
    assert.deepEqual((await h.call('ListKeyRotations', { KeyId: keyId }))['Rotations'], [
      { KeyId: keyId, KeyMaterialId: keyMaterialId(keyId, 2), KeyMaterialState: 'CURRENT', RotationDate: h.clock.now, RotationType: 'ON_DEMAND' },
    ]);
    const all = (await h.call('ListKeyRotations', { KeyId: keyId, IncludeKeyMaterial: 'ALL_KEY_MATERIAL' }))['Rotations'] as Array<Record<string, unknown>>;
    assert.deepEqual(all[0], { KeyId: keyId, KeyMaterialId: keyMaterialId(keyId, 1), KeyMaterialState: 'NON_CURRENT' });
    assert.equal(all.length, 2);
  });

  it('pages rotations with Limit and Marker', async () => {
    const keyId = await h.createKey();
    for (let i = 0; i < 3; i += 1) await h.call('RotateKeyOnDemand', { KeyId: keyId });
    const first = await h.call('ListKeyRotations', { KeyId: keyId, Limit: 2 });
    assert.equal((first['Rotations'] as unknown[]).length, 2);
    assert.equal(first['Truncated'], true);
    const second = await h.call('ListKeyRotations', { KeyId: keyId, Limit: 2, Marker: first['NextMarker'] });
    assert.deepEqual((second['Rotations'] as Array<{ KeyMaterialId: string }>).map((r) => r.KeyMaterialId), [keyMaterialId(keyId, 4)]);
    assert.equal(second['Truncated'], false);
  });

  it('allows 25 on-demand rotations per key, then LimitExceededException', async () => {
    const keyId = await h.createKey();
    for (let i = 0; i < 25; i += 1) await h.call('RotateKeyOnDemand', { KeyId: keyId });
    await rejectsWith(h.call('RotateKeyOnDemand', { KeyId: keyId }), 'LimitExceededException');
  });

  it('refuses a disabled key with DisabledException', async () => {
    const keyId = await h.createKey();
    await h.call('DisableKey', { KeyId: keyId });
    await rejectsWith(h.call('RotateKeyOnDemand', { KeyId: keyId }), 'DisabledException', `${keyArnOf(keyId)} is disabled.`);
  });
});

describe('the usage bound', () => {
  it('rotates to fresh material before a version is used past its bound, listed as AUTOMATIC', async () => {
    const bounded = createTestHarness({ materialUsageLimit: 2 });
    try {
      const keyId = await bounded.createKey();
      const blobs: Buffer[] = [];
      for (let i = 0; i < 5; i += 1) blobs.push((await bounded.call('Encrypt', { KeyId: keyId, Plaintext: utf8(`v${i}`) }))['CiphertextBlob'] as Buffer);
      assert.deepEqual(blobs.map(versionOf), [1, 1, 2, 2, 3]);
      for (const [i, blob] of blobs.entries()) {
        assert.equal(((await bounded.call('Decrypt', { CiphertextBlob: blob }))['Plaintext'] as Buffer).toString(), `v${i}`);
      }
      const rotations = (await bounded.call('ListKeyRotations', { KeyId: keyId }))['Rotations'] as Array<{ RotationType: string }>;
      assert.deepEqual(rotations.map((r) => r.RotationType), ['AUTOMATIC', 'AUTOMATIC']);
    } finally {
      await bounded.close();
    }
  });

  it('rotates once when many encryptions find the bound reached at the same time', async () => {
    const bounded = createTestHarness({ materialUsageLimit: 3 });
    try {
      const keyId = await bounded.createKey();
      const blobs = await Promise.all(
        Array.from({ length: 12 }, (_, i) => bounded.call('Encrypt', { KeyId: keyId, Plaintext: utf8(`v${i}`) })),
      );
      const versions = blobs.map((b) => versionOf(b['CiphertextBlob']) ?? 0);
      for (const v of new Set(versions)) assert.ok(versions.filter((x) => x === v).length <= 3, `version ${v} used more than 3 times`);
      for (const [i, b] of blobs.entries()) {
        assert.equal(((await bounded.call('Decrypt', { CiphertextBlob: b['CiphertextBlob'] }))['Plaintext'] as Buffer).toString(), `v${i}`);
      }
    } finally {
      await bounded.close();
    }
  });
});
