import assert from 'node:assert/strict';
import { test } from 'node:test';
import { keyAction } from './tree-keys.js';
import { addPage, emptyTree, failPage, revealPath, setExpanded, startPage, visibleItems, withLevel, type TreeState } from './tree-model.js';

function loaded(state: TreeState, path: string, paths: string[], names: string[], morePaths?: string): TreeState {
  return withLevel(state, path, (l) => ({
    paths: addPage(startPage(l.paths), paths, morePaths, (p) => p),
    parameters: addPage(startPage(l.parameters), names.map((name) => ({ name, type: 'String' })), undefined, (p) => p.name),
  }));
}

// /            (open)
//   alpha      (closed)
//   beta       (open)
//     b1       parameter
//   load more sub-paths
//   top        parameter
const state = loaded(loaded(revealPath(emptyTree(), '/beta'), '/', ['/alpha', '/beta'], ['/top'], 'T'), '/beta', [], ['/beta/b1']);
const items = visibleItems(state);
const key = (focused: string, k: string) => keyAction(items, focused, k);

test('Up and Down walk the visible items, and stop at the ends', () => {
  assert.deepEqual(key('p:/', 'ArrowDown'), { type: 'focus', id: 'p:/alpha' });
  assert.deepEqual(key('p:/beta', 'ArrowDown'), { type: 'focus', id: 'n:/beta/b1' });
  assert.deepEqual(key('n:/beta/b1', 'ArrowDown'), { type: 'focus', id: 'mp:/' });
  assert.deepEqual(key('n:/top', 'ArrowUp'), { type: 'focus', id: 'mp:/' });
  assert.equal(key('n:/top', 'ArrowDown'), undefined);
  assert.equal(key('p:/', 'ArrowUp'), undefined);
});

test('Home and End go to the first and the last item', () => {
  assert.deepEqual(key('n:/beta/b1', 'Home'), { type: 'focus', id: 'p:/' });
  assert.deepEqual(key('p:/alpha', 'End'), { type: 'focus', id: 'n:/top' });
});

test('Right opens a closed path, steps into an open one, and does nothing on a leaf', () => {
  assert.deepEqual(key('p:/alpha', 'ArrowRight'), { type: 'expand', path: '/alpha' });
  assert.deepEqual(key('p:/beta', 'ArrowRight'), { type: 'focus', id: 'n:/beta/b1' });
  assert.equal(key('n:/top', 'ArrowRight'), undefined);
  // An open path with nothing below (yet): Right stays put.
  const empty = visibleItems(setExpanded(state, '/alpha', true));
  assert.equal(keyAction(empty, 'p:/alpha', 'ArrowRight'), undefined);
});

test('Left closes an open path, or steps out to the parent', () => {
  assert.deepEqual(key('p:/beta', 'ArrowLeft'), { type: 'collapse', path: '/beta' });
  assert.deepEqual(key('n:/beta/b1', 'ArrowLeft'), { type: 'focus', id: 'p:/beta' });
  assert.deepEqual(key('p:/alpha', 'ArrowLeft'), { type: 'focus', id: 'p:/' });
  assert.deepEqual(key('mp:/', 'ArrowLeft'), { type: 'focus', id: 'p:/' });
  assert.deepEqual(key('p:/', 'ArrowLeft'), { type: 'collapse', path: '/' });
  const closed = visibleItems(setExpanded(state, '/', false));
  assert.equal(keyAction(closed, 'p:/', 'ArrowLeft'), undefined);
});

test('Enter activates any item; Space only a "load more" item', () => {
  assert.deepEqual(key('n:/top', 'Enter'), { type: 'activate', item: items.find((i) => i.id === 'n:/top') });
  assert.deepEqual(key('mp:/', ' '), { type: 'activate', item: items.find((i) => i.id === 'mp:/') });
  assert.equal(key('n:/top', ' '), undefined);
});

test('a printable character moves to the next item whose label starts with it, wrapping around', () => {
  assert.deepEqual(key('p:/', 'b'), { type: 'focus', id: 'p:/beta' });
  assert.deepEqual(key('p:/beta', 'B'), { type: 'focus', id: 'n:/beta/b1' });
  assert.deepEqual(key('n:/beta/b1', 'b'), { type: 'focus', id: 'p:/beta' });
  assert.deepEqual(key('p:/', 't'), { type: 'focus', id: 'n:/top' });
  assert.equal(key('p:/', 'z'), undefined);
  assert.equal(key('p:/', 'Tab'), undefined);
});

test('a focus lost from the list lands on the first item', () => {
  assert.deepEqual(key('n:/gone', 'ArrowDown'), { type: 'focus', id: 'p:/' });
  assert.deepEqual(keyAction(visibleItems(emptyTree()), 'x', 'ArrowDown'), { type: 'focus', id: 'p:/' });
});

test('an error item: Enter and Space try again; type-ahead passes it by', () => {
  const failed = withLevel(state, '/beta', (l) => ({ ...l, paths: failPage(l.paths, new Error('denied')) }));
  const list = visibleItems(failed);
  const error = list.find((i) => i.id === 'e:/beta');
  assert.ok(error);
  assert.deepEqual(keyAction(list, 'e:/beta', 'Enter'), { type: 'activate', item: error });
  assert.deepEqual(keyAction(list, 'e:/beta', ' '), { type: 'activate', item: error });
  assert.deepEqual(keyAction(list, 'n:/beta/b1', 't'), { type: 'focus', id: 'n:/top' }, 'not "Try again"');
  assert.deepEqual(keyAction(list, 'e:/beta', 'ArrowLeft'), { type: 'focus', id: 'p:/beta' });
});
