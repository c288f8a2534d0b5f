// Contract: KMS aliases (CreateAlias, UpdateAlias, DeleteAlias, ListAliases) and key tags.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AliasRecord, KeyRepository } from '../../keys.js';
import { OTHER_ACCOUNT, OTHER_REGION, SCOPE, T0, keyIdFor, newKey, withStore } from './fixtures.js';
import type { OpenStore } from './fixtures.js';

const KEY = keyIdFor(1);
const OTHER = keyIdFor(2);
const T1 = new Date('2024-06-01T00:00:00.000Z');

function alias(aliasName: string, targetKeyId: string, at: Date = T0): AliasRecord {
  return { aliasName, targetKeyId, creationDate: at, lastUpdatedDate: at };
}

const names = (aliases: AliasRecord[]) => aliases.map((a) => a.aliasName);

async function twoKeys(keys: KeyRepository): Promise<void> {
  await keys.create(SCOPE, newKey(KEY));
  await keys.create(SCOPE, newKey(OTHER));
}

export function keyAliasContract(open: OpenStore): void {
  describe('key aliases', () => {
    it('creates an alias for an existing key and reads it back', () =>
      withStore(open, async ({ keys }) => {
        await twoKeys(keys);
        const record = { aliasName: 'alias/app', targetKeyId: KEY, creationDate: T0, lastUpdatedDate: T1 };
        assert.equal(await keys.createAlias(SCOPE, record), 'created');
        assert.deepEqual(await keys.alias(SCOPE, 'alias/app'), record);
      }));

    it('refuses a taken name, leaving the alias as it was', () =>
      withStore(open, async ({ keys }) => {
        await twoKeys(keys);
        await keys.createAlias(SCOPE, alias('alias/app', KEY));
        assert.equal(await keys.createAlias(SCOPE, alias('alias/app', OTHER, T1)), 'exists');
        assert.equal(await keys.createAlias(SCOPE, alias('alias/app', KEY, T1)), 'exists');
        assert.deepEqual(await keys.alias(SCOPE, 'alias/app'), alias('alias/app', KEY));
      }));

    it('refuses a target key that does not exist in the same account and region', () =>
      withStore(open, async ({ keys }) => {
        await keys.create(OTHER_REGION, newKey(KEY));
        assert.equal(await keys.createAlias(SCOPE, alias('alias/app', KEY)), 'key-not-found');
        assert.equal(await keys.alias(SCOPE, 'alias/app'), undefined);
        assert.equal(await keys.createAlias(OTHER_REGION, alias('alias/app', KEY)), 'created');
      }));

    it('lets exactly one of concurrent creates of one name win', () =>
      withStore(open, async ({ keys }) => {
        await twoKeys(keys);
        const outcomes = await Promise.all(Array.from({ length: 6 }, (_, i) => keys.createAlias(SCOPE, alias('alias/race', i % 2 ? KEY : OTHER))));
        assert.equal(outcomes.filter((o) => o === 'created').length, 1);
        assert.equal(outcomes.filter((o) => o === 'exists').length, 5);
        const winner = outcomes.indexOf('created') % 2 ? KEY : OTHER;
        assert.equal((await keys.alias(SCOPE, 'alias/race'))?.targetKeyId, winner);
      }));

    it('lists aliases by name, after an exclusive cursor, optionally of one key', () =>
      withStore(open, async ({ keys }) => {
        await twoKeys(keys);
        for (const [name, target] of [['alias/c', KEY], ['alias/a', OTHER], ['alias/d', OTHER], ['alias/b', KEY], ['alias/e', KEY]] as const) {
          await keys.createAlias(SCOPE, alias(name, target));
        }
        await keys.create(OTHER_ACCOUNT, newKey(KEY, 'alias/z'));
        assert.deepEqual(names(await keys.listAliases(SCOPE, { limit: 10 })), ['alias/a', 'alias/b', 'alias/c', 'alias/d', 'alias/e']);
        assert.deepEqual(names(await keys.listAliases(SCOPE, { limit: 2 })), ['alias/a', 'alias/b']);
        assert.deepEqual(names(await keys.listAliases(SCOPE, { afterAliasName: 'alias/b', limit: 2 })), ['alias/c', 'alias/d']);
        assert.deepEqual(names(await keys.listAliases(SCOPE, { afterAliasName: 'alias/bb', limit: 10 })), ['alias/c', 'alias/d', 'alias/e']);
        assert.deepEqual(await keys.listAliases(SCOPE, { afterAliasName: 'alias/e', limit: 10 }), []);
        assert.deepEqual(names(await keys.listAliases(SCOPE, { keyId: KEY, limit: 10 })), ['alias/b', 'alias/c', 'alias/e']);
        assert.deepEqual(names(await keys.listAliases(SCOPE, { keyId: KEY, afterAliasName: 'alias/b', limit: 1 })), ['alias/c']);
        assert.deepEqual(names(await keys.listAliases(SCOPE, { keyId: OTHER, limit: 10 })), ['alias/a', 'alias/d']);
        assert.deepEqual(await keys.listAliases(SCOPE, { keyId: keyIdFor(9), limit: 10 }), []);
        assert.deepEqual(await keys.listAliases(SCOPE, { limit: 1 }), [alias('alias/a', OTHER)]);
        assert.deepEqual(names(await keys.listAliases(OTHER_ACCOUNT, { limit: 10 })), ['alias/z']);
        assert.deepEqual(await keys.listAliases(OTHER_REGION, { limit: 10 }), []);
      }));

    it('points an alias at another key, keeping its creation date', () =>
      withStore(open, async ({ keys }) => {
        await twoKeys(keys);
        await keys.createAlias(SCOPE, alias('alias/app', KEY));
        assert.equal(await keys.updateAlias(SCOPE, 'alias/app', OTHER, T1), 'updated');
        assert.deepEqual(await keys.alias(SCOPE, 'alias/app'), { ...alias('alias/app', OTHER), lastUpdatedDate: T1 });
        assert.deepEqual(names(await keys.listAliases(SCOPE, { keyId: KEY, limit: 10 })), []);
        assert.deepEqual(names(await keys.listAliases(SCOPE, { keyId: OTHER, limit: 10 })), ['alias/app']);
      }));

    it('reports a missing alias or target key on update, changing nothing', () =>
      withStore(open, async ({ keys }) => {
        await twoKeys(keys);
        assert.equal(await keys.updateAlias(SCOPE, 'alias/none', KEY, T1), 'not-found');
        assert.equal(await keys.alias(SCOPE, 'alias/none'), undefined, 'updating did not create it');
        await keys.createAlias(SCOPE, alias('alias/app', KEY));
        assert.equal(await keys.updateAlias(SCOPE, 'alias/app', keyIdFor(9), T1), 'key-not-found');
        assert.equal(await keys.updateAlias(OTHER_REGION, 'alias/app', KEY, T1), 'not-found');
        assert.deepEqual(await keys.alias(SCOPE, 'alias/app'), alias('alias/app', KEY));
      }));

    it('deletes an alias, leaving its key, and reports whether it existed', () =>
      withStore(open, async ({ keys }) => {
        await keys.create(SCOPE, newKey(KEY, 'alias/app'));
        assert.equal(await keys.deleteAlias(OTHER_REGION, 'alias/app'), false);
        assert.equal(await keys.deleteAlias(SCOPE, 'alias/app'), true);
        assert.equal(await keys.alias(SCOPE, 'alias/app'), undefined);
        assert.ok(await keys.get(SCOPE, KEY));
        assert.equal(await keys.deleteAlias(SCOPE, 'alias/app'), false);
        assert.equal(await keys.createAlias(SCOPE, alias('alias/app', KEY, T1)), 'created', 'the name is free again');
      }));
  });
}

