import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diffLines } from './text-diff.js';

describe('line diff', () => {
  it('keeps common lines and marks removed and added ones', () => {
    assert.deepEqual(diffLines('a\nb\nc', 'a\nB\nc\nd'), [
      { op: ' ', text: 'a' },
      { op: '-', text: 'b' },
      { op: '+', text: 'B' },
      { op: ' ', text: 'c' },
      { op: '+', text: 'd' },
    ]);
  });

  it('shows a one-line change as one removal and one addition', () => {
    assert.deepEqual(diffLines('prod', 'staging'), [
      { op: '-', text: 'prod' },
      { op: '+', text: 'staging' },
    ]);
  });

  it('reproduces both sides from its output', () => {
    const a = 'x\ny\nz\nw\n';
    const b = 'y\nq\nz\n';
    const out = diffLines(a, b);
    assert.equal(out.filter((l) => l.op !== '+').map((l) => l.text).join('\n'), a);
    assert.equal(out.filter((l) => l.op !== '-').map((l) => l.text).join('\n'), b);
  });
});
