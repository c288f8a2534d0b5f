// Contract: listPaths, the direct child paths of a path (the console's tree). Children come in byte
// order of their segment, each once, although their rows interleave in the index: `/a` < `/a-x/y` <
// `/a/b` ('-' and '.' sort before '/').

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ParameterRepository, PathQuery } from '../../parameters.js';
import { OTHER_ACCOUNT, OTHER_REGION, SCOPE, put, withStore } from './fixtures.js';
import type { OpenStore } from './fixtures.js';

// `/a` is both a parameter and a path; `/solo` and `/z` are parameters only; `/é` and `/😀` are
// multi-byte; `/a-`, `/a--` and `/a.b` sort before `/a/…` but after `a`.
const TREE = [
  '/a', '/a/b', '/a/b/c', '/a/b/c/d/e', '/a-x/y', '/a-/d', '/a--/e', '/a.b/c', '/a_b/c', '/a0/c', '/ab/c',
  '/B/c', '/é/x', '/😀/x', '/solo', '/z', '/deep/1/2/3/4/5/6/7/8/9/10/11/12/13/14',
];
const ROOT_CHILDREN = ['/B', '/a', '/a-', '/a--', '/a-x', '/a.b', '/a0', '/a_b', '/ab', '/deep', '/é', '/😀'];

async function plant(parameters: ParameterRepository): Promise<void> {
  // Created in reverse so that insertion order cannot pass for name order.
  for (const name of [...TREE].reverse()) await put(parameters, name);
}

const paths = (parameters: ParameterRepository, query: PathQuery) => parameters.listPaths(SCOPE, query);

/** Every page of `limit`, each resuming after the last child of the one before. */
async function paged(parameters: ParameterRepository, below: string, limit: number): Promise<string[]> {
  const all: string[] = [];
  for (;;) {
    const last = all.at(-1);
    const page = await paths(parameters, { below, limit, ...(last === undefined ? {} : { afterPath: last }) });
    assert.ok(page.length <= limit);
    all.push(...page);
    if (page.length < limit) return all;
  }
}

export function parameterPathContract(open: OpenStore): void {
  describe('listPaths', () => {
    it("lists the root's children in byte order of their segment, each once, only those with something below", () =>
      withStore(open, async ({ parameters }) => {
        await plant(parameters);
        // Parameters named without a leading slash are root-level parameters, not paths.
        await put(parameters, '/plain', { displayName: 'plain' });
        await put(parameters, '/elsewhere/x', { scope: OTHER_REGION });
        await put(parameters, '/elsewhere/x', { scope: OTHER_ACCOUNT });
        assert.deepEqual(await paths(parameters, { below: '/', limit: 100 }), ROOT_CHILDREN);
      }));

    it('lists the children of deeper paths, with or without a trailing slash', () =>
      withStore(open, async ({ parameters }) => {
        await plant(parameters);
        assert.deepEqual(await paths(parameters, { below: '/a', limit: 100 }), ['/a/b']);
        assert.deepEqual(await paths(parameters, { below: '/a/', limit: 100 }), ['/a/b']);
        assert.deepEqual(await paths(parameters, { below: '/a/b', limit: 100 }), ['/a/b/c']);
        assert.deepEqual(await paths(parameters, { below: '/a/b/c', limit: 100 }), ['/a/b/c/d']);
        assert.deepEqual(await paths(parameters, { below: '/a/b/c/d', limit: 100 }), [], '/a/b/c/d/e is a parameter, not a path');
        assert.deepEqual(await paths(parameters, { below: '/deep/1/2/3/4/5/6/7/8/9/10/11/12', limit: 100 }), ['/deep/1/2/3/4/5/6/7/8/9/10/11/12/13']);
        assert.deepEqual(await paths(parameters, { below: '/solo', limit: 100 }), []);
        assert.deepEqual(await paths(parameters, { below: '/nowhere', limit: 100 }), []);
        assert.deepEqual(await paths(parameters, { below: '/é', limit: 100 }), []);
      }));

    it('pages across interleaved children, visiting each once', () =>
      withStore(open, async ({ parameters }) => {
        await plant(parameters);
        for (const limit of [1, 2, 3, 5]) assert.deepEqual(await paged(parameters, '/', limit), ROOT_CHILDREN, `pages of ${limit}`);
        assert.deepEqual(await paths(parameters, { below: '/', afterPath: '/a', limit: 2 }), ['/a-', '/a--'], "after `a`, whose subtree sorts after `a-x`'s");
        assert.deepEqual(await paths(parameters, { below: '/', afterPath: '/a-x', limit: 2 }), ['/a.b', '/a0'], 'skipping `/a/…`, which sorts later');
        assert.deepEqual(await paths(parameters, { below: '/', afterPath: '/😀', limit: 2 }), []);
        assert.deepEqual(await paths(parameters, { below: '/', limit: 0 }), []);
      }));

    it('continues after a child that no longer exists, and sees what was written since', () =>
      withStore(open, async ({ parameters }) => {
        await plant(parameters);
        assert.ok(await parameters.delete(SCOPE, '/a-x/y'));
        assert.deepEqual(await paths(parameters, { below: '/', afterPath: '/a-x', limit: 2 }), ['/a.b', '/a0']);
        await put(parameters, '/a-y/z');
        assert.deepEqual(await paths(parameters, { below: '/', afterPath: '/a--', limit: 2 }), ['/a-y', '/a.b']);
        for (const name of ['/a/b', '/a/b/c', '/a/b/c/d/e']) assert.ok(await parameters.delete(SCOPE, name));
        assert.deepEqual(await paths(parameters, { below: '/', limit: 3 }), ['/B', '/a-', '/a--'], '`/a` alone is no path any more');
      }));

    it('lists many children with many parameters below each', () =>
      withStore(open, async ({ parameters }) => {
        for (let app = 0; app < 12; app++) for (let key = 0; key < 5; key++) await put(parameters, `/app-${String(app).padStart(2, '0')}/env/k${key}`);
        const all = Array.from({ length: 12 }, (_, app) => `/app-${String(app).padStart(2, '0')}`);
        assert.deepEqual(await paged(parameters, '/', 5), all);
        assert.deepEqual(await paths(parameters, { below: '/app-03', limit: 10 }), ['/app-03/env']);
      }));
  });
}
