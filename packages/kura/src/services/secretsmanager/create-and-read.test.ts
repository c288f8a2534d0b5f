// CreateSecret, GetSecretValue and DescribeSecret through the service's own authorization and
// handlers: names and ARNs, the three spellings of a SecretId, AWS's errors and texts, and what the
// responses leave out.

import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { ACCOUNT, REGION, createHarness, rejectsWith, token, type Harness } from './testing/context.js';

let h: Harness;
beforeEach(() => {
  h = createHarness();
});
afterEach(() => h.close());

const PREFIX = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:`;

describe('CreateSecret', () => {
  it('gives the secret an ARN of its name, a hyphen and six random letters or digits, and a first AWSCURRENT version', async () => {
    const out = await h.call('CreateSecret', { Name: 'prod/db', SecretString: '{"password":"pw"}', ClientRequestToken: token(1) });
    assert.match(out['ARN'] as string, new RegExp(`^${PREFIX}prod/db-[A-Za-z0-9]{6}$`));
    assert.deepEqual(Object.keys(out).sort(), ['ARN', 'Name', 'VersionId']);
    assert.equal(out['Name'], 'prod/db');
    assert.equal(out['VersionId'], token(1));
    assert.deepEqual(await h.stages('prod/db'), { [token(1)]: ['AWSCURRENT'] });
    assert.equal(await h.value('prod/db'), '{"password":"pw"}');
  });

  it('draws another suffix for a secret created again under the same name', async () => {
    const first = await h.create('app', 'v');
    await h.call('DeleteSecret', { SecretId: 'app', ForceDeleteWithoutRecovery: true });
    const second = await h.create('app', 'v');
    assert.notEqual(first, second);
    assert.equal(first.slice(0, -6), second.slice(0, -6));
  });

  it('creates a secret without a value: no VersionId, no versions', async () => {
    const out = await h.call('CreateSecret', { Name: 'empty' });
    assert.deepEqual(Object.keys(out).sort(), ['ARN', 'Name']);
    const described = await h.call('DescribeSecret', { SecretId: 'empty' });
    assert.equal(described['VersionIdsToStages'], undefined);
    await rejectsWith(h.call('GetSecretValue', { SecretId: 'empty' }), 'ResourceNotFoundException', "Secrets Manager can't find the specified secret value for staging label: AWSCURRENT");
  });

  it("refuses a name taken, with AWS's text, and one scheduled for deletion with another", async () => {
    await h.create('taken', 'v');
    await rejectsWith(h.call('CreateSecret', { Name: 'taken', SecretString: 'w', ClientRequestToken: token(9) }), 'ResourceExistsException', 'The operation failed because the secret taken already exists.');
    await h.call('DeleteSecret', { SecretId: 'taken' });
    await rejectsWith(
      h.call('CreateSecret', { Name: 'taken', SecretString: 'w', ClientRequestToken: token(10) }),
      'InvalidRequestException',
      "You can't create this secret because a secret with this name is already scheduled for deletion.",
    );
  });

  it('answers a retry (same token, same value) as the first call, and refuses the token with another value', async () => {
    const first = await h.call('CreateSecret', { Name: 'retry', SecretString: 'v1', ClientRequestToken: token(1) });
    const again = await h.call('CreateSecret', { Name: 'retry', SecretString: 'v1', ClientRequestToken: token(1) });
    assert.deepEqual(again, first);
    await rejectsWith(h.call('CreateSecret', { Name: 'retry', SecretString: 'v2', ClientRequestToken: token(1) }), 'ResourceExistsException');
    await rejectsWith(h.call('CreateSecret', { Name: 'retry', SecretBinary: Buffer.from('v1'), ClientRequestToken: token(1) }), 'ResourceExistsException');
  });

  it('refuses an invalid name, both value kinds at once, a value without a token, and aws: tags', async () => {
    await rejectsWith(h.call('CreateSecret', { Name: 'bad name' }), 'ValidationException', 'Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!');
    await rejectsWith(h.call('CreateSecret', { Name: 'both', SecretString: 's', SecretBinary: Buffer.from('b'), ClientRequestToken: token(1) }), 'InvalidParameterException');
    await rejectsWith(h.call('CreateSecret', { Name: 'notoken', SecretString: 's' }), 'InvalidRequestException', 'You must provide a ClientRequestToken value. We recommend a UUID-type value.');
    await rejectsWith(h.call('CreateSecret', { Name: 'tagged', Tags: [{ Key: 'aws:x', Value: 'y' }] }), 'InvalidParameterException');
  });

  it('keeps a binary value binary', async () => {
    await h.call('CreateSecret', { Name: 'bin', SecretBinary: Buffer.from([0, 1, 2, 255]), ClientRequestToken: token(1) });
    const out = await h.call('GetSecretValue', { SecretId: 'bin' });
    assert.deepEqual(out['SecretBinary'], Buffer.from([0, 1, 2, 255]));
    assert.equal(out['SecretString'], undefined);
  });
});

describe('SecretId: name, complete ARN, partial ARN', () => {
  it('finds the secret by each, and nothing by an ARN of another region or account, or by the name with its suffix', async () => {
    const arn = await h.create('svc/api-key', 'k');
    for (const id of ['svc/api-key', arn, `${PREFIX}svc/api-key`]) assert.equal(await h.value(id), 'k', id);
    for (const id of [arn.replace(REGION, 'eu-west-1'), arn.replace(ACCOUNT, '210987654321'), arn.slice(PREFIX.length), `${arn}x`]) {
      await rejectsWith(h.value(id), 'ResourceNotFoundException', "Secrets Manager can't find the specified secret.", { status: 400 });
    }
  });

  it('takes a partial ARN ending like a suffix for a complete one, as AWS warns', async () => {
    await h.create('name-a1b2c3', 'v');
    assert.equal(await h.value('name-a1b2c3'), 'v');
    await rejectsWith(h.value(`${PREFIX}name-a1b2c3`), 'ResourceNotFoundException');
  });

  it('answers a malformed name that names nothing with ValidationException', async () => {
    await rejectsWith(h.value('no such?'), 'ValidationException');
    await rejectsWith(h.value('no-such'), 'ResourceNotFoundException');
  });
});

describe('GetSecretValue', () => {
  it('selects by VersionId, VersionStage or both, with AWS texts when they do not agree', async () => {
    await h.create('sel', 'one');
    await h.call('PutSecretValue', { SecretId: 'sel', SecretString: 'two', ClientRequestToken: token(2) });
    assert.equal(await h.value('sel', { VersionStage: 'AWSPREVIOUS' }), 'one');
    assert.equal(await h.value('sel', { VersionId: token(2) }), 'two');
    assert.equal(await h.value('sel', { VersionId: token(2), VersionStage: 'AWSCURRENT' }), 'two');
    await rejectsWith(h.value('sel', { VersionId: token(2), VersionStage: 'AWSPREVIOUS' }), 'InvalidRequestException', 'You provided a VersionStage that is not associated to the provided VersionId.');
    await rejectsWith(h.value('sel', { VersionId: token(7) }), 'ResourceNotFoundException', `Secrets Manager can't find the specified secret value for VersionId: ${token(7)}`);
    await rejectsWith(h.value('sel', { VersionStage: 'AWSPENDING' }), 'ResourceNotFoundException', "Secrets Manager can't find the specified secret value for staging label: AWSPENDING");
  });

  it('records the day of the read on the secret and the version', async () => {
    await h.create('seen', 'v');
    assert.equal((await h.call('DescribeSecret', { SecretId: 'seen' }))['LastAccessedDate'], undefined);
    h.clock.now = new Date('2024-05-03T17:45:00.000Z');
    await h.value('seen');
    const described = await h.call('DescribeSecret', { SecretId: 'seen' });
    assert.deepEqual(described['LastAccessedDate'], new Date('2024-05-03T00:00:00.000Z'));
    const versions = (await h.call('ListSecretVersionIds', { SecretId: 'seen' }))['Versions'] as Array<Record<string, unknown>>;
    assert.deepEqual(versions[0]?.['LastAccessedDate'], new Date('2024-05-03T00:00:00.000Z'));
  });
});

describe('DescribeSecret', () => {
  it('leaves out what the secret does not have and reports what it has', async () => {
    const arn = await h.create('plain', 'v');
    const plain = await h.call('DescribeSecret', { SecretId: 'plain' });
    assert.deepEqual(Object.keys(plain).sort(), ['ARN', 'CreatedDate', 'LastChangedDate', 'Name', 'VersionIdsToStages']);
    assert.equal(plain['ARN'], arn);
    const key = await h.createKey();
    await h.create('full', 'v', { Description: 'd', KmsKeyId: key.arn, Tags: [{ Key: 'team', Value: 'a' }] });
    const full = await h.call('DescribeSecret', { SecretId: 'full' });
    assert.equal(full['Description'], 'd');
    assert.equal(full['KmsKeyId'], key.arn);
    assert.deepEqual(full['Tags'], [{ Key: 'team', Value: 'a' }]);
    assert.equal(full['RotationEnabled'], undefined);
  });
});