export function keyTagContract(open: OpenStore): void {
  describe('key tags', () => {
    it('returns tags sorted by key, an empty list without tags, undefined without the key', () =>
      withStore(open, async ({ keys }) => {
        const tags = [{ tagKey: 'b', tagValue: '2' }, { tagKey: 'B', tagValue: 'upper' }, { tagKey: 'a', tagValue: '' }];
        await keys.create(SCOPE, newKey(KEY, undefined, tags));
        await keys.create(SCOPE, newKey(OTHER));
        assert.deepEqual(await keys.tags(SCOPE, KEY), [
          { tagKey: 'B', tagValue: 'upper' }, { tagKey: 'a', tagValue: '' }, { tagKey: 'b', tagValue: '2' },
        ]);
        assert.deepEqual(await keys.tags(SCOPE, OTHER), []);
        assert.equal(await keys.tags(SCOPE, keyIdFor(9)), undefined);
        assert.equal(await keys.tags(OTHER_REGION, KEY), undefined);
      }));

    it('adds tags, overwriting the values of existing keys; the last of duplicates wins', () =>
      withStore(open, async ({ keys }) => {
        await keys.create(SCOPE, newKey(KEY, undefined, [{ tagKey: 'env', tagValue: 'dev' }]));
        const added = [{ tagKey: 'env', tagValue: 'prod' }, { tagKey: 'team', tagValue: 'x' }, { tagKey: 'team', tagValue: 'core' }];
        assert.equal(await keys.tag(SCOPE, KEY, added, 50), 'ok');
        assert.deepEqual(await keys.tags(SCOPE, KEY), [{ tagKey: 'env', tagValue: 'prod' }, { tagKey: 'team', tagValue: 'core' }]);
      }));

    it('refuses to go above the tag limit and changes nothing, while overwrites do not count', () =>
      withStore(open, async ({ keys }) => {
        const start = [{ tagKey: 'k1', tagValue: '1' }, { tagKey: 'k2', tagValue: '2' }];
        await keys.create(SCOPE, newKey(KEY, undefined, start));
        const three = [{ tagKey: 'k2', tagValue: 'two' }, { tagKey: 'k3', tagValue: '3' }, { tagKey: 'k4', tagValue: '4' }];
        assert.equal(await keys.tag(SCOPE, KEY, three, 3), 'too-many');
        assert.deepEqual(await keys.tags(SCOPE, KEY), start);
        assert.equal(await keys.tag(SCOPE, KEY, [{ tagKey: 'k1', tagValue: 'one' }, { tagKey: 'k3', tagValue: '3' }], 3), 'ok');
        assert.equal(await keys.tag(SCOPE, KEY, [{ tagKey: 'k2', tagValue: 'two' }], 3), 'ok');
        assert.deepEqual(await keys.tags(SCOPE, KEY), [
          { tagKey: 'k1', tagValue: 'one' }, { tagKey: 'k2', tagValue: 'two' }, { tagKey: 'k3', tagValue: '3' },
        ]);
      }));

    it('removes tags, ignoring keys that are absent', () =>
      withStore(open, async ({ keys }) => {
        await keys.create(SCOPE, newKey(KEY, undefined, [{ tagKey: 'x', tagValue: '1' }, { tagKey: 'y', tagValue: '2' }]));
        assert.equal(await keys.untag(SCOPE, KEY, ['x', 'nope']), 'ok');
        assert.deepEqual(await keys.tags(SCOPE, KEY), [{ tagKey: 'y', tagValue: '2' }]);
        assert.equal(await keys.untag(SCOPE, KEY, ['nope']), 'ok');
        assert.equal(await keys.untag(SCOPE, KEY, []), 'ok');
        assert.deepEqual(await keys.tags(SCOPE, KEY), [{ tagKey: 'y', tagValue: '2' }]);
      }));

    it('reports a missing key on tag and untag, in its own scope only', () =>
      withStore(open, async ({ keys }) => {
        await keys.create(OTHER_ACCOUNT, newKey(KEY));
        assert.equal(await keys.tag(SCOPE, KEY, [{ tagKey: 'k', tagValue: 'v' }], 50), 'not-found');
        assert.equal(await keys.untag(SCOPE, KEY, ['k']), 'not-found');
        assert.equal(await keys.tags(SCOPE, KEY), undefined, 'tagging did not create it');
        assert.deepEqual(await keys.tags(OTHER_ACCOUNT, KEY), []);
      }));

    it('keeps tags per key', () =>
      withStore(open, async ({ keys }) => {
        await keys.create(SCOPE, newKey(KEY, undefined, [{ tagKey: 'owner', tagValue: 'a' }]));
        await keys.create(SCOPE, newKey(OTHER, undefined, [{ tagKey: 'owner', tagValue: 'b' }]));
        await keys.tag(SCOPE, KEY, [{ tagKey: 'owner', tagValue: 'A' }], 50);
        await keys.untag(SCOPE, OTHER, ['none']);
        assert.deepEqual(await keys.tags(SCOPE, KEY), [{ tagKey: 'owner', tagValue: 'A' }]);
        assert.deepEqual(await keys.tags(SCOPE, OTHER), [{ tagKey: 'owner', tagValue: 'b' }]);
      }));
  });
}
