import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { createTestHarness, rejectsWith, type TestHarness } from './testing/context.js';

let h: TestHarness;
beforeEach(() => {
  h = createTestHarness();
});
afterEach(() => h.close());

const put = (input: Record<string, unknown>) => h.call('PutParameter', input);
async function versions(name: string, count: number) {
  await put({ Name: name, Value: 'v1', Type: 'String', Description: 'first' });
  for (let i = 2; i <= count; i += 1) await put({ Name: name, Value: `v${i}`, Overwrite: true });
}

describe('GetParameterHistory', () => {
  it('lists versions oldest first with labels', async () => {
    await versions('h', 3);
    await h.call('LabelParameterVersion', { Name: 'h', ParameterVersion: 2, Labels: ['b', 'a'] });
    const out = await h.call('GetParameterHistory', { Name: '/h' });
    const entries = out['Parameters'] as Array<Record<string, unknown>>;
    assert.deepEqual(entries.map((e) => [e['Name'], e['Version'], e['Value'], e['Labels']]), [
      ['/h', 1, 'v1', []],
      ['/h', 2, 'v2', ['a', 'b']],
      ['/h', 3, 'v3', []],
    ]);
    assert.equal(entries[2]?.['Description'], 'first');
    assert.deepEqual(entries[0]?.['Policies'], []);
    assert.equal(entries[0]?.['Tier'], 'Standard');
    assert.equal('NextToken' in out, false);
  });

  it('pages by version', async () => {
    await versions('p', 5);
    const first = await h.call('GetParameterHistory', { Name: 'p', MaxResults: 2 });
    const second = await h.call('GetParameterHistory', { Name: 'p', MaxResults: 2, NextToken: first['NextToken'] });
    const third = await h.call('GetParameterHistory', { Name: 'p', MaxResults: 2, NextToken: second['NextToken'] });
    const all = [first, second, third].flatMap((o) => (o['Parameters'] as Array<Record<string, unknown>>).map((e) => e['Version']));
    assert.deepEqual(all, [1, 2, 3, 4, 5]);
    assert.equal('NextToken' in third, false);
    await rejectsWith(h.call('GetParameterHistory', { Name: 'other', NextToken: first['NextToken'] }), 'InvalidNextToken');
  });

  it('reports a missing parameter with an empty message, as AWS answers GetParameter', async () => {
    await rejectsWith(h.call('GetParameterHistory', { Name: 'nope' }), 'ParameterNotFound', '');
    await rejectsWith(h.call('GetParameterHistory', { Name: 'arn:aws:ssm:us-east-1:123456789012:parameter/nope' }), 'ParameterNotFound', '');
  });

  it('names a parameter read by ARN by its name', async () => {
    await versions('/a/h', 1);
    await versions('flat', 1);
    const named = async (name: string) =>
      ((await h.call('GetParameterHistory', { Name: name }))['Parameters'] as Array<Record<string, unknown>>).map((e) => e['Name']);
    assert.deepEqual(await named('arn:aws:ssm:us-east-1:123456789012:parameter/a/h'), ['/a/h']);
    assert.deepEqual(await named('arn:aws:ssm:us-east-1:123456789012:parameter/flat'), ['flat']);
  });
});

describe('LabelParameterVersion', () => {
  it('labels the latest version by default and moves a label between versions', async () => {
    await versions('m', 2);
    assert.deepEqual(await h.call('LabelParameterVersion', { Name: 'm', Labels: ['live'] }), { InvalidLabels: [], ParameterVersion: 2 });
    await h.call('LabelParameterVersion', { Name: 'm', ParameterVersion: 1, Labels: ['live'] });
    const got = await h.call('GetParameter', { Name: 'm:live' });
    assert.equal((got['Parameter'] as Record<string, unknown>)['Version'], 1);
  });

  it('returns invalid labels instead of failing', async () => {
    await versions('i', 1);
    const out = await h.call('LabelParameterVersion', { Name: 'i', Labels: ['1st', 'awsX', 'SSMy', 'bad label', 'ok.label-1_'] });
    assert.deepEqual(out, { InvalidLabels: ['1st', 'awsX', 'SSMy', 'bad label'], ParameterVersion: 1 });
    const history = await h.call('GetParameterHistory', { Name: 'i' });
    assert.deepEqual((history['Parameters'] as Array<Record<string, unknown>>)[0]?.['Labels'], ['ok.label-1_']);
  });

  it('allows ten labels per version and no more', async () => {
    await versions('ten', 1);
    const labels = Array.from({ length: 10 }, (_, i) => `l${i}`);
    await h.call('LabelParameterVersion', { Name: 'ten', Labels: labels });
    await rejectsWith(
      h.call('LabelParameterVersion', { Name: 'ten', Labels: ['eleven'] }),
      'ParameterVersionLabelLimitExceeded',
      'A parameter version can have maximum 10 labels.Move one or more labels to another version and try again.',
    );
  });

  it('reports a missing parameter and a missing version', async () => {
    await rejectsWith(h.call('LabelParameterVersion', { Name: 'none', Labels: ['a'] }), 'ParameterNotFound', '');
    await rejectsWith(h.call('LabelParameterVersion', { Name: 'none', Labels: ['1bad'] }), 'ParameterNotFound', '');
    await versions('v', 1);
    await rejectsWith(
      h.call('LabelParameterVersion', { Name: 'v', ParameterVersion: 5, Labels: ['a'] }),
      'ParameterVersionNotFound',
      'Systems Manager could not find version 5 of v. Verify the version and try again.',
    );
    await rejectsWith(h.call('LabelParameterVersion', { Name: 'v', ParameterVersion: 5, Labels: ['1bad'] }), 'ParameterVersionNotFound');
  });
});

describe('UnlabelParameterVersion', () => {
  it('removes labels and reports those not on the version', async () => {
    await versions('u', 2);
    await h.call('LabelParameterVersion', { Name: 'u', ParameterVersion: 1, Labels: ['a', 'b'] });
    const out = await h.call('UnlabelParameterVersion', { Name: 'u', ParameterVersion: 1, Labels: ['a', 'zzz'] });
    assert.deepEqual(out, { RemovedLabels: ['a'], InvalidLabels: ['zzz'] });
    await rejectsWith(h.call('GetParameter', { Name: 'u:a' }), 'ParameterVersionNotFound');
  });

  it('reports a missing parameter and version', async () => {
    await rejectsWith(h.call('UnlabelParameterVersion', { Name: 'x', ParameterVersion: 1, Labels: ['a'] }), 'ParameterNotFound');
    await versions('y', 1);
    await rejectsWith(h.call('UnlabelParameterVersion', { Name: 'y', ParameterVersion: 9, Labels: ['a'] }), 'ParameterVersionNotFound');
  });
});
