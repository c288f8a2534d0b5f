// ListSecrets (filters with negation and `all`, sort orders, paging with sealed tokens) and the
// tagging operations.

import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { createHarness, rejectsWith, token, type Harness } from './testing/context.js';

let h: Harness;
beforeEach(async () => {
  h = createHarness();
  const at = (minutes: number) => {
    h.clock.now = new Date(Date.UTC(2024, 4, 1, 12, minutes));
  };
  at(0);
  await h.create('prod/Database', 'v', { Description: 'My basic description', Tags: [{ Key: 'team', Value: 'payments' }] });
  at(1);
  await h.create('prod/cache', 'v', { Tags: [{ Key: 'Team', Value: 'search' }] });
  at(2);
  await h.create('dev/database', 'v', { Description: 'scratch credsDatabase#892' });
});
afterEach(() => h.close());

const names = async (input: Record<string, unknown>) => ((await h.call('ListSecrets', input))['SecretList'] as Array<{ Name: string }>).map((s) => s.Name);
const filter = (key: string, ...values: string[]) => ({ Filters: [{ Key: key, Values: values }] });

describe('ListSecrets stage maps', () => {
  it("reads every listed secret's stages in one store call, without reading a version's value", async () => {
    await h.call('PutSecretValue', { SecretId: 'prod/cache', SecretString: 'w', ClientRequestToken: token(9) });
    const calls: string[] = [];
    const secrets = new Proxy(h.store.secrets, {
      get(target, prop, receiver) {
        const value: unknown = Reflect.get(target, prop, receiver);
        return typeof value === 'function' ? (...args: unknown[]) => (calls.push(String(prop)), (value as (...a: unknown[]) => unknown).apply(target, args)) : value;
      },
    });
    const out = await h.call('ListSecrets', {}, { store: { ...h.store, secrets } });
    const entries = out['SecretList'] as Array<{ Name: string; SecretVersionsToStages: Record<string, string[]> }>;
    assert.deepEqual(calls, ['list', 'labelledVersions']);
    assert.deepEqual(entries.map((e) => [e.Name, e.SecretVersionsToStages]), [
      ['prod/Database', { [token('c1')]: ['AWSCURRENT'] }],
      ['prod/cache', { [token('c2')]: ['AWSPREVIOUS'], [token(9)]: ['AWSCURRENT'] }],
      ['dev/database', { [token('c3')]: ['AWSCURRENT'] }],
    ]);
  });
});

describe('ListSecrets filters', () => {
  it('name, tag-key and tag-value match a prefix, case-sensitively; values of one filter are alternatives', async () => {
    assert.deepEqual(await names(filter('name', 'prod/')), ['prod/Database', 'prod/cache']);
    assert.deepEqual(await names(filter('name', 'prod/d')), []);
    assert.deepEqual(await names(filter('name', 'dev/', 'prod/c')), ['prod/cache', 'dev/database']);
    assert.deepEqual(await names(filter('tag-key', 'te')), ['prod/Database']);
    assert.deepEqual(await names(filter('tag-value', 'sea')), ['prod/cache']);
  });

  it('negates with !, and ANDs several filters', async () => {
    assert.deepEqual(await names(filter('name', '!prod/')), ['dev/database']);
    assert.deepEqual(await names({ Filters: [{ Key: 'name', Values: ['prod/'] }, { Key: 'tag-value', Values: ['!payments'] }] }), ['prod/cache']);
  });

  it('description and all match words, not case-sensitively', async () => {
    assert.deepEqual(await names(filter('description', 'my DESCRIPTION')), ['prod/Database']);
    assert.deepEqual(await names(filter('description', 'desc')), ['prod/Database']);
    assert.deepEqual(await names(filter('description', 'Database')), ['dev/database']);
    assert.deepEqual(await names(filter('all', 'database')), ['prod/Database', 'dev/database']);
    assert.deepEqual(await names(filter('all', 'PAYMENTS')), ['prod/Database']);
    assert.deepEqual(await names(filter('all', '892')), ['dev/database']);
    assert.deepEqual(await names(filter('primary-region', 'us-east-1')), []);
    assert.deepEqual(await names(filter('owning-service', '!x')), ['prod/Database', 'prod/cache', 'dev/database']);
  });
});

