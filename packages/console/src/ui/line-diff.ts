// A line diff of two texts (Myers' O((N+M)·D) algorithm), and its side-by-side layout: what the
// console shows when two versions of a value are compared. Pure, so it is unit-tested apart from
// the page. Values are at most tens of KB; past `maxEdits` differing lines the texts are reported as
// wholly replaced rather than spending quadratic time and memory on a diff nobody reads line by line.

export type LineOp =
  | { kind: 'same'; text: string; left: number; right: number }
  | { kind: 'removed'; text: string; left: number }
  | { kind: 'added'; text: string; right: number };

/** Lines as a person reads them: `\n` or `\r\n` ends a line; a final newline starts no empty line. */
export function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split(/\r?\n/);
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

type Step = { kind: 'same' | 'removed' | 'added'; text: string };

/**
 * The shortest edit script turning `a` into `b` (Myers 1986), as steps in order; undefined when
 * it needs more than `maxEdits` insertions and deletions.
 */
function myers(a: readonly string[], b: readonly string[], maxEdits: number): Step[] | undefined {
  const n = a.length;
  const m = b.length;
  const limit = Math.min(n + m, maxEdits);
  const offset = limit + 1;
  const v = new Int32Array(2 * limit + 3);
  // trace[d] holds v for k in [-d, d] after step d: backtracking at step d reads trace[d - 1].
  const trace: Int32Array[] = [];
  let found = -1;
  for (let d = 0; d <= limit && found < 0; d += 1) {
    for (let k = -d; k <= d; k += 2) {
      const down = k === -d || (k !== d && (v[offset + k - 1] as number) < (v[offset + k + 1] as number));
      let x = down ? (v[offset + k + 1] as number) : (v[offset + k - 1] as number) + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x += 1;
        y += 1;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) found = d;
    }
    trace.push(v.slice(offset - d, offset + d + 1));
  }
  if (found < 0) return undefined;

  const steps: Step[] = [];
  let x = n;
  let y = m;
  for (let d = found; d > 0; d -= 1) {
    const previous = trace[d - 1] as Int32Array;
    const at = (k: number) => previous[k + d - 1] as number;
    const k = x - y;
    const prevK = k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1;
    const prevX = at(prevK);
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      steps.push({ kind: 'same', text: a[x - 1] as string });
      x -= 1;
      y -= 1;
    }
    if (x === prevX) steps.push({ kind: 'added', text: b[y - 1] as string });
    else steps.push({ kind: 'removed', text: a[x - 1] as string });
    x = prevX;
    y = prevY;
  }
  while (x > 0 && y > 0) {
    steps.push({ kind: 'same', text: a[x - 1] as string });
    x -= 1;
    y -= 1;
  }
  return steps.reverse();
}

/** The line diff of `before` and `after`, each line numbered on its side (from 1). */
export function diffLines(before: readonly string[], after: readonly string[], maxEdits = 2000): LineOp[] {
  // Common ends cost nothing to find and are most of a typical edit: diff only the middle.
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start += 1;
  let endA = before.length;
  let endB = after.length;
  while (endA > start && endB > start && before[endA - 1] === after[endB - 1]) {
    endA -= 1;
    endB -= 1;
  }
  const middleA = before.slice(start, endA);
  const middleB = after.slice(start, endB);
  const middle: Step[] = myers(middleA, middleB, maxEdits) ?? [
    ...middleA.map((text): Step => ({ kind: 'removed', text })),
    ...middleB.map((text): Step => ({ kind: 'added', text })),
  ];
  const steps: Step[] = [
    ...before.slice(0, start).map((text): Step => ({ kind: 'same', text })),
    ...middle,
    ...before.slice(endA).map((text): Step => ({ kind: 'same', text })),
  ];
  const ops: LineOp[] = [];
  let left = 0;
  let right = 0;
  for (const step of steps) {
    if (step.kind === 'same') ops.push({ kind: 'same', text: step.text, left: (left += 1), right: (right += 1) });
    else if (step.kind === 'removed') ops.push({ kind: 'removed', text: step.text, left: (left += 1) });
    else ops.push({ kind: 'added', text: step.text, right: (right += 1) });
  }
  return ops;
}

export interface Side {
  line: number;
  text: string;
}

/** One row of the side-by-side view: a changed row has both sides, a removed or added row one. */
export type DiffRow =
  | { kind: 'same'; left: Side; right: Side }
  | { kind: 'changed'; left: Side; right: Side }
  | { kind: 'removed'; left: Side }
  | { kind: 'added'; right: Side };

/** Pairs each run of removed lines with the run of added lines that follows, row by row. */
export function sideBySide(ops: readonly LineOp[]): DiffRow[] {
  const rows: DiffRow[] = [];
  let removed: Side[] = [];
  let added: Side[] = [];
  const flush = () => {
    const paired = Math.min(removed.length, added.length);
    for (let i = 0; i < paired; i += 1) rows.push({ kind: 'changed', left: removed[i] as Side, right: added[i] as Side });
    for (const left of removed.slice(paired)) rows.push({ kind: 'removed', left });
    for (const right of added.slice(paired)) rows.push({ kind: 'added', right });
    removed = [];
    added = [];
  };
  for (const op of ops) {
    if (op.kind === 'removed') removed.push({ line: op.left, text: op.text });
    else if (op.kind === 'added') added.push({ line: op.right, text: op.text });
    else {
      flush();
      rows.push({ kind: 'same', left: { line: op.left, text: op.text }, right: { line: op.right, text: op.text } });
    }
  }
  flush();
  return rows;
}

/** How many lines each side lost and gained. */
export function countChanges(ops: readonly LineOp[]): { removed: number; added: number } {
  let removed = 0;
  let added = 0;
  for (const op of ops) {
    if (op.kind === 'removed') removed += 1;
    else if (op.kind === 'added') added += 1;
  }
  return { removed, added };
}
