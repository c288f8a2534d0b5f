import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { ADMIN, createTestHarness, rejectsWith, type TestHarness } from './testing/context.js';

let h: TestHarness;
beforeEach(() => {
  h = createTestHarness();
});
afterEach(() => h.close());

const put = (input: Record<string, unknown>) => h.call('PutParameter', input);
const names = (out: Record<string, unknown>) => (out['Parameters'] as Array<Record<string, unknown>>).map((p) => p['Name']);

async function seed(list: string[]) {
  for (const name of list) await put({ Name: name, Value: `value of ${name}`, Type: 'String' });
}

async function all(input: Record<string, unknown>): Promise<{ names: unknown[]; pages: number }> {
  const found: unknown[] = [];
  let token: unknown;
  let pages = 0;
  do {
    const out = await h.call('GetParametersByPath', { ...input, ...(token ? { NextToken: token } : {}) });
    pages += 1;
    found.push(...names(out));
    token = out['NextToken'];
  } while (token !== undefined);
  return { names: found, pages };
}

describe('GetParametersByPath', () => {
  it('lists one level below the path, not the path itself', async () => {
    await seed(['/foo', '/foo/a', '/foo/b', '/foo/a/deep', '/foobar/x']);
    assert.deepEqual(names(await h.call('GetParametersByPath', { Path: '/foo' })), ['/foo/a', '/foo/b']);
    assert.deepEqual(names(await h.call('GetParametersByPath', { Path: '/foo/' })), ['/foo/a', '/foo/b']);
  });

  it('lists every descendant when recursive', async () => {
    await seed(['/foo', '/foo/a', '/foo/a/deep', '/foobar/x']);
    assert.deepEqual(names(await h.call('GetParametersByPath', { Path: '/foo', Recursive: true })), ['/foo/a', '/foo/a/deep']);
  });

  it('lists root-level parameters for / whatever their leading slash', async () => {
    await seed(['plain', '/slashed', '/a/b']);
    assert.deepEqual(names(await h.call('GetParametersByPath', { Path: '/' })), ['plain', '/slashed']);
  });

  it('pages with MaxResults and omits NextToken on the last page', async () => {
    await seed(Array.from({ length: 11 }, (_, i) => `/p/n${String(i).padStart(2, '0')}`));
    const first = await h.call('GetParametersByPath', { Path: '/p' });
    assert.equal(names(first).length, 10);
    assert.equal(typeof first['NextToken'], 'string');
    const second = await h.call('GetParametersByPath', { Path: '/p', NextToken: first['NextToken'] });
    assert.deepEqual(names(second), ['/p/n10']);
    assert.equal('NextToken' in second, false);
  });

  it('gives no token when the page ends exactly at the last parameter', async () => {
    await seed(['/p/a', '/p/b']);
    const out = await h.call('GetParametersByPath', { Path: '/p', MaxResults: 2 });
    assert.equal('NextToken' in out, false);
  });

  it('returns every unchanged parameter exactly once while others are written', async () => {
    await seed(Array.from({ length: 30 }, (_, i) => `/c/k${String(i).padStart(2, '0')}`));
    const seen: unknown[] = [];
    let token: unknown;
    let round = 0;
    do {
      const out = await h.call('GetParametersByPath', { Path: '/c', MaxResults: 4, ...(token ? { NextToken: token } : {}) });
      seen.push(...names(out));
      token = out['NextToken'];
      // Churn between pages: add names before and after the cursor, delete one not yet seen.
      await put({ Name: `/c/a-new${round}`, Value: 'x', Type: 'String' });
      await put({ Name: `/c/z-new${round}`, Value: 'x', Type: 'String' });
      round += 1;
    } while (token !== undefined);
    const original = Array.from({ length: 30 }, (_, i) => `/c/k${String(i).padStart(2, '0')}`);
    for (const name of original) assert.equal(seen.filter((n) => n === name).length, 1, name);
    assert.equal(new Set(seen).size, seen.length);
  });

  it('rejects forged, altered and misbound tokens', async () => {
    await seed(Array.from({ length: 3 }, (_, i) => `/t/${i}`));
    const out = await h.call('GetParametersByPath', { Path: '/t', MaxResults: 1 });
    const token = String(out['NextToken']);
    await rejectsWith(h.call('GetParametersByPath', { Path: '/t', NextToken: 'garbage' }), 'InvalidNextToken', "The specified token isn't valid.");
    // The next-to-last character always carries 6 bits of the token: change it, whatever it is.
    const flipped = token.slice(0, -2) + (token.at(-2) === 'A' ? 'B' : 'A') + token.slice(-1);
    assert.notEqual(flipped, token);
    await rejectsWith(h.call('GetParametersByPath', { Path: '/t', NextToken: flipped }), 'InvalidNextToken');
    await rejectsWith(h.call('GetParametersByPath', { Path: '/t', Recursive: true, NextToken: token }), 'InvalidNextToken');
    await rejectsWith(h.call('DescribeParameters', { NextToken: token }), 'InvalidNextToken');
    const other = { ...ADMIN, arn: 'arn:aws:iam::123456789012:user/other' };
    await rejectsWith(h.call('GetParametersByPath', { Path: '/t', NextToken: token }, { principal: other }), 'InvalidNextToken');
    const error = await rejectsWith(h.call('GetParametersByPath', { Path: '/t', NextToken: 'x' }), 'InvalidNextToken');
    assert.equal(error.messageMember, 'Message');
  });

  it('filters by type and returns short pages with a token when filtering', async () => {
    await seed(Array.from({ length: 25 }, (_, i) => `/f/s${String(i).padStart(2, '0')}`));
    await put({ Name: '/f/zz-secret', Value: 'x', Type: 'SecureString' });
    const filter = { Path: '/f', MaxResults: 1, ParameterFilters: [{ Key: 'Type', Values: ['SecureString'] }] };
    const result = await all(filter);
    assert.deepEqual(result.names, ['/f/zz-secret']);
  });

  it('bounds the rows one filtered page scans', async () => {
    await seed(Array.from({ length: 60 }, (_, i) => `/b/s${String(i).padStart(2, '0')}`));
    const out = await h.call('GetParametersByPath', { Path: '/b', MaxResults: 1, ParameterFilters: [{ Key: 'Type', Values: ['SecureString'] }] });
    assert.deepEqual(names(out), []);
    assert.ok(out['NextToken'], 'a page that stopped at its scan budget still offers a token');
    const rest = await h.call('GetParametersByPath', {
      Path: '/b',
      MaxResults: 1,
      ParameterFilters: [{ Key: 'Type', Values: ['SecureString'] }],
      NextToken: out['NextToken'],
    });
    assert.equal('NextToken' in rest, false);
  });

  it('returns the labelled version for a Label filter', async () => {
    await put({ Name: '/l/a', Value: 'v1', Type: 'String' });
    await put({ Name: '/l/a', Value: 'v2', Overwrite: true });
    await put({ Name: '/l/b', Value: 'only', Type: 'String' });
    await h.call('LabelParameterVersion', { Name: '/l/a', ParameterVersion: 1, Labels: ['prod'] });
    const out = await h.call('GetParametersByPath', { Path: '/l', ParameterFilters: [{ Key: 'Label', Values: ['prod'] }] });
    const parameters = out['Parameters'] as Array<Record<string, unknown>>;
    assert.deepEqual(
      parameters.map((p) => [p['Name'], p['Value'], p['Version']]),
      [['/l/a', 'v1', 1]],
    );
  });

  it('refuses a filter key it does not support', async () => {
    await rejectsWith(
      h.call('GetParametersByPath', { Path: '/x', ParameterFilters: [{ Key: 'Name', Values: ['a'] }] }),
      'InvalidFilterKey',
      'The following filter key is not valid: Name. Valid filter keys include: [Type, KeyId].',
    );
  });

  it('decrypts SecureStrings only when asked', async () => {
    await put({ Name: '/s/secret', Value: 'pw', Type: 'SecureString' });
    const sealed = (await h.call('GetParametersByPath', { Path: '/s' }))['Parameters'] as Array<Record<string, unknown>>;
    assert.notEqual(sealed[0]?.['Value'], 'pw');
    const open = (await h.call('GetParametersByPath', { Path: '/s', WithDecryption: true }))['Parameters'] as Array<Record<string, unknown>>;
    assert.equal(open[0]?.['Value'], 'pw');
  });
});
