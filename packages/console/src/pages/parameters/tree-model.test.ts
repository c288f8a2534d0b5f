import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  addPage,
  ancestorsOf,
  emptyTree,
  failPage,
  labelOf,
  normalizeTreePath,
  parentOf,
  revealPath,
  setExpanded,
  startPage,
  visibleItems,
  withLevel,
  type ParameterSummary,
  type TreeState,
} from './tree-model.js';

const param = (name: string): ParameterSummary => ({ name, type: 'String', version: 1 });

/** A level with these sub-paths and parameters loaded (first page), and maybe more to come. */
function loaded(state: TreeState, path: string, paths: string[], names: string[], more: { paths?: string; parameters?: string } = {}): TreeState {
  return withLevel(state, path, (l) => ({
    paths: addPage(startPage(l.paths), paths, more.paths, (p) => p),
    parameters: addPage(startPage(l.parameters), names.map(param), more.parameters, (p) => p.name),
  }));
}

const ids = (state: TreeState) => visibleItems(state).map((i) => `${i.level}:${i.id}`);

test('paths: normalised from the route, parents, labels, ancestors', () => {
  assert.equal(normalizeTreePath(undefined), '/');
  assert.equal(normalizeTreePath(''), '/');
  assert.equal(normalizeTreePath('/'), '/');
  assert.equal(normalizeTreePath(' /a/b/ '), '/a/b');
  assert.equal(normalizeTreePath('a/b'), '/a/b');
  assert.equal(normalizeTreePath('///'), '/');
  assert.equal(parentOf('/a/b'), '/a');
  assert.equal(parentOf('/a'), '/');
  assert.equal(parentOf('/'), '/');
  assert.equal(labelOf('/goecssample/database'), 'database');
  assert.equal(labelOf('/'), '/');
  assert.equal(labelOf('top-level'), 'top-level');
  assert.deepEqual(ancestorsOf('/'), ['/']);
  assert.deepEqual(ancestorsOf('/a/b/c'), ['/', '/a', '/a/b', '/a/b/c']);
});

test('visible items: the root alone until opened; then paths, their "more", parameters, their "more"', () => {
  let state = emptyTree();
  assert.deepEqual(ids(state), ['1:p:/']);
  state = setExpanded(state, '/', true);
  assert.deepEqual(ids(state), ['1:p:/'], 'nothing loaded yet');
  state = loaded(state, '/', ['/a', '/b'], ['/top'], { paths: 'T1', parameters: 'T2' });
  assert.deepEqual(ids(state), ['1:p:/', '2:p:/a', '2:p:/b', '2:mp:/', '2:n:/top', '2:mn:/']);
  state = loaded(setExpanded(state, '/a', true), '/a', ['/a/x'], ['/a/one', '/a/two']);
  assert.deepEqual(ids(state), ['1:p:/', '2:p:/a', '3:p:/a/x', '3:n:/a/one', '3:n:/a/two', '2:p:/b', '2:mp:/', '2:n:/top', '2:mn:/']);
  // Closing a path hides its subtree but keeps what was loaded.
  state = setExpanded(state, '/a', false);
  assert.deepEqual(ids(state), ['1:p:/', '2:p:/a', '2:p:/b', '2:mp:/', '2:n:/top', '2:mn:/']);
  state = setExpanded(state, '/a', true);
  assert.ok(ids(state).includes('3:n:/a/two'));
});

test('paging: a next page appends, drops repeats, and its token goes when the last page came', () => {
  let state = loaded(setExpanded(emptyTree(), '/', true), '/', ['/a'], [], { paths: 'T1' });
  state = withLevel(state, '/', (l) => ({ ...l, paths: addPage(startPage(l.paths), ['/a', '/b'], undefined, (p) => p) }));
  assert.deepEqual(ids(state), ['1:p:/', '2:p:/a', '2:p:/b']);
});

test('a failed page keeps its items and its token, so trying again continues where it stopped', () => {
  let state = loaded(emptyTree(), '/', ['/a'], [], { paths: 'T1' });
  state = withLevel(state, '/', (l) => ({ ...l, paths: failPage(startPage(l.paths), new Error('boom')) }));
  const pages = state.levels.get('/')?.paths;
  assert.deepEqual(pages?.items, ['/a']);
  assert.equal(pages?.nextToken, 'T1');
  assert.equal(pages?.loading, false);
  assert.equal((pages?.error as Error).message, 'boom');
});

test('a deep link opens every ancestor and shows each one before its parent page lists it', () => {
  let state = revealPath(emptyTree(), '/goecssample/database/sample');
  assert.deepEqual([...state.expanded].sort(), ['/', '/goecssample', '/goecssample/database', '/goecssample/database/sample']);
  // Nothing loaded yet: the chain is shown anyway, one level below the other.
  assert.deepEqual(ids(state), ['1:p:/', '2:p:/goecssample', '3:p:/goecssample/database', '4:p:/goecssample/database/sample']);
  // The root's first page does not list the pinned path (it is further on): it stays, after the loaded ones.
  state = loaded(state, '/', ['/alpha'], [], { paths: 'T' });
  assert.deepEqual(ids(state).slice(0, 4), ['1:p:/', '2:p:/alpha', '2:p:/goecssample', '3:p:/goecssample/database']);
  // Once a page lists it, it appears once, in the server's order.
  state = withLevel(state, '/', (l) => ({ ...l, paths: addPage(l.paths, ['/goecssample', '/zeta'], undefined, (p) => p) }));
  assert.deepEqual(
    visibleItems(state).filter((i) => i.level === 2).map((i) => i.id),
    ['p:/alpha', 'p:/goecssample', 'p:/zeta'],
  );
});

test('items know their parent, which Left walks back to', () => {
  const state = loaded(loaded(revealPath(emptyTree(), '/a'), '/', ['/a'], []), '/a', [], ['/a/p']);
  const leaf = visibleItems(state).find((i) => i.id === 'n:/a/p');
  assert.equal(leaf?.kind, 'parameter');
  assert.equal(leaf?.kind === 'parameter' ? leaf.parent : '', '/a');
});

test('a level that failed ends with an error item (Enter tries again); none while it loads again', () => {
  let state = loaded(setExpanded(emptyTree(), '/', true), '/', ['/a'], []);
  state = withLevel(state, '/', (l) => ({ ...l, parameters: failPage(startPage(l.parameters), new Error('denied')) }));
  assert.deepEqual(ids(state), ['1:p:/', '2:p:/a', '2:e:/']);
  state = withLevel(state, '/', (l) => ({ ...l, parameters: startPage(l.parameters) }));
  assert.deepEqual(ids(state), ['1:p:/', '2:p:/a'], 'retrying clears the error');
});
