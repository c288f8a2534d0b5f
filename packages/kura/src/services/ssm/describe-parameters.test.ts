import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { ACCOUNT, ADMIN, REGION, createTestHarness, rejectsWith, type TestHarness } from './testing/context.js';

let h: TestHarness;
beforeEach(() => {
  h = createTestHarness();
});
afterEach(() => h.close());

const put = (input: Record<string, unknown>) => h.call('PutParameter', input);
const described = async (input: Record<string, unknown>) =>
  (await h.call('DescribeParameters', input))['Parameters'] as Array<Record<string, unknown>>;

describe('DescribeParameters', () => {
  it('returns ParameterMetadata with Policies and without values', async () => {
    await put({ Name: '/Production/West/Manager', Value: 'v', Type: 'String' });
    assert.deepEqual(await described({}), [
      {
        Name: '/Production/West/Manager',
        ARN: `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/Production/West/Manager`,
        Type: 'String',
        LastModifiedDate: new Date('2024-05-01T12:00:00.000Z'),
        LastModifiedUser: ADMIN.arn,
        Version: 1,
        Tier: 'Standard',
        Policies: [],
        DataType: 'text',
      },
    ]);
  });

  it('answers the name as created, in byte order of canonical names', async () => {
    await put({ Name: 'b', Value: 'v', Type: 'String' });
    await put({ Name: '/a', Value: 'v', Type: 'String' });
    await put({ Name: 'B', Value: 'v', Type: 'String' });
    assert.deepEqual((await described({})).map((p) => p['Name']), ['B', '/a', 'b']);
  });

  it('pages with MaxResults up to the last page', async () => {
    for (let i = 0; i < 12; i += 1) await put({ Name: `p${String(i).padStart(2, '0')}`, Value: 'v', Type: 'String' });
    const first = await h.call('DescribeParameters', {});
    assert.equal((first['Parameters'] as unknown[]).length, 10);
    const second = await h.call('DescribeParameters', { NextToken: first['NextToken'] });
    assert.equal((second['Parameters'] as unknown[]).length, 2);
    assert.equal('NextToken' in second, false);
    const big = await h.call('DescribeParameters', { MaxResults: 50 });
    assert.equal((big['Parameters'] as unknown[]).length, 12);
  });

  it('filters by Path one level and recursively', async () => {
    for (const name of ['/a/x', '/a/y/z', '/b/x', 'root']) await put({ Name: name, Value: 'v', Type: 'String' });
    const one = await described({ ParameterFilters: [{ Key: 'Path', Values: ['/a'] }] });
    assert.deepEqual(one.map((p) => p['Name']), ['/a/x']);
    const deep = await described({ ParameterFilters: [{ Key: 'Path', Option: 'Recursive', Values: ['/a'] }] });
    assert.deepEqual(deep.map((p) => p['Name']), ['/a/x', '/a/y/z']);
    const both = await described({ ParameterFilters: [{ Key: 'Path', Values: ['/a', '/b'] }] });
    assert.deepEqual(both.map((p) => p['Name']), ['/a/x', '/b/x']);
  });

  it('filters by tag, type and key id', async () => {
    await put({ Name: 't1', Value: 'v', Type: 'String', Tags: [{ Key: 'team', Value: 'core' }] });
    await put({ Name: 't2', Value: 'v', Type: 'SecureString' });
    assert.deepEqual((await described({ ParameterFilters: [{ Key: 'tag:team' }] })).map((p) => p['Name']), ['t1']);
    const secure = await described({ ParameterFilters: [{ Key: 'KeyId', Values: ['alias/aws/ssm'] }] });
    assert.deepEqual(secure.map((p) => [p['Name'], p['KeyId']]), [['t2', 'alias/aws/ssm']]);
    assert.deepEqual((await described({ Filters: [{ Key: 'Type', Values: ['String'] }] })).map((p) => p['Name']), ['t1']);
  });

  it('reports filter errors with AWS codes', async () => {
    await rejectsWith(h.call('DescribeParameters', { ParameterFilters: [{ Key: 'Label', Values: ['x'] }] }), 'InvalidFilterKey');
    await rejectsWith(
      h.call('DescribeParameters', { Filters: [{ Key: 'Name', Values: ['a'] }], ParameterFilters: [{ Key: 'Name', Values: ['a'] }] }),
      'ValidationException',
    );
  });

  it('returns nothing for Shared, since no parameters are shared here', async () => {
    await put({ Name: 'mine', Value: 'v', Type: 'String' });
    assert.deepEqual(await h.call('DescribeParameters', { Shared: true }), { Parameters: [] });
  });
});
