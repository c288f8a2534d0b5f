// Versions and staging labels through PutSecretValue, UpdateSecret and UpdateSecretVersionStage:
// the label moves AWS makes (the sequences LocalStack recorded against AWS), idempotent retries,
// deprecated versions and their pruning.

import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { createHarness, rejectsWith, token, type Harness } from './testing/context.js';

let h: Harness;
beforeEach(async () => {
  h = createHarness();
  await h.call('CreateSecret', { Name: 's', SecretString: 'S0', ClientRequestToken: token(1) });
});
afterEach(() => h.close());

const put = (n: number, value: string, stages?: string[]) =>
  h.call('PutSecretValue', { SecretId: 's', SecretString: value, ClientRequestToken: token(n), ...(stages ? { VersionStages: stages } : {}) });
const move = (stage: string, from?: number, to?: number) =>
  h.call('UpdateSecretVersionStage', { SecretId: 's', VersionStage: stage, ...(from ? { RemoveFromVersionId: token(from) } : {}), ...(to ? { MoveToVersionId: token(to) } : {}) });
const listed = async () => {
  const versions = (await h.call('ListSecretVersionIds', { SecretId: 's' }))['Versions'] as Array<{ VersionId: string; VersionStages: string[] }>;
  return Object.fromEntries(versions.map((v) => [v.VersionId, v.VersionStages]));
};

describe('PutSecretValue and UpdateSecret', () => {
  it('moves AWSCURRENT to the new version and AWSPREVIOUS to the one it left; the older one is deprecated', async () => {
    const out = await put(2, 'S1');
    assert.deepEqual(out['VersionStages'], ['AWSCURRENT']);
    assert.deepEqual(await listed(), { [token(1)]: ['AWSPREVIOUS'], [token(2)]: ['AWSCURRENT'] });
    await h.call('UpdateSecret', { SecretId: 's', SecretString: 'S2', ClientRequestToken: token(3) });
    assert.deepEqual(await listed(), { [token(2)]: ['AWSPREVIOUS'], [token(3)]: ['AWSCURRENT'] });
    assert.deepEqual(await h.stages('s'), { [token(1)]: [], [token(2)]: ['AWSPREVIOUS'], [token(3)]: ['AWSCURRENT'] });
    // A deprecated version is still readable by id.
    assert.equal(await h.value('s', { VersionId: token(1) }), 'S0');
  });

  it('moves only the labels asked for; a version left with none is deprecated, one keeping some stays', async () => {
    await put(2, 'S1', ['one', 'two', 'three']);
    await put(3, 'S2', ['one', 'two', 'four']);
    assert.deepEqual(await listed(), { [token(1)]: ['AWSCURRENT'], [token(2)]: ['three'], [token(3)]: ['four', 'one', 'two'] });
    await put(4, 'S3', ['three']);
    assert.deepEqual(await listed(), { [token(1)]: ['AWSCURRENT'], [token(3)]: ['four', 'one', 'two'], [token(4)]: ['three'] });
  });

  it('drops AWSPENDING from the old current version when it held both (a finished rotation)', async () => {
    await put(2, 'S1', ['AWSPENDING']);
    await move('AWSCURRENT', 1, 2);
    assert.deepEqual(await listed(), { [token(1)]: ['AWSPREVIOUS'], [token(2)]: ['AWSCURRENT', 'AWSPENDING'] });
    await put(3, 'S2');
    assert.deepEqual(await listed(), { [token(2)]: ['AWSPREVIOUS'], [token(3)]: ['AWSCURRENT'] });
  });

  it('moves AWSPENDING from the current version to a new pending one, leaving AWSCURRENT', async () => {
    await put(2, 'S1', ['AWSPENDING', 'PUT1']);
    await move('AWSCURRENT', 1, 2);
    await put(3, 'S2', ['AWSPENDING', 'PUT2']);
    assert.deepEqual(await listed(), { [token(1)]: ['AWSPREVIOUS'], [token(2)]: ['AWSCURRENT', 'PUT1'], [token(3)]: ['AWSPENDING', 'PUT2'] });
  });

  it('makes a first version AWSCURRENT whatever it is labelled', async () => {
    await h.call('CreateSecret', { Name: 'empty' });
    const out = await h.call('PutSecretValue', { SecretId: 'empty', SecretString: 'v', ClientRequestToken: token(5), VersionStages: ['custom'] });
    assert.deepEqual(out['VersionStages'], ['AWSCURRENT', 'custom']);
  });

  it('is idempotent on the token: same value → same version, no change; other value → ResourceExistsException', async () => {
    await put(2, 'S1');
    const again = await put(2, 'S1');
    assert.equal(again['VersionId'], token(2));
    assert.deepEqual(await listed(), { [token(1)]: ['AWSPREVIOUS'], [token(2)]: ['AWSCURRENT'] });
    await rejectsWith(put(2, 'other'), 'ResourceExistsException');
    await rejectsWith(h.call('UpdateSecret', { SecretId: 's', SecretString: 'other', ClientRequestToken: token(2) }), 'ResourceExistsException');
  });

  it('refuses a value-less put, both kinds, and a put without a token', async () => {
    await rejectsWith(h.call('PutSecretValue', { SecretId: 's', ClientRequestToken: token(2) }), 'InvalidRequestException', 'You must provide either SecretString or SecretBinary.');
    await rejectsWith(h.call('PutSecretValue', { SecretId: 's', SecretString: 'a', SecretBinary: Buffer.from('b'), ClientRequestToken: token(2) }), 'InvalidParameterException');
    await rejectsWith(h.call('PutSecretValue', { SecretId: 's', SecretString: 'a' }), 'InvalidRequestException');
  });

  it('UpdateSecret without a value changes metadata only and answers without VersionId', async () => {
    const out = await h.call('UpdateSecret', { SecretId: 's', Description: 'new' });
    assert.deepEqual(Object.keys(out).sort(), ['ARN', 'Name']);
    assert.equal((await h.call('DescribeSecret', { SecretId: 's' }))['Description'], 'new');
    assert.deepEqual(await listed(), { [token(1)]: ['AWSCURRENT'] });
  });
});

