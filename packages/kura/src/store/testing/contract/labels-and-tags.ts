// Contract: labels (LabelParameterVersion / UnlabelParameterVersion) and tags.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ParameterRepository } from '../../parameters.js';
import { SCOPE, put, putVersions, withStore } from './fixtures.js';
import type { OpenStore } from './fixtures.js';

async function labelsOf(parameters: ParameterRepository, name: string): Promise<Array<[number, string[]]>> {
  return (await parameters.history(SCOPE, name, 0, 100)).map((v) => [v.version, v.labels]);
}

const tenLabels = Array.from({ length: 10 }, (_, i) => `l${i}`);

export function labelContract(open: OpenStore): void {
  describe('label', () => {
    it('labels the latest version when no version is given', () =>
      withStore(open, async ({ parameters }) => {
        await putVersions(parameters, '/a', 3);
        assert.deepEqual(await parameters.label(SCOPE, '/a', undefined, ['current'], 10), { outcome: 'labelled', version: 3 });
        assert.deepEqual(await labelsOf(parameters, '/a'), [[1, []], [2, []], [3, ['current']]]);
      }));

    it('moves a label that is already on another version', () =>
      withStore(open, async ({ parameters }) => {
        await putVersions(parameters, '/a', 3);
        await parameters.label(SCOPE, '/a', 1, ['prod', 'keep'], 10);
        assert.deepEqual(await parameters.label(SCOPE, '/a', 2, ['prod'], 10), { outcome: 'labelled', version: 2 });
        assert.deepEqual(await labelsOf(parameters, '/a'), [[1, ['keep']], [2, ['prod']], [3, []]]);
        assert.equal((await parameters.getLabelled(SCOPE, '/a', 'prod'))?.version, 2);
      }));

    it('accepts a label already on that version and duplicates in one request', () =>
      withStore(open, async ({ parameters }) => {
        await putVersions(parameters, '/a', 1);
        await parameters.label(SCOPE, '/a', 1, tenLabels, 10);
        assert.deepEqual(await parameters.label(SCOPE, '/a', 1, ['l0', 'l0', 'l9'], 10), { outcome: 'labelled', version: 1 });
        assert.equal((await parameters.getVersion(SCOPE, '/a', 1))?.labels.length, 10);
      }));

    it('refuses more labels per version than allowed, counted after moving, and changes nothing', () =>
      withStore(open, async ({ parameters }) => {
        await putVersions(parameters, '/a', 2);
        await parameters.label(SCOPE, '/a', 1, tenLabels.slice(0, 9), 10);
        await parameters.label(SCOPE, '/a', 2, ['mover', 'other'], 10);
        // Version 1 has 9: one more (moved from version 2) fits, two do not.
        assert.deepEqual(await parameters.label(SCOPE, '/a', 1, ['mover', 'other'], 10), { outcome: 'limit-exceeded' });
        assert.deepEqual(await labelsOf(parameters, '/a'), [[1, tenLabels.slice(0, 9)], [2, ['mover', 'other']]]);
        assert.deepEqual(await parameters.label(SCOPE, '/a', 1, ['mover'], 10), { outcome: 'labelled', version: 1 });
        assert.equal((await parameters.getVersion(SCOPE, '/a', 1))?.labels.length, 10);
        assert.deepEqual((await parameters.getVersion(SCOPE, '/a', 2))?.labels, ['other']);
        // A moved label counts on its new version only.
        assert.deepEqual(await parameters.label(SCOPE, '/a', 2, ['l0'], 2), { outcome: 'labelled', version: 2 });
        assert.deepEqual(await parameters.label(SCOPE, '/a', 2, ['x', 'y'], 2), { outcome: 'limit-exceeded' });
      }));

    it('reports a missing parameter or version', () =>
      withStore(open, async ({ parameters }) => {
        assert.deepEqual(await parameters.label(SCOPE, '/missing', undefined, ['x'], 10), { outcome: 'not-found' });
        await putVersions(parameters, '/a', 3, { maxVersions: 2 });
        assert.deepEqual(await parameters.label(SCOPE, '/a', 4, ['x'], 10), { outcome: 'version-not-found' });
        assert.deepEqual(await parameters.label(SCOPE, '/a', 1, ['x'], 10), { outcome: 'version-not-found' }, 'evicted versions are gone');
        assert.deepEqual(await labelsOf(parameters, '/a'), [[2, []], [3, []]]);
      }));
  });

  describe('unlabel', () => {
    it('removes labels on that version and reports the others as invalid', () =>
      withStore(open, async ({ parameters }) => {
        await putVersions(parameters, '/a', 2);
        await parameters.label(SCOPE, '/a', 1, ['one', 'uno'], 10);
        await parameters.label(SCOPE, '/a', 2, ['two'], 10);
        assert.deepEqual(await parameters.unlabel(SCOPE, '/a', 1, ['uno', 'two', 'ghost']), {
          outcome: 'unlabelled', removed: ['uno'], invalid: ['two', 'ghost'],
        });
        assert.deepEqual(await labelsOf(parameters, '/a'), [[1, ['one']], [2, ['two']]]);
        assert.deepEqual(await parameters.unlabel(SCOPE, '/a', 1, ['uno']), { outcome: 'unlabelled', removed: [], invalid: ['uno'] });
      }));

    it('reports a missing parameter or version', () =>
      withStore(open, async ({ parameters }) => {
        assert.deepEqual(await parameters.unlabel(SCOPE, '/missing', 1, ['x']), { outcome: 'not-found' });
        await putVersions(parameters, '/a', 1);
        assert.deepEqual(await parameters.unlabel(SCOPE, '/a', 2, ['x']), { outcome: 'version-not-found' });
      }));
  });
}

