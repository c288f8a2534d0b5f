import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { aliasArnOf, createTestHarness, keyArnOf, rejectsWith, type TestHarness } from './testing/context.js';

let h: TestHarness;
beforeEach(() => {
  h = createTestHarness();
});
afterEach(() => h.close());

type AliasOut = { AliasName: string; AliasArn: string; TargetKeyId?: string; CreationDate?: Date; LastUpdatedDate?: Date };
const aliasesOf = async (input: Record<string, unknown> = {}) => (await h.call('ListAliases', input))['Aliases'] as AliasOut[];

describe('CreateAlias, UpdateAlias, DeleteAlias', () => {
  it('creates an alias usable wherever a key is', async () => {
    const keyId = await h.createKey();
    await h.call('CreateAlias', { AliasName: 'alias/app', TargetKeyId: keyArnOf(keyId) });
    const listed = (await aliasesOf()).find((a) => a.AliasName === 'alias/app');
    assert.deepEqual(listed, {
      AliasName: 'alias/app',
      AliasArn: aliasArnOf('alias/app'),
      TargetKeyId: keyId,
      CreationDate: h.clock.now,
      LastUpdatedDate: h.clock.now,
    });
    await h.call('Encrypt', { KeyId: 'alias/app', Plaintext: Buffer.from('x') });
  });

  it('refuses a name without the alias/ prefix', async () => {
    const keyId = await h.createKey();
    await rejectsWith(
      h.call('CreateAlias', { AliasName: 'app', TargetKeyId: keyId }),
      'ValidationException',
      'Alias must start with the prefix "alias/". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html',
    );
  });

  it('refuses a colon in the name', async () => {
    const keyId = await h.createKey();
    await rejectsWith(
      h.call('CreateAlias', { AliasName: 'alias/Service:Test', TargetKeyId: keyId }),
      'ValidationException',
      'alias/Service:Test contains invalid characters for an alias',
    );
  });

  it('reserves alias/aws/ for AWS', async () => {
    const keyId = await h.createKey();
    await rejectsWith(h.call('CreateAlias', { AliasName: 'alias/aws/mine', TargetKeyId: keyId }), 'NotAuthorizedException');
    await rejectsWith(h.call('DeleteAlias', { AliasName: 'alias/aws/ssm' }), 'NotAuthorizedException');
  });

  it('refuses an alias that exists, naming its ARN', async () => {
    const keyId = await h.createKey();
    await h.call('CreateAlias', { AliasName: 'alias/app', TargetKeyId: keyId });
    await rejectsWith(
      h.call('CreateAlias', { AliasName: 'alias/app', TargetKeyId: keyId }),
      'AlreadyExistsException',
      `An alias with the name ${aliasArnOf('alias/app')} already exists`,
    );
  });

  it('refuses an alias as the target', async () => {
    const keyId = await h.createKey();
    await h.call('CreateAlias', { AliasName: 'alias/app', TargetKeyId: keyId });
    await rejectsWith(h.call('CreateAlias', { AliasName: 'alias/two', TargetKeyId: 'alias/app' }), 'ValidationException', 'Aliases must refer to keys. Not aliases');
  });

  it('refuses an unknown target key', async () => {
    const missing = '22222222-3333-4444-8555-666666666666';
    await rejectsWith(h.call('CreateAlias', { AliasName: 'alias/app', TargetKeyId: missing }), 'NotFoundException', `Key '${keyArnOf(missing)}' does not exist`);
  });

  it('refuses an AWS managed key as the target', async () => {
    const managed = ((await h.call('DescribeKey', { KeyId: 'alias/aws/ssm' }))['KeyMetadata'] as { KeyId: string }).KeyId;
    await rejectsWith(h.call('CreateAlias', { AliasName: 'alias/mine', TargetKeyId: managed }), 'AccessDeniedException');
  });

  it('points an alias at another key and records when', async () => {
    const first = await h.createKey();
    const second = await h.createKey();
    await h.call('CreateAlias', { AliasName: 'alias/app', TargetKeyId: first });
    h.advanceDays(1);
    await h.call('UpdateAlias', { AliasName: 'alias/app', TargetKeyId: second });
    const listed = (await aliasesOf()).find((a) => a.AliasName === 'alias/app');
    assert.equal(listed?.TargetKeyId, second);
    assert.deepEqual(listed?.LastUpdatedDate, h.clock.now);
    assert.notDeepEqual(listed?.CreationDate, h.clock.now);
  });

  it('answers UpdateAlias and DeleteAlias of an unknown alias with NotFoundException', async () => {
    const keyId = await h.createKey();
    const text = `Alias ${aliasArnOf('alias/nope')} is not found.`;
    await rejectsWith(h.call('UpdateAlias', { AliasName: 'alias/nope', TargetKeyId: keyId }), 'NotFoundException', text);
    await rejectsWith(h.call('DeleteAlias', { AliasName: 'alias/nope' }), 'NotFoundException', text);
  });

  it('deletes an alias and leaves the key', async () => {
    const keyId = await h.createKey();
    await h.call('CreateAlias', { AliasName: 'alias/app', TargetKeyId: keyId });
    await h.call('DeleteAlias', { AliasName: 'alias/app' });
    await rejectsWith(h.call('DescribeKey', { KeyId: 'alias/app' }), 'NotFoundException');
    await h.call('DescribeKey', { KeyId: keyId });
  });
});

