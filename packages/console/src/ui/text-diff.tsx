// Two texts side by side, line by line (line-diff.ts). A change is never told by colour alone:
// removed lines carry "−" and added lines "+", both with words for screen readers ("removed",
// "added"), and a legend says which side is which. Texts are shown as text (Preact escapes them).

import { useMemo } from 'preact/hooks';
import { countChanges, diffLines, sideBySide, splitLines, type DiffRow, type Side } from './line-diff.js';

export interface DiffSide {
  /** A column's heading: "Version 2". */
  title: string;
  text: string;
}

function Cells({ side, mark }: { side: Side | undefined; mark: 'removed' | 'added' | 'same' }) {
  if (!side) {
    return (
      <>
        <td class="diff-num" />
        <td class="diff-text diff-empty">
          <span class="visually-hidden">(no line)</span>
        </td>
      </>
    );
  }
  const symbol = mark === 'removed' ? '−' : mark === 'added' ? '+' : ' ';
  const Tag = mark === 'removed' ? 'del' : mark === 'added' ? 'ins' : 'span';
  return (
    <>
      <td class="diff-num">{side.line}</td>
      <td class={`diff-text diff-${mark}`}>
        <span class="diff-mark" aria-hidden="true">
          {symbol}
        </span>
        {mark !== 'same' ? <span class="visually-hidden">{mark === 'removed' ? 'removed: ' : 'added: '}</span> : null}
        <Tag>{side.text === '' ? ' ' : side.text}</Tag>
      </td>
    </>
  );
}

function Row({ row }: { row: DiffRow }) {
  switch (row.kind) {
    case 'same':
      return (
        <tr class="diff-row-same">
          <Cells side={row.left} mark="same" />
          <Cells side={row.right} mark="same" />
        </tr>
      );
    case 'changed':
      return (
        <tr class="diff-row-changed">
          <Cells side={row.left} mark="removed" />
          <Cells side={row.right} mark="added" />
        </tr>
      );
    case 'removed':
      return (
        <tr class="diff-row-removed">
          <Cells side={row.left} mark="removed" />
          <Cells side={undefined} mark="same" />
        </tr>
      );
    case 'added':
      return (
        <tr class="diff-row-added">
          <Cells side={undefined} mark="same" />
          <Cells side={row.right} mark="added" />
        </tr>
      );
  }
}

export function TextDiff({ left, right, caption }: { left: DiffSide; right: DiffSide; caption: string }) {
  const { rows, removed, added } = useMemo(() => {
    const ops = diffLines(splitLines(left.text), splitLines(right.text));
    return { rows: sideBySide(ops), ...countChanges(ops) };
  }, [left.text, right.text]);

  const summary =
    removed === 0 && added === 0
      ? `${left.title} and ${right.title} have the same value.`
      : `${removed} line${removed === 1 ? '' : 's'} removed from ${left.title}, ${added} line${added === 1 ? '' : 's'} added in ${right.title}.`;
  return (
    <div class="text-diff">
      <p class="diff-summary" data-testid="diff-summary">
        {summary} <span class="diff-legend"><span aria-hidden="true">−</span> removed, <span aria-hidden="true">+</span> added.</span>
      </p>
      <div class="overflow-auto">
        <table class="diff-table">
          <caption class="visually-hidden">{caption}</caption>
          <thead>
            <tr>
              <th scope="col" class="diff-num">
                <span class="visually-hidden">{left.title} </span>line
              </th>
              <th scope="col">{left.title}</th>
              <th scope="col" class="diff-num">
                <span class="visually-hidden">{right.title} </span>line
              </th>
              <th scope="col">{right.title}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <Row row={row} />
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