describe('ListSecrets order and paging', () => {
  it('sorts by creation date ascending unless asked otherwise', async () => {
    assert.deepEqual(await names({}), ['prod/Database', 'prod/cache', 'dev/database']);
    assert.deepEqual(await names({ SortOrder: 'desc' }), ['dev/database', 'prod/cache', 'prod/Database']);
    assert.deepEqual(await names({ SortBy: 'name' }), ['dev/database', 'prod/Database', 'prod/cache']);
  });

  it('pages with a token bound to the query and the caller', async () => {
    const first = await h.call('ListSecrets', { MaxResults: 2, SortBy: 'name' });
    assert.equal((first['SecretList'] as unknown[]).length, 2);
    const token = first['NextToken'] as string;
    const second = await h.call('ListSecrets', { MaxResults: 2, SortBy: 'name', NextToken: token });
    assert.deepEqual((second['SecretList'] as Array<{ Name: string }>).map((s) => s.Name), ['prod/cache']);
    assert.equal(second['NextToken'], undefined);
    await rejectsWith(h.call('ListSecrets', { MaxResults: 2, SortBy: 'created-date', NextToken: token }), 'InvalidNextTokenException');
    await rejectsWith(h.call('ListSecrets', { NextToken: 'forged' }), 'InvalidNextTokenException');
  });

  it('reports each secret with its labelled versions as SecretVersionsToStages', async () => {
    const list = (await h.call('ListSecrets', filter('name', 'dev/')))['SecretList'] as Array<Record<string, unknown>>;
    const stages = Object.values(list[0]?.['SecretVersionsToStages'] as Record<string, string[]>);
    assert.deepEqual(stages, [['AWSCURRENT']]);
  });
});

describe('ListSecretVersionIds paging', () => {
  it('pages oldest first with a token, deprecated versions only when asked', async () => {
    for (const n of [2, 3]) {
      h.clock.now = new Date(h.clock.now.getTime() + 60_000);
      await h.call('PutSecretValue', { SecretId: 'dev/database', SecretString: `v${n}`, ClientRequestToken: token(n) });
    }
    const first = await h.call('ListSecretVersionIds', { SecretId: 'dev/database', MaxResults: 2, IncludeDeprecated: true });
    const ids = (out: Record<string, unknown>) => (out['Versions'] as Array<{ VersionId: string }>).map((v) => v.VersionId);
    assert.equal(ids(first).length, 2);
    const second = await h.call('ListSecretVersionIds', { SecretId: 'dev/database', MaxResults: 2, IncludeDeprecated: true, NextToken: first['NextToken'] });
    assert.deepEqual(ids(second), [token(3)]);
    assert.equal(second['NextToken'], undefined);
    assert.deepEqual(ids(await h.call('ListSecretVersionIds', { SecretId: 'dev/database' })), [token(2), token(3)]);
    await rejectsWith(h.call('ListSecretVersionIds', { SecretId: 'dev/database', NextToken: first['NextToken'] }), 'InvalidNextTokenException');
  });
});

describe('TagResource and UntagResource', () => {
  it('add tags (a key present keeps its place and takes the new value) and remove them', async () => {
    await h.call('TagResource', { SecretId: 'prod/cache', Tags: [{ Key: 'env', Value: 'prod' }, { Key: 'Team', Value: 'infra' }] });
    assert.deepEqual((await h.call('DescribeSecret', { SecretId: 'prod/cache' }))['Tags'], [
      { Key: 'Team', Value: 'infra' },
      { Key: 'env', Value: 'prod' },
    ]);
    await h.call('UntagResource', { SecretId: 'prod/cache', TagKeys: ['Team', 'absent'] });
    assert.deepEqual((await h.call('DescribeSecret', { SecretId: 'prod/cache' }))['Tags'], [{ Key: 'env', Value: 'prod' }]);
    await rejectsWith(h.call('TagResource', { SecretId: 'prod/cache', Tags: [{ Key: 'aws:reserved', Value: 'x' }] }), 'InvalidParameterException');
    const many = Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
    await rejectsWith(h.call('TagResource', { SecretId: 'prod/cache', Tags: many }), 'InvalidParameterException');
  });
});
