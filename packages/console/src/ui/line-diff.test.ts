import assert from 'node:assert/strict';
import { test } from 'node:test';
import { countChanges, diffLines, sideBySide, splitLines, type LineOp } from './line-diff.js';

/** The diff in unified notation: ' a', '-b', '+c'. */
const unified = (ops: LineOp[]) => ops.map((op) => `${op.kind === 'same' ? ' ' : op.kind === 'removed' ? '-' : '+'}${op.text}`);

/** Applying the diff to `before` must give `after`, and dropping the additions must give `before`. */
function assertConsistent(before: string[], after: string[], ops: LineOp[]): void {
  assert.deepEqual(ops.filter((op) => op.kind !== 'added').map((op) => op.text), before);
  assert.deepEqual(ops.filter((op) => op.kind !== 'removed').map((op) => op.text), after);
}

test('splitLines: newline or CRLF ends a line; a final newline adds no empty line', () => {
  assert.deepEqual(splitLines(''), []);
  assert.deepEqual(splitLines('a'), ['a']);
  assert.deepEqual(splitLines('a\nb\n'), ['a', 'b']);
  assert.deepEqual(splitLines('a\r\nb'), ['a', 'b']);
  assert.deepEqual(splitLines('a\n\nb'), ['a', '', 'b']);
  assert.deepEqual(splitLines('\n'), ['']);
});

test('identical texts are all the same lines, numbered on both sides', () => {
  const ops = diffLines(['a', 'b'], ['a', 'b']);
  assert.deepEqual(ops, [
    { kind: 'same', text: 'a', left: 1, right: 1 },
    { kind: 'same', text: 'b', left: 2, right: 2 },
  ]);
  assert.deepEqual(countChanges(ops), { removed: 0, added: 0 });
});

test('empty sides: everything added, or everything removed', () => {
  assert.deepEqual(unified(diffLines([], ['x', 'y'])), ['+x', '+y']);
  assert.deepEqual(unified(diffLines(['x', 'y'], [])), ['-x', '-y']);
  assert.deepEqual(diffLines([], []), []);
});

test('one changed line in the middle', () => {
  const ops = diffLines(['host=db', 'port=3306', 'user=sample'], ['host=db', 'port=3307', 'user=sample']);
  assert.deepEqual(unified(ops), [' host=db', '-port=3306', '+port=3307', ' user=sample']);
  assert.deepEqual(ops[1], { kind: 'removed', text: 'port=3306', left: 2 });
  assert.deepEqual(ops[2], { kind: 'added', text: 'port=3307', right: 2 });
});

test('the classic example (Myers 1986): a minimal script of five edits', () => {
  const before = 'ABCABBA'.split('');
  const after = 'CBABAC'.split('');
  const ops = diffLines(before, after);
  assertConsistent(before, after, ops);
  const { removed, added } = countChanges(ops);
  assert.equal(removed + added, 5);
});

test('insertions and deletions keep each side numbered in order', () => {
  const before = ['a', 'b', 'c', 'd'];
  const after = ['a', 'x', 'c', 'd', 'e'];
  const ops = diffLines(before, after);
  assertConsistent(before, after, ops);
  assert.deepEqual(
    ops.filter((op) => op.kind !== 'added').map((op) => ('left' in op ? op.left : 0)),
    [1, 2, 3, 4],
  );
  assert.deepEqual(
    ops.filter((op) => op.kind !== 'removed').map((op) => ('right' in op ? op.right : 0)),
    [1, 2, 3, 4, 5],
  );
});

/** The longest common subsequence's length, by dynamic programming: the reference for minimality. */
function lcs(a: string[], b: string[]): number {
  const table = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = 1; i <= a.length; i += 1) {
    for (let j = 1; j <= b.length; j += 1) {
      const row = table[i] as number[];
      const above = table[i - 1] as number[];
      row[j] = a[i - 1] === b[j - 1] ? (above[j - 1] as number) + 1 : Math.max(above[j] as number, row[j - 1] as number);
    }
  }
  return (table[a.length] as number[])[b.length] as number;
}

test('random texts: the diff is always consistent and minimal (checked against the LCS)', () => {
  let seed = 7;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  for (let round = 0; round < 200; round += 1) {
    const before = Array.from({ length: Math.floor(random() * 12) }, () => 'abc'[Math.floor(random() * 3)] as string);
    const after = Array.from({ length: Math.floor(random() * 12) }, () => 'abc'[Math.floor(random() * 3)] as string);
    const ops = diffLines(before, after);
    assertConsistent(before, after, ops);
    const { removed, added } = countChanges(ops);
    assert.equal(removed + added, before.length + after.length - 2 * lcs(before, after));
  }
});

test('past maxEdits the middle is reported as wholly replaced, common ends kept', () => {
  const before = ['head', 'a1', 'a2', 'a3', 'tail'];
  const after = ['head', 'b1', 'b2', 'b3', 'tail'];
  const ops = diffLines(before, after, 2);
  assert.deepEqual(unified(ops), [' head', '-a1', '-a2', '-a3', '+b1', '+b2', '+b3', ' tail']);
});

test('a large value with a few changes is fast and minimal', () => {
  const before = Array.from({ length: 20_000 }, (_, i) => `line ${i}`);
  const after = [...before];
  after[10] = 'changed';
  after.splice(15_000, 1);
  after.push('new last line');
  const started = performance.now();
  const ops = diffLines(before, after);
  assert.ok(performance.now() - started < 1000);
  assertConsistent(before, after, ops);
  assert.deepEqual(countChanges(ops), { removed: 2, added: 2 });
});

test('sideBySide pairs a run of removals with the additions after it, extras on their own side', () => {
  const ops = diffLines(['a', 'b', 'c', 'z'], ['a', 'B', 'z', 'y']);
  assert.deepEqual(sideBySide(ops), [
    { kind: 'same', left: { line: 1, text: 'a' }, right: { line: 1, text: 'a' } },
    { kind: 'changed', left: { line: 2, text: 'b' }, right: { line: 2, text: 'B' } },
    { kind: 'removed', left: { line: 3, text: 'c' } },
    { kind: 'same', left: { line: 4, text: 'z' }, right: { line: 3, text: 'z' } },
    { kind: 'added', right: { line: 4, text: 'y' } },
  ]);
});

test('sideBySide: more additions than removals leave added rows after the pairs', () => {
  const rows = sideBySide(diffLines(['x'], ['p', 'q']));
  assert.deepEqual(rows, [
    { kind: 'changed', left: { line: 1, text: 'x' }, right: { line: 1, text: 'p' } },
    { kind: 'added', right: { line: 2, text: 'q' } },
  ]);
});