describe('UpdateSecretVersionStage', () => {
  it('moves AWSCURRENT, putting AWSPREVIOUS on the version it left and keeping custom labels', async () => {
    await put(2, 'S1', ['AWSPENDING', 'AWSSOMETHING', 'PUT1']);
    const out = await move('AWSCURRENT', 1, 2);
    assert.deepEqual(Object.keys(out).sort(), ['ARN', 'Name']);
    assert.deepEqual(await listed(), { [token(1)]: ['AWSPREVIOUS'], [token(2)]: ['AWSCURRENT', 'AWSPENDING', 'AWSSOMETHING', 'PUT1'] });
    await put(3, 'S2', ['AWSPENDING', 'PUT2']);
    await move('AWSCURRENT', 2, 3);
    assert.deepEqual(await listed(), { [token(2)]: ['AWSPREVIOUS', 'AWSSOMETHING', 'PUT1'], [token(3)]: ['AWSCURRENT', 'AWSPENDING', 'PUT2'] });
  });

  it('refuses a label held elsewhere without RemoveFromVersionId, a wrong RemoveFromVersionId, an unknown version, and removing AWSCURRENT', async () => {
    await put(2, 'S1', ['AWSPENDING']);
    await rejectsWith(move('AWSCURRENT', undefined, 2), 'InvalidParameterException', /RemoveFromVersionId can't be empty/);
    await rejectsWith(move('AWSCURRENT', 2, 1), 'InvalidParameterException');
    await rejectsWith(move('AWSCURRENT', 1, 9), 'InvalidParameterException');
    await rejectsWith(move('AWSCURRENT', 1), 'InvalidParameterException');
    assert.deepEqual(await listed(), { [token(1)]: ['AWSCURRENT'], [token(2)]: ['AWSPENDING'] });
  });

  it('adds a new label, and removes a custom one outright', async () => {
    await move('mine', undefined, 1);
    assert.deepEqual(await listed(), { [token(1)]: ['AWSCURRENT', 'mine'] });
    await move('mine', 1);
    assert.deepEqual(await listed(), { [token(1)]: ['AWSCURRENT'] });
  });

  it('refuses more than 20 labels across the versions', async () => {
    for (let i = 0; i < 19; i += 1) await move(`L${i}`, undefined, 1);
    await rejectsWith(move('L19', undefined, 1), 'LimitExceededException');
  });
});

describe('deprecated versions', () => {
  it('are pruned past 100 versions, oldest first, but never one less than a day old', async () => {
    for (let n = 2; n <= 101; n += 1) await put(n, `S${n}`);
    assert.equal(Object.keys(await h.stages('s')).length, 101, 'a day has not passed: nothing pruned');
    h.clock.now = new Date(h.clock.now.getTime() + 25 * 60 * 60 * 1000);
    await put(102, 'S102');
    const all = await h.stages('s');
    assert.equal(Object.keys(all).length, 100);
    assert.equal(all[token(1)], undefined);
    assert.equal(all[token(2)], undefined);
    assert.deepEqual(all[token(3)], []);
    assert.deepEqual(all[token(102)], ['AWSCURRENT']);
  });
});
