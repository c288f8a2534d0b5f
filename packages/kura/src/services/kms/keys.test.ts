import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { ACCOUNT, ADMIN, createTestHarness, keyArnOf, REGION, rejectsWith, type TestHarness } from './testing/context.js';

let h: TestHarness;
beforeEach(() => {
  h = createTestHarness();
});
afterEach(() => h.close());

describe('CreateKey and DescribeKey', () => {
  it('creates a symmetric key and returns the full KeyMetadata', async () => {
    const out = await h.call('CreateKey', { Description: 'test key 123' });
    const md = out['KeyMetadata'] as Record<string, unknown>;
    const keyId = md['KeyId'] as string;
    assert.match(keyId, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.match(md['CurrentKeyMaterialId'] as string, /^[0-9a-f]{64}$/);
    assert.deepEqual(
      { ...md, CurrentKeyMaterialId: 'x' },
      {
        AWSAccountId: ACCOUNT,
        KeyId: keyId,
        Arn: keyArnOf(keyId),
        CreationDate: new Date('2024-05-01T12:00:00.000Z'),
        Enabled: true,
        Description: 'test key 123',
        KeyUsage: 'ENCRYPT_DECRYPT',
        KeyState: 'Enabled',
        Origin: 'AWS_KMS',
        KeyManager: 'CUSTOMER',
        CustomerMasterKeySpec: 'SYMMETRIC_DEFAULT',
        KeySpec: 'SYMMETRIC_DEFAULT',
        EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'],
        MultiRegion: false,
        CurrentKeyMaterialId: 'x',
      },
    );
    const described = await h.call('DescribeKey', { KeyId: keyId });
    assert.deepEqual(described['KeyMetadata'], md);
  });

  it('describes a key by key id, key ARN, alias name and alias ARN', async () => {
    const keyId = await h.createKey();
    await h.call('CreateAlias', { AliasName: 'alias/app', TargetKeyId: keyId });
    for (const ref of [keyId, keyArnOf(keyId), 'alias/app', `arn:aws:kms:${REGION}:${ACCOUNT}:alias/app`]) {
      const out = await h.call('DescribeKey', { KeyId: ref });
      assert.equal((out['KeyMetadata'] as { KeyId: string }).KeyId, keyId, ref);
    }
  });

  it('creates the AWS managed alias/aws/ssm key on first DescribeKey, once', async () => {
    const first = (await h.call('DescribeKey', { KeyId: 'alias/aws/ssm' }))['KeyMetadata'] as Record<string, unknown>;
    const again = (await h.call('DescribeKey', { KeyId: 'alias/aws/ssm' }))['KeyMetadata'] as Record<string, unknown>;
    assert.equal(first['KeyId'], again['KeyId']);
    assert.equal(first['KeyManager'], 'AWS');
    assert.equal(first['Description'], 'Default master key that protects my SSM parameters when no other key is defined');
  });

  it('answers an unknown key id with NotFoundException naming the key ARN', async () => {
    const missing = '11111111-2222-4333-8444-555555555555';
    await rejectsWith(h.call('DescribeKey', { KeyId: missing }), 'NotFoundException', `Key '${keyArnOf(missing)}' does not exist`);
  });

  it('answers a malformed key id with NotFoundException "Invalid keyId"', async () => {
    await rejectsWith(h.call('DescribeKey', { KeyId: 'fake-key-id' }), 'NotFoundException', "Invalid keyId 'fake-key-id'");
  });

  it('answers an unknown alias with NotFoundException naming the alias ARN', async () => {
    await rejectsWith(h.call('DescribeKey', { KeyId: 'alias/nope' }), 'NotFoundException', `Alias arn:aws:kms:${REGION}:${ACCOUNT}:alias/nope is not found.`);
  });

  it('answers a key ARN of another region with "Invalid arn <region>"', async () => {
    const keyId = await h.createKey();
    await rejectsWith(h.call('DescribeKey', { KeyId: `arn:aws:kms:eu-west-1:${ACCOUNT}:key/${keyId}` }), 'NotFoundException', 'Invalid arn eu-west-1');
  });

  it('refuses key specs, origins and multi-Region keys it does not implement', async () => {
    await rejectsWith(h.call('CreateKey', { KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' }), 'UnsupportedOperationException');
    await rejectsWith(
      h.call('CreateKey', { KeySpec: 'HMAC_256' }),
      'ValidationException',
      'You must specify a KeyUsage value for all KMS keys except for symmetric encryption keys.',
    );
    await rejectsWith(h.call('CreateKey', { Origin: 'EXTERNAL' }), 'UnsupportedOperationException');
    await rejectsWith(h.call('CreateKey', { MultiRegion: true }), 'UnsupportedOperationException');
    await rejectsWith(h.call('CreateKey', { KeyUsage: 'SIGN_VERIFY' }), 'ValidationException');
  });

  it('stores the default key policy delegating to the account', async () => {
    const keyId = await h.createKey();
    const policy = JSON.parse((await h.call('GetKeyPolicy', { KeyId: keyId }))['Policy'] as string) as { Statement: unknown[] };
    assert.deepEqual(policy.Statement, [
      { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' },
    ]);
  });
});

describe('ListKeys', () => {
  it('pages through every key with Limit and an opaque NextMarker', async () => {
    const ids = [];
    for (let i = 0; i < 5; i += 1) ids.push(await h.createKey());
    const seen: string[] = [];
    let marker: string | undefined;
    let pages = 0;
    do {
      const out = await h.call('ListKeys', { Limit: 2, ...(marker ? { Marker: marker } : {}) });
      const keys = out['Keys'] as Array<{ KeyId: string; KeyArn: string }>;
      for (const k of keys) {
        assert.equal(k.KeyArn, keyArnOf(k.KeyId));
        seen.push(k.KeyId);
      }
      marker = out['NextMarker'] as string | undefined;
      assert.equal(out['Truncated'], marker !== undefined);
      pages += 1;
    } while (marker);
    assert.equal(pages, 3);
    assert.deepEqual(seen, [...ids].sort());
  });

  it('answers a forged marker with InvalidMarkerException', async () => {
    await rejectsWith(h.call('ListKeys', { Marker: 'not-a-marker' }), 'InvalidMarkerException');
  });

  it('refuses a marker issued to another caller', async () => {
    for (let i = 0; i < 3; i += 1) await h.createKey();
    const marker = (await h.call('ListKeys', { Limit: 1 }))['NextMarker'];
    const other = { ...ADMIN, arn: `arn:aws:iam::${ACCOUNT}:user/other` };
    await rejectsWith(h.call('ListKeys', { Marker: marker }, { principal: other }), 'InvalidMarkerException');
  });
});

describe('UpdateKeyDescription, EnableKey, DisableKey', () => {
  it('updates the description', async () => {
    const keyId = await h.createKey({ Description: 'old' });
    await h.call('UpdateKeyDescription', { KeyId: keyArnOf(keyId), Description: 'new' });
    assert.equal(((await h.call('DescribeKey', { KeyId: keyId }))['KeyMetadata'] as { Description: string }).Description, 'new');
  });

  it('disables and enables a key, reflected in KeyState and Enabled', async () => {
    const keyId = await h.createKey();
    await h.call('DisableKey', { KeyId: keyId });
    let md = (await h.call('DescribeKey', { KeyId: keyId }))['KeyMetadata'] as { KeyState: string; Enabled: boolean };
    assert.deepEqual([md.KeyState, md.Enabled], ['Disabled', false]);
    await h.call('DisableKey', { KeyId: keyId });
    await h.call('EnableKey', { KeyId: keyId });
    md = (await h.call('DescribeKey', { KeyId: keyId }))['KeyMetadata'] as { KeyState: string; Enabled: boolean };
    assert.deepEqual([md.KeyState, md.Enabled], ['Enabled', true]);
  });

  it('accepts only a key id or key ARN for key management operations', async () => {
    const keyId = await h.createKey();
    await h.call('CreateAlias', { AliasName: 'alias/app', TargetKeyId: keyId });
    await rejectsWith(h.call('DisableKey', { KeyId: 'alias/app' }), 'NotFoundException', "Invalid keyId 'alias/app'");
  });

  it('refuses to disable an AWS managed key, as its key policy does', async () => {
    const md = (await h.call('DescribeKey', { KeyId: 'alias/aws/ssm' }))['KeyMetadata'] as { KeyId: string; Arn: string };
    await rejectsWith(
      h.call('DisableKey', { KeyId: md.KeyId }),
      'AccessDeniedException',
      `User: ${ADMIN.arn} is not authorized to perform: kms:DisableKey on resource: ${md.Arn} because no resource-based policy allows the kms:DisableKey action`,
    );
    await rejectsWith(h.call('UpdateKeyDescription', { KeyId: md.KeyId, Description: 'x' }), 'AccessDeniedException');
  });
});