describe('ListAliases', () => {
  it('lists the AWS managed aliases without a target before their key exists, and with one after', async () => {
    assert.deepEqual(await aliasesOf(), [
      { AliasName: 'alias/aws/secretsmanager', AliasArn: aliasArnOf('alias/aws/secretsmanager') },
      { AliasName: 'alias/aws/ssm', AliasArn: aliasArnOf('alias/aws/ssm') },
    ]);
    const managed = ((await h.call('DescribeKey', { KeyId: 'alias/aws/ssm' }))['KeyMetadata'] as { KeyId: string }).KeyId;
    assert.equal((await aliasesOf())[1]?.TargetKeyId, managed);
    assert.equal((await aliasesOf())[0]?.TargetKeyId, undefined);
  });

  it('lists only the aliases of one key when KeyId is given', async () => {
    const a = await h.createKey();
    const b = await h.createKey();
    await h.call('CreateAlias', { AliasName: 'alias/a1', TargetKeyId: a });
    await h.call('CreateAlias', { AliasName: 'alias/a2', TargetKeyId: a });
    await h.call('CreateAlias', { AliasName: 'alias/b1', TargetKeyId: b });
    assert.deepEqual((await aliasesOf({ KeyId: keyArnOf(a) })).map((x) => x.AliasName), ['alias/a1', 'alias/a2']);
  });

  it('pages by name, fitting the predefined alias in order', async () => {
    const keyId = await h.createKey();
    for (const name of ['alias/a', 'alias/b', 'alias/z1', 'alias/z2']) await h.call('CreateAlias', { AliasName: name, TargetKeyId: keyId });
    const names: string[] = [];
    let marker: string | undefined;
    do {
      const out = await h.call('ListAliases', { Limit: 2, ...(marker ? { Marker: marker } : {}) });
      names.push(...(out['Aliases'] as AliasOut[]).map((a) => a.AliasName));
      marker = out['NextMarker'] as string | undefined;
    } while (marker);
    assert.deepEqual(names, ['alias/a', 'alias/aws/secretsmanager', 'alias/aws/ssm', 'alias/b', 'alias/z1', 'alias/z2']);
  });

  it('answers a forged marker with InvalidMarkerException', async () => {
    await rejectsWith(h.call('ListAliases', { Marker: 'forged' }), 'InvalidMarkerException');
  });
});
