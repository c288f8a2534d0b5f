// The child-path walk against a brute-force reference over an in-memory parent index: every tree,
// path, cursor and page size gives the reference's children, and the walk's seeks stay a few per child.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { childPathWalk, walkSync, type ParentSeek } from './child-paths.js';
import { compareBytes, parentOf, pathBounds } from './parameter-paths.js';

/** A sorted parent index over `names`, answering seeks as the SQL does, counting them. */
function index(names: string[]) {
  const parents = [...new Set(names.map(parentOf))].sort(compareBytes);
  let seeks = 0;
  const seek = (s: ParentSeek): string | undefined => {
    seeks += 1;
    return parents.find((p) => (s.inclusive ? compareBytes(p, s.low) >= 0 : compareBytes(p, s.low) > 0) && compareBytes(p, s.upper) < 0);
  };
  return { seek, seeks: () => seeks };
}

/** The children of `below` by definition: segments with some name strictly below them. */
function reference(names: string[], below: string, afterPath?: string): string[] {
  const { lower: prefix } = pathBounds(below);
  const children = new Set<string>();
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const rest = name.slice(prefix.length);
    const slash = rest.indexOf('/');
    if (slash > 0) children.add(`${prefix}${rest.slice(0, slash)}`);
  }
  return [...children].sort(compareBytes).filter((c) => afterPath === undefined || compareBytes(c, afterPath) > 0);
}

function list(names: string[], below: string, afterPath: string | undefined, limit: number): string[] {
  return walkSync(childPathWalk(below, afterPath, limit), index(names).seek);
}

/** Every page of `limit`, each resuming after the last child of the one before. */
function paged(names: string[], below: string, limit: number): string[] {
  const all: string[] = [];
  for (;;) {
    const page = list(names, below, all.at(-1), limit);
    all.push(...page);
    if (page.length < limit) return all;
  }
}

const TRICKY = ['/a', '/a-x/y', '/a/b', '/a/b/c', '/a.b/c', '/a_b/c', '/a-/d', '/a--/e', '/ab/c', '/a0/c', '/B/c', '/é/x', '/e/x', '/😀/x', '/z'];

describe('childPathWalk', () => {
  it("lists children in byte order of their segment, not of their parents, each once", () => {
    // '-' and '.' sort before '/', '_' and '0' after it: `a` comes before `a-`, `a--`, `a-x` and `a.b`.
    assert.deepEqual(list(TRICKY, '/', undefined, 100), ['/B', '/a', '/a-', '/a--', '/a-x', '/a.b', '/a0', '/a_b', '/ab', '/e', '/é', '/😀']);
    assert.deepEqual(list(TRICKY, '/a', undefined, 100), ['/a/b']);
    assert.deepEqual(list(TRICKY, '/a/', undefined, 100), ['/a/b'], 'a trailing slash means the same path');
    assert.deepEqual(list(TRICKY, '/a/b', undefined, 100), [], '/a/b/c is a parameter, not a path');
    assert.deepEqual(list(TRICKY, '/nowhere', undefined, 100), []);
  });

  it('pages through the interleaved children one by one', () => {
    assert.deepEqual(paged(TRICKY, '/', 1), list(TRICKY, '/', undefined, 100));
    assert.deepEqual(list(TRICKY, '/', '/a-x', 2), ['/a.b', '/a0']);
    assert.deepEqual(list(TRICKY, '/', '/a', 1), ['/a-'], 'after a child whose subtree sorts later');
  });

  it('resumes after any path: before the prefix, past it, or one that is no child', () => {
    assert.deepEqual(list(TRICKY, '/a', '/', 10), ['/a/b']);
    assert.deepEqual(list(TRICKY, '/a', '/a', 10), ['/a/b']);
    assert.deepEqual(list(TRICKY, '/a', '/a/b', 10), []);
    assert.deepEqual(list(TRICKY, '/a', '/a/a/zzz', 10), ['/a/b']);
    assert.deepEqual(list(TRICKY, '/a', '/b', 10), []);
    assert.deepEqual(list(TRICKY, '/', '/a-x/y', 2), ['/a.b', '/a0']);
    assert.deepEqual(list(TRICKY, '/', undefined, 0), []);
  });

  it('costs about one seek per child, whatever lies below', () => {
    const names: string[] = [];
    for (let app = 0; app < 100; app++) for (let env = 0; env < 10; env++) for (let key = 0; key < 10; key++) names.push(`/app${app}/env${env}/k${key}`);
    for (let key = 0; key < 500; key++) names.push(`/root-level-${key}`);
    const counted = index(names);
    assert.equal(walkSync(childPathWalk('/', undefined, 1000), counted.seek).length, 100);
    assert.ok(counted.seeks() <= 101, `${counted.seeks()} seeks`);
  });

  it('agrees with the reference on random trees, paths, cursors and page sizes', () => {
    const segment = fc.string({ unit: fc.constantFrom('a', 'b', '-', '.', '_', '0', 'A', 'é', '😀'), minLength: 1, maxLength: 3 });
    const name = fc.array(segment, { minLength: 1, maxLength: 4 }).map((segments) => `/${segments.join('/')}`);
    fc.assert(
      fc.property(fc.array(name, { minLength: 0, maxLength: 40 }), fc.nat(), fc.integer({ min: 1, max: 5 }), (names, pick, limit) => {
        // The root, or a path some name lies below (or at).
        const paths = ['/', ...names.map(parentOf)];
        const below = paths[pick % paths.length] ?? '/';
        const expected = reference(names, below);
        assert.deepEqual(list(names, below, undefined, 1000), expected);
        assert.deepEqual(paged(names, below, limit), expected);
        const after = names[pick % Math.max(1, names.length)];
        if (after !== undefined) assert.deepEqual(list(names, below, after, 1000), reference(names, below, after));
      }),
      { numRuns: 500 },
    );
  });
});
