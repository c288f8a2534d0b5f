import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createProgress, renderBar } from './progress.js';

function stream(isTTY: boolean) {
  const chunks: string[] = [];
  return { chunks, isTTY, columns: 60, write: (c: string) => chunks.push(c) > 0 } as unknown as NodeJS.WritableStream & { isTTY: boolean; chunks: string[] };
}

describe('progress bar', () => {
  it('draws on a terminal and clears its line when done', () => {
    const s = stream(true);
    let t = 0;
    const p = createProgress({ stream: s, total: 4, label: 'importing', now: () => (t += 100) });
    for (let i = 0; i < 4; i += 1) p.tick();
    p.done();
    const out = s.chunks.join('');
    assert.match(out, /importing \[-+\] 0\/4/);
    assert.match(out, /importing \[#+\] 4\/4/);
    assert.ok(out.endsWith('\r\u001b[2K'));
  });

  it('writes nothing when stderr is not a terminal', () => {
    const s = stream(false);
    const p = createProgress({ stream: s, total: 3, label: 'x' });
    p.tick();
    p.done();
    assert.deepEqual(s.chunks, []);
  });

  it('does not repaint for every item of a fast run', () => {
    const s = stream(true);
    const p = createProgress({ stream: s, total: 1000, label: 'x', now: () => 0 });
    for (let i = 0; i < 1000; i += 1) p.tick();
    assert.equal(s.chunks.length, 2, 'the first frame and the last');
  });

  it('fits the bar to the width', () => {
    assert.equal(renderBar(5, 10, 'job', 30), 'job [########--------]  5/10');
    assert.equal(renderBar(1, 100, 'x', 200).length, 'x ['.length + 40 + '] '.length + '  1/100'.length);
  });
});