export function tagContract(open: OpenStore): void {
  describe('tags', () => {
    it('returns tags sorted by key, an empty list without tags, undefined without the parameter', () =>
      withStore(open, async ({ parameters }) => {
        await put(parameters, '/tagged', { tags: [{ key: 'b', value: '2' }, { key: 'B', value: 'upper' }, { key: 'a', value: '' }] });
        await put(parameters, '/bare');
        assert.deepEqual(await parameters.tags(SCOPE, '/tagged'), [
          { key: 'B', value: 'upper' }, { key: 'a', value: '' }, { key: 'b', value: '2' },
        ]);
        assert.deepEqual(await parameters.tags(SCOPE, '/bare'), []);
        assert.equal(await parameters.tags(SCOPE, '/missing'), undefined);
      }));

    it('adds tags, overwriting the values of existing keys', () =>
      withStore(open, async ({ parameters }) => {
        await put(parameters, '/a', { tags: [{ key: 'env', value: 'dev' }] });
        assert.equal(await parameters.addTags(SCOPE, '/a', [{ key: 'env', value: 'prod' }, { key: 'team', value: 'core' }], 50), 'ok');
        assert.deepEqual(await parameters.tags(SCOPE, '/a'), [{ key: 'env', value: 'prod' }, { key: 'team', value: 'core' }]);
      }));

    it('refuses to go above the tag limit and changes nothing, while overwrites do not count', () =>
      withStore(open, async ({ parameters }) => {
        await put(parameters, '/a', { tags: [{ key: 'k1', value: '1' }, { key: 'k2', value: '2' }] });
        const three = [{ key: 'k2', value: 'two' }, { key: 'k3', value: '3' }, { key: 'k4', value: '4' }];
        assert.equal(await parameters.addTags(SCOPE, '/a', three, 3), 'too-many');
        assert.deepEqual(await parameters.tags(SCOPE, '/a'), [{ key: 'k1', value: '1' }, { key: 'k2', value: '2' }]);
        assert.equal(await parameters.addTags(SCOPE, '/a', [{ key: 'k1', value: 'one' }, { key: 'k3', value: '3' }], 3), 'ok');
        assert.equal(await parameters.addTags(SCOPE, '/a', [{ key: 'k2', value: 'two' }], 3), 'ok');
        assert.deepEqual(await parameters.tags(SCOPE, '/a'), [
          { key: 'k1', value: 'one' }, { key: 'k2', value: 'two' }, { key: 'k3', value: '3' },
        ]);
      }));

    it('removes tags, ignoring keys that are absent', () =>
      withStore(open, async ({ parameters }) => {
        await put(parameters, '/a', { tags: [{ key: 'x', value: '1' }, { key: 'y', value: '2' }] });
        assert.equal(await parameters.removeTags(SCOPE, '/a', ['x', 'nope']), 'ok');
        assert.deepEqual(await parameters.tags(SCOPE, '/a'), [{ key: 'y', value: '2' }]);
        assert.equal(await parameters.removeTags(SCOPE, '/a', ['nope']), 'ok');
        assert.deepEqual(await parameters.tags(SCOPE, '/a'), [{ key: 'y', value: '2' }]);
      }));

    it('reports a missing parameter on add and remove', () =>
      withStore(open, async ({ parameters }) => {
        assert.equal(await parameters.addTags(SCOPE, '/missing', [{ key: 'k', value: 'v' }], 50), 'not-found');
        assert.equal(await parameters.removeTags(SCOPE, '/missing', ['k']), 'not-found');
        assert.equal(await parameters.tags(SCOPE, '/missing'), undefined, 'adding did not create it');
      }));

    it('keeps tags per parameter and through overwrites', () =>
      withStore(open, async ({ parameters }) => {
        await put(parameters, '/a', { tags: [{ key: 'owner', value: 'a' }] });
        await put(parameters, '/b', { tags: [{ key: 'owner', value: 'b' }] });
        await put(parameters, '/a', { expectedLatest: 1 });
        assert.deepEqual(await parameters.tags(SCOPE, '/a'), [{ key: 'owner', value: 'a' }]);
        assert.deepEqual(await parameters.tags(SCOPE, '/b'), [{ key: 'owner', value: 'b' }]);
      }));
  });
}
