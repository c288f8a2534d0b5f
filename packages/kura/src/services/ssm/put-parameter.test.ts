import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { policyOf } from '../kms/testing/access.js';
import { ACCOUNT, ADMIN, REGION, TASK_ROLE, callerOverrides, createTestHarness, rejectsWith, type TestHarness } from './testing/context.js';

let h: TestHarness;
beforeEach(() => {
  h = createTestHarness();
});
afterEach(() => h.close());

const put = (input: Record<string, unknown>) => h.call('PutParameter', input);
const describeOne = async (name: string) => {
  const out = await h.call('DescribeParameters', { ParameterFilters: [{ Key: 'Name', Values: [name] }] });
  return (out['Parameters'] as Array<Record<string, unknown>>)[0];
};

describe('PutParameter', () => {
  it('creates version 1 in the Standard tier', async () => {
    assert.deepEqual(await put({ Name: 'p', Value: 'v', Type: 'String' }), { Version: 1, Tier: 'Standard' });
  });

  it('reports a missing Value in SSM\'s words, period included', async () => {
    await rejectsWith(
      put({ Name: 'p', Type: 'String' }),
      'ValidationException',
      "1 validation error detected: Value null at 'value' failed to satisfy constraint: Member must not be null.",
    );
  });

  it('requires a type when creating', async () => {
    await rejectsWith(put({ Name: 'p', Value: 'v' }), 'ValidationException', 'A parameter type is required when you create a parameter.');
  });

  it('refuses an existing name without Overwrite', async () => {
    await put({ Name: 'p', Value: 'v', Type: 'String' });
    await rejectsWith(
      put({ Name: '/p', Value: 'w', Type: 'String' }),
      'ParameterAlreadyExists',
      'The parameter already exists. To overwrite this value, set the overwrite option in the request to true.',
    );
  });

  it('refuses Tags together with Overwrite', async () => {
    await rejectsWith(
      put({ Name: 'p', Value: 'v', Type: 'String', Overwrite: true, Tags: [{ Key: 'k', Value: 'v' }] }),
      'ValidationException',
      /^Invalid request: tags and overwrite can't be used together\./,
    );
  });

  it('creates version 1 when Overwrite names a missing parameter', async () => {
    assert.deepEqual(await put({ Name: 'p', Value: 'v', Type: 'String', Overwrite: true }), { Version: 1, Tier: 'Standard' });
  });

  it('carries over members an overwrite does not resend', async () => {
    await put({ Name: '/app/p', Value: '12', Type: 'String', Description: 'd', AllowedPattern: '\\d+', Tier: 'Advanced' });
    h.clock.now = new Date('2024-05-02T00:00:00.000Z');
    assert.deepEqual(await put({ Name: '/app/p', Value: '13', Overwrite: true }), { Version: 2, Tier: 'Advanced' });
    const meta = await describeOne('/app/p');
    assert.equal(meta?.['Description'], 'd');
    assert.equal(meta?.['AllowedPattern'], '\\d+');
    assert.equal(meta?.['Type'], 'String');
    assert.equal(meta?.['Version'], 2);
    assert.equal(meta?.['LastModifiedUser'], ADMIN.arn);
    assert.deepEqual(meta?.['LastModifiedDate'], new Date('2024-05-02T00:00:00.000Z'));
  });

  it('checks the stored AllowedPattern on later overwrites', async () => {
    await put({ Name: 'n', Value: '10', Type: 'String', AllowedPattern: '\\d{1,4}' });
    await rejectsWith(
      put({ Name: 'n', Value: '10,000', Overwrite: true }),
      'ParameterPatternMismatchException',
      'Parameter value, cannot be validated against allowedPattern: \\d{1,4}',
    );
  });

  it('matches AllowedPattern against the whole value', async () => {
    await rejectsWith(put({ Name: 'n', Value: 'a1', Type: 'String', AllowedPattern: '\\d' }), 'ParameterPatternMismatchException');
  });

  it('rejects an invalid AllowedPattern', async () => {
    await rejectsWith(put({ Name: 'n', Value: 'a', Type: 'String', AllowedPattern: '([a-z' }), 'InvalidAllowedPatternException');
  });

  it('rejects an empty value without echoing it', async () => {
    await rejectsWith(
      put({ Name: 'n', Value: '', Type: 'String' }),
      'ValidationException',
      "1 validation error detected: Value at 'value' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
  });

  it('enforces the Standard size limit with AWS text', async () => {
    await rejectsWith(
      put({ Name: 'n', Value: 'x'.repeat(4097), Type: 'String' }),
      'ValidationException',
      /^Standard tier parameters support a maximum parameter value of 4096 characters\./,
    );
    assert.deepEqual(await put({ Name: 'n', Value: 'x'.repeat(4096), Type: 'String' }), { Version: 1, Tier: 'Standard' });
  });

  it('allows 8192 characters in the Advanced tier and no more', async () => {
    assert.deepEqual(await put({ Name: 'a', Value: 'x'.repeat(8192), Type: 'String', Tier: 'Advanced' }), { Version: 1, Tier: 'Advanced' });
    await rejectsWith(put({ Name: 'b', Value: 'x'.repeat(8193), Type: 'String', Tier: 'Advanced' }), 'ValidationException', /8192/);
  });

  it('resolves Intelligent-Tiering by size', async () => {
    assert.equal((await put({ Name: 's', Value: 'x', Type: 'String', Tier: 'Intelligent-Tiering' }))['Tier'], 'Standard');
    assert.equal((await put({ Name: 'l', Value: 'x'.repeat(5000), Type: 'String', Tier: 'Intelligent-Tiering' }))['Tier'], 'Advanced');
  });

  it('never downgrades Advanced to Standard', async () => {
    await put({ Name: 'a', Value: 'x', Type: 'String', Tier: 'Advanced' });
    await rejectsWith(put({ Name: 'a', Value: 'y', Overwrite: true, Tier: 'Standard' }), 'ValidationException', /can't downgrade/);
    assert.equal((await put({ Name: 'a', Value: 'y', Overwrite: true, Tier: 'Intelligent-Tiering' }))['Tier'], 'Advanced');
  });

  it('rejects an unknown data type', async () => {
    await rejectsWith(
      put({ Name: 'n', Value: 'v', Type: 'String', DataType: 'Text' }),
      'ValidationException',
      'The following data type is not supported: Text (Data type names are all lowercase.)',
    );
  });

  it('validates aws:ec2:image values', async () => {
    assert.equal((await put({ Name: 'ami', Value: 'ami-0123456789abcdef0', Type: 'String', DataType: 'aws:ec2:image' }))['Version'], 1);
    await rejectsWith(put({ Name: 'bad', Value: 'ami-xyz', Type: 'String', DataType: 'aws:ec2:image' }), 'ValidationException');
  });

  it('rejects values that nest another parameter', async () => {
    await rejectsWith(
      put({ Name: 'n', Value: 'a {{ssm:/x}} b', Type: 'String' }),
      'ValidationException',
      'Parameter value can\'t nest another parameter. Do not use "{{}}" in the value.',
    );
  });

  it('ignores KeyId for a String parameter', async () => {
    await put({ Name: 'n', Value: 'v', Type: 'String', KeyId: 'alias/custom' });
    const meta = await describeOne('n');
    assert.equal(meta?.['KeyId'], undefined);
  });

  it('keeps the default key for SecureString and reports it', async () => {
    await put({ Name: 's', Value: 'secret', Type: 'SecureString' });
    assert.equal((await describeOne('s'))?.['KeyId'], 'alias/aws/ssm');
  });

  it('stores tags given at creation', async () => {
    await put({ Name: 't', Value: 'v', Type: 'String', Tags: [{ Key: 'env', Value: 'dev' }] });
    const out = await h.call('ListTagsForResource', { ResourceType: 'Parameter', ResourceId: 't' });
    assert.deepEqual(out, { TagList: [{ Key: 'env', Value: 'dev' }] });
  });

  it('validates and echoes parameter policies', async () => {
    const policies = JSON.stringify([{ Type: 'Expiration', Version: '1.0', Attributes: { Timestamp: '2030-01-01T00:00:00.000Z' } }]);
    await put({ Name: 'pol', Value: 'v', Type: 'String', Tier: 'Advanced', Policies: policies });
    const listed = (await describeOne('pol'))?.['Policies'] as Array<Record<string, unknown>>;
    assert.equal(listed.length, 1);
    assert.equal(listed[0]?.['PolicyType'], 'Expiration');
    assert.equal(listed[0]?.['PolicyStatus'], 'Pending');
    await rejectsWith(
      put({ Name: 'pol2', Value: 'v', Type: 'String', Tier: 'Advanced', Policies: '[{"Type":"Nope","Version":"1.0","Attributes":{}}]' }),
      'InvalidPolicyTypeException',
    );
  });

  it('evicts the oldest version past the cap, unless it is labelled', async () => {
    const small = createTestHarness({ maxParameterVersions: 3 });
    try {
      for (let i = 0; i < 4; i += 1) await small.call('PutParameter', { Name: 'c', Value: `v${i}`, Type: 'String', Overwrite: true });
      const history = await small.call('GetParameterHistory', { Name: 'c' });
      assert.deepEqual((history['Parameters'] as Array<Record<string, unknown>>).map((p) => p['Version']), [2, 3, 4]);
      await small.call('LabelParameterVersion', { Name: 'c', ParameterVersion: 2, Labels: ['keep'] });
      await rejectsWith(
        small.call('PutParameter', { Name: 'c', Value: 'v5', Overwrite: true }),
        'ParameterMaxVersionLimitExceeded',
        'You attempted to create a new version of c by calling the PutParameter API with the overwrite flag. Version 2, the oldest ' +
          "version, can't be deleted because it has a label associated with it. Move the label to another version of the parameter, and try again.",
      );
    } finally {
      await small.close();
    }
  });

  it('gives concurrent overwrites distinct consecutive versions', async () => {
    await put({ Name: 'race', Value: 'v0', Type: 'String' });
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => put({ Name: 'race', Value: `v${i + 1}`, Overwrite: true })),
    );
    const versions = results.map((r) => r['Version'] as number).sort((a, b) => a - b);
    assert.deepEqual(versions, [2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('lets exactly one concurrent create succeed', async () => {
    const outcomes = await Promise.allSettled(Array.from({ length: 5 }, () => put({ Name: 'once', Value: 'v', Type: 'String' })));
    assert.equal(outcomes.filter((o) => o.status === 'fulfilled').length, 1);
    for (const o of outcomes) if (o.status === 'rejected') assert.equal((o.reason as { code: string }).code, 'ParameterAlreadyExists');
  });

  it('stores a name with a .. level as written, apart from the parameter it reads like', async () => {
    await put({ Name: '/prod/db/password', Value: 'prod', Type: 'String' });
    // A writer allowed only /goecssample/* may create it: IAM matches the ARN as written, as on AWS.
    const writer = callerOverrides(TASK_ROLE, [policyOf({ Effect: 'Allow', Action: 'ssm:PutParameter', Resource: `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/goecssample/*` })]);
    assert.deepEqual(await h.call('PutParameter', { Name: '/goecssample/../prod/db/password', Value: 'lookalike', Type: 'String' }, writer), { Version: 1, Tier: 'Standard' });
    await rejectsWith(h.call('PutParameter', { Name: '/prod/db/password', Value: 'x', Type: 'String', Overwrite: true }, writer), 'AccessDeniedException', /parameter\/prod\/db\/password/);

    const value = async (name: string) => ((await h.call('GetParameter', { Name: name }))['Parameter'] as { Value: string; ARN: string });
    assert.equal((await value('/prod/db/password')).Value, 'prod');
    const lookalike = await value('/goecssample/../prod/db/password');
    assert.deepEqual([lookalike.Value, lookalike.ARN], ['lookalike', `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/goecssample/../prod/db/password`]);
    const names = async (path: string) => ((await h.call('GetParametersByPath', { Path: path, Recursive: true }))['Parameters'] as Array<{ Name: string }>).map((p) => p.Name);
    assert.deepEqual(await names('/prod'), ['/prod/db/password']);
    assert.deepEqual(await names('/goecssample'), ['/goecssample/../prod/db/password']);
  });

  it('never puts the value in an error message', async () => {
    const canary = 'CANARY-7f3a9';
    const attempts = [
      put({ Name: 'c1', Value: `${canary}${'x'.repeat(5000)}`, Type: 'String' }),
      put({ Name: 'c2', Value: canary, Type: 'String', AllowedPattern: '\\d+' }),
      put({ Name: 'c3', Value: `{{${canary}}}`, Type: 'String' }),
      put({ Name: 'c4', Value: canary, Type: 'SecureString', KeyId: 'alias/missing' }),
    ];
    for (const attempt of attempts) {
      const error = await attempt.then(
        () => assert.fail('expected a failure'),
        (e: unknown) => e as Error,
      );
      assert.ok(!error.message.includes(canary), error.message);
    }
  });
});
