// Contract: reading parameters (get, getVersion, getLabelled, history) and listing by path.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ListQuery, ParameterRepository } from '../../parameters.js';
import { OTHER_ACCOUNT, OTHER_REGION, SCOPE, put, putVersions, text, withStore } from './fixtures.js';
import type { OpenStore } from './fixtures.js';

// Byte order puts '-' (2d) < '.' (2e) < '/' (2f) < '0' (30) < 'A' < '_' < 'a'.
const TREE = ['/a', '/a-b', '/a.b', '/a/b', '/a/b/c', '/a/b/c/d', '/a/c', '/a0', '/ab', '/B', '/root', '/x/a/b', '/_u'];

async function plant(parameters: ParameterRepository): Promise<void> {
  // Created in reverse so that insertion order cannot pass for name order.
  for (const name of [...TREE].reverse()) await put(parameters, name);
}

async function names(parameters: ParameterRepository, query: ListQuery): Promise<string[]> {
  return (await parameters.list(SCOPE, query)).map((h) => h.name);
}

export function parameterReadContract(open: OpenStore): void {
  describe('get, getVersion, getLabelled, history', () => {
    it('returns undefined for a missing parameter, version or label', () =>
      withStore(open, async ({ parameters }) => {
        assert.equal(await parameters.get(SCOPE, '/nope'), undefined);
        await putVersions(parameters, '/a', 2);
        assert.equal(await parameters.getVersion(SCOPE, '/a', 3), undefined);
        assert.equal(await parameters.getVersion(SCOPE, '/a', 0), undefined);
        assert.equal(await parameters.getVersion(SCOPE, '/nope', 1), undefined);
        assert.equal(await parameters.getLabelled(SCOPE, '/a', 'none'), undefined);
        assert.equal(await parameters.getLabelled(SCOPE, '/nope', 'none'), undefined);
        assert.deepEqual(await parameters.history(SCOPE, '/nope', 0, 10), []);
      }));

    it('reads a given version and the version a label points to, with its labels', () =>
      withStore(open, async ({ parameters }) => {
        await putVersions(parameters, '/a', 3);
        await parameters.label(SCOPE, '/a', 2, ['zeta', 'Alpha', 'beta'], 10);
        const second = await parameters.getVersion(SCOPE, '/a', 2);
        assert.equal(text(second?.value ?? Buffer.alloc(0)), 'v2');
        assert.deepEqual(second?.labels, ['Alpha', 'beta', 'zeta']);
        const labelled = await parameters.getLabelled(SCOPE, '/a', 'beta');
        assert.equal(labelled?.version, 2);
        assert.deepEqual(labelled?.labels, ['Alpha', 'beta', 'zeta']);
        assert.equal(await parameters.getLabelled(SCOPE, '/a', 'BETA'), undefined, 'labels are case-sensitive');
        assert.deepEqual((await parameters.get(SCOPE, '/a'))?.latest.labels, []);
      }));

    it('pages through history in ascending order after a version', () =>
      withStore(open, async ({ parameters }) => {
        await putVersions(parameters, '/a', 5);
        await parameters.label(SCOPE, '/a', 4, ['four'], 10);
        const first = await parameters.history(SCOPE, '/a', 0, 2);
        assert.deepEqual(first.map((v) => v.version), [1, 2]);
        assert.deepEqual((await parameters.history(SCOPE, '/a', 2, 2)).map((v) => [v.version, v.labels]), [[3, []], [4, ['four']]]);
        assert.deepEqual((await parameters.history(SCOPE, '/a', 4, 2)).map((v) => v.version), [5]);
        assert.deepEqual(await parameters.history(SCOPE, '/a', 5, 2), []);
        assert.deepEqual((await parameters.history(SCOPE, '/a', 0, 100)).map((v) => text(v.value)), ['v1', 'v2', 'v3', 'v4', 'v5']);
      }));
  });

  describe('list', () => {
    it('lists everything in the scope in byte order of name', () =>
      withStore(open, async ({ parameters }) => {
        await plant(parameters);
        await put(parameters, '/elsewhere', { scope: OTHER_REGION });
        await put(parameters, '/elsewhere', { scope: OTHER_ACCOUNT });
        const sorted = [...TREE].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
        assert.deepEqual(await names(parameters, { limit: 100 }), sorted);
        assert.deepEqual(await names(parameters, { below: '/', limit: 100 }), sorted);
      }));

    it('lists every name strictly below a path, recursively', () =>
      withStore(open, async ({ parameters }) => {
        await plant(parameters);
        const expected = ['/a/b', '/a/b/c', '/a/b/c/d', '/a/c'];
        assert.deepEqual(await names(parameters, { below: '/a', limit: 100 }), expected);
        assert.deepEqual(await names(parameters, { below: '/a/', limit: 100 }), expected, 'a trailing slash means the same path');
        assert.deepEqual(await names(parameters, { below: '/a/b', limit: 100 }), ['/a/b/c', '/a/b/c/d']);
        assert.deepEqual(await names(parameters, { below: '/a/b/c/d', limit: 100 }), []);
        assert.deepEqual(await names(parameters, { below: '/nothing', limit: 100 }), []);
        assert.deepEqual(await names(parameters, { below: '/x', limit: 100 }), ['/x/a/b']);
      }));

    it('lists only direct children with oneLevel', () =>
      withStore(open, async ({ parameters }) => {
        await plant(parameters);
        assert.deepEqual(await names(parameters, { below: '/a', oneLevel: true, limit: 100 }), ['/a/b', '/a/c']);
        assert.deepEqual(await names(parameters, { below: '/a/', oneLevel: true, limit: 100 }), ['/a/b', '/a/c']);
        assert.deepEqual(await names(parameters, { below: '/a/b', oneLevel: true, limit: 100 }), ['/a/b/c']);
        assert.deepEqual(await names(parameters, { below: '/x', oneLevel: true, limit: 100 }), [], '/x/a/b is two levels down');
        assert.deepEqual(
          await names(parameters, { below: '/', oneLevel: true, limit: 100 }),
          ['/B', '/_u', '/a', '/a-b', '/a.b', '/a0', '/ab', '/root'],
          'one level below / is every root-level name',
        );
      }));

    it('pages with afterName and limit, visiting each name once', () =>
      withStore(open, async ({ parameters }) => {
        await plant(parameters);
        for (const query of [{ below: '/' }, { below: '/a' }, { below: '/', oneLevel: true }, { below: '/a', oneLevel: true }]) {
          const all = await names(parameters, { ...query, limit: 100 });
          const paged: string[] = [];
          let afterName: string | undefined;
          for (;;) {
            const page = await names(parameters, { ...query, limit: 3, ...(afterName === undefined ? {} : { afterName }) });
            assert.ok(page.length <= 3);
            paged.push(...page);
            if (page.length < 3) break;
            afterName = page[page.length - 1];
          }
          assert.deepEqual(paged, all, JSON.stringify(query));
        }
      }));

    it('continues strictly after afterName even when that name no longer exists', () =>
      withStore(open, async ({ parameters }) => {
        await plant(parameters);
        assert.deepEqual(await names(parameters, { below: '/a', afterName: '/a/b', limit: 2 }), ['/a/b/c', '/a/b/c/d']);
        assert.deepEqual(await names(parameters, { below: '/a', afterName: '/a/bb', limit: 10 }), ['/a/c']);
        assert.deepEqual(await names(parameters, { below: '/a', afterName: '/', limit: 1 }), ['/a/b'], 'a cursor before the path');
        assert.deepEqual(await names(parameters, { below: '/a', afterName: '/z', limit: 10 }), [], 'a cursor after the path');
        assert.deepEqual(await names(parameters, { afterName: '/ab', limit: 2 }), ['/root', '/x/a/b']);
        assert.deepEqual(await names(parameters, { below: '/', oneLevel: true, afterName: '/a0', limit: 10 }), ['/ab', '/root']);
        assert.deepEqual(await names(parameters, { limit: 0 }), []);
      }));

    it('returns heads with the latest version, its labels and the display name', () =>
      withStore(open, async ({ parameters }) => {
        await putVersions(parameters, '/app/url', 2, { displayName: 'app/url' });
        await parameters.label(SCOPE, '/app/url', 2, ['live'], 10);
        await parameters.label(SCOPE, '/app/url', 1, ['old'], 10);
        const [head, ...rest] = await parameters.list(SCOPE, { below: '/app', limit: 10 });
        assert.equal(rest.length, 0);
        assert.equal(head?.displayName, 'app/url');
        assert.equal(head?.latest.version, 2);
        assert.equal(text(head?.latest.value ?? Buffer.alloc(0)), 'v2');
        assert.deepEqual(head?.latest.labels, ['live']);
      }));
  });
}
