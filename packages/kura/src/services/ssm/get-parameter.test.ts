import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { ACCOUNT, REGION, createTestHarness, rejectsWith, type TestHarness } from './testing/context.js';

let h: TestHarness;
beforeEach(() => {
  h = createTestHarness();
});
afterEach(() => h.close());

const put = (input: Record<string, unknown>) => h.call('PutParameter', input);
const get = async (input: Record<string, unknown>) => (await h.call('GetParameter', input))['Parameter'] as Record<string, unknown>;
const arnOf = (name: string) => `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/${name.replace(/^\//, '')}`;

describe('GetParameter', () => {
  it('returns the AWS Parameter shape', async () => {
    await put({ Name: 'helloWorld', Value: 'Good day sunshine', Type: 'String' });
    assert.deepEqual(await get({ Name: 'helloWorld' }), {
      Name: 'helloWorld',
      Type: 'String',
      Value: 'Good day sunshine',
      Version: 1,
      LastModifiedDate: new Date('2024-05-01T12:00:00.000Z'),
      ARN: arnOf('helloWorld'),
      DataType: 'text',
    });
  });

  it('echoes the name as the caller wrote it', async () => {
    await put({ Name: 'param-x', Value: 'v', Type: 'String' });
    assert.equal((await get({ Name: '/param-x' }))['Name'], '/param-x');
    assert.equal((await get({ Name: 'param-x' }))['Name'], 'param-x');
  });

  it('answers an unknown name with an empty ParameterNotFound', async () => {
    await rejectsWith(get({ Name: 'missing' }), 'ParameterNotFound', '');
  });

  it('rejects a malformed name', async () => {
    await rejectsWith(get({ Name: '//a' }), 'ValidationException', /^Parameter name: can't be prefixed with "ssm"/);
  });

  it('reads a version and a label through selectors', async () => {
    await put({ Name: '/app/v', Value: 'one', Type: 'String' });
    await put({ Name: '/app/v', Value: 'two', Overwrite: true });
    await h.call('LabelParameterVersion', { Name: '/app/v', ParameterVersion: 1, Labels: ['stable'] });
    const byVersion = await get({ Name: '/app/v:1' });
    assert.equal(byVersion['Value'], 'one');
    assert.equal(byVersion['Name'], '/app/v');
    assert.equal(byVersion['Selector'], ':1');
    const byLabel = await get({ Name: '/app/v:stable' });
    assert.equal(byLabel['Value'], 'one');
    assert.equal(byLabel['Version'], 1);
    assert.equal(byLabel['Selector'], ':stable');
  });

  it('refuses a version that does not exist instead of falling back', async () => {
    await put({ Name: 'test-2', Value: 'v', Type: 'String' });
    await rejectsWith(
      get({ Name: 'test-2:2' }),
      'ParameterVersionNotFound',
      'Systems Manager could not find version 2 of test-2. Verify the version and try again.',
    );
    await rejectsWith(get({ Name: 'test-2:nolabel' }), 'ParameterVersionNotFound');
    await rejectsWith(get({ Name: 'test-2:2:3' }), 'ParameterNotFound', '');
  });

  it('reads by ARN of this account and region only', async () => {
    await put({ Name: '/a/b', Value: 'v', Type: 'String' });
    const arn = arnOf('/a/b');
    const byArn = await get({ Name: `${arn}:1` });
    assert.equal(byArn['Value'], 'v');
    assert.equal(byArn['ARN'], arn);
    await rejectsWith(get({ Name: arn.replace(ACCOUNT, '210987654321') }), 'ParameterNotFound', '');
  });

  it('names a parameter read by ARN by its name, not by the ARN', async () => {
    await put({ Name: '/foo/bar', Value: 'v', Type: 'String' });
    await put({ Name: 'param-x', Value: 'w', Type: 'String' });
    assert.deepEqual(await get({ Name: arnOf('/foo/bar') }), {
      Name: '/foo/bar',
      Type: 'String',
      Value: 'v',
      Version: 1,
      LastModifiedDate: new Date('2024-05-01T12:00:00.000Z'),
      ARN: arnOf('/foo/bar'),
      DataType: 'text',
    });
    assert.equal((await get({ Name: arnOf('param-x') }))['Name'], 'param-x');
    const selected = await get({ Name: `${arnOf('/foo/bar')}:1` });
    assert.equal(selected['Name'], '/foo/bar');
    assert.equal(selected['Selector'], ':1');
  });

  it('returns ciphertext unless decryption is asked for', async () => {
    await put({ Name: 's', Value: 'hunter2', Type: 'SecureString' });
    const sealed = await get({ Name: 's' });
    assert.notEqual(sealed['Value'], 'hunter2');
    assert.ok(!Buffer.from(String(sealed['Value']), 'base64').includes(Buffer.from('hunter2')));
    assert.equal((await get({ Name: 's', WithDecryption: true }))['Value'], 'hunter2');
  });

  it('ignores WithDecryption for String parameters', async () => {
    await put({ Name: 'plain', Value: 'v', Type: 'StringList' });
    assert.equal((await get({ Name: 'plain', WithDecryption: true }))['Value'], 'v');
  });
});

describe('GetParameters', () => {
  it('sorts found parameters and lists the rest as requested, once', async () => {
    await put({ Name: 'b', Value: '2', Type: 'String' });
    await put({ Name: 'a', Value: '1', Type: 'String' });
    const out = await h.call('GetParameters', { Names: ['b', 'missing', 'a', 'missing', 'a:7', 'a'] });
    assert.deepEqual(
      (out['Parameters'] as Array<Record<string, unknown>>).map((p) => p['Name']),
      ['a', 'b'],
    );
    assert.deepEqual(out['InvalidParameters'], ['missing', 'a:7']);
  });

  it('always includes both lists', async () => {
    assert.deepEqual(await h.call('GetParameters', { Names: ['nope'] }), { Parameters: [], InvalidParameters: ['nope'] });
    await put({ Name: 'x', Value: '1', Type: 'String' });
    const out = await h.call('GetParameters', { Names: ['x'] });
    assert.deepEqual(out['InvalidParameters'], []);
  });

  it('names parameters read by ARN by their names and lists missing ARNs as requested', async () => {
    await put({ Name: '/foo/bar', Value: 'v', Type: 'String' });
    await put({ Name: 'param-x', Value: 'w', Type: 'String' });
    const missing = arnOf('/nope');
    const out = await h.call('GetParameters', { Names: [arnOf('param-x'), `${arnOf('/foo/bar')}:1`, missing] });
    const found = out['Parameters'] as Array<Record<string, unknown>>;
    assert.deepEqual(
      found.map((p) => [p['Name'], p['ARN'], p['Selector']]),
      [
        ['/foo/bar', arnOf('/foo/bar'), ':1'],
        ['param-x', arnOf('param-x'), undefined],
      ],
    );
    assert.deepEqual(out['InvalidParameters'], [missing]);
  });

  it('decrypts SecureStrings when asked', async () => {
    await put({ Name: 's', Value: 'secret', Type: 'SecureString' });
    const out = await h.call('GetParameters', { Names: ['s'], WithDecryption: true });
    assert.equal((out['Parameters'] as Array<Record<string, unknown>>)[0]?.['Value'], 'secret');
  });
});
