// The tree's keyboard, as the WAI-ARIA tree pattern has it: Up/Down walk the visible items, Right
// opens a closed path or steps into an open one, Left closes an open path or steps out to the parent,
// Home/End jump to the ends, Enter opens (a path toggles, a parameter opens its page, "load more"
// loads, a failed level tries again), and a printable character moves to the next item whose label starts with it. Pure: the
// tree view applies what this returns.

import { labelOf, pathId, type TreeItem } from './tree-model.js';

export type KeyAction =
  | { type: 'focus'; id: string }
  | { type: 'expand'; path: string }
  | { type: 'collapse'; path: string }
  | { type: 'activate'; item: TreeItem };

export function itemLabel(item: TreeItem): string {
  if (item.kind === 'path') return labelOf(item.path);
  if (item.kind === 'parameter') return labelOf(item.parameter.name);
  if (item.kind === 'error') return 'Try again';
  return item.what === 'paths' ? 'Load more sub-paths' : 'Load more parameters';
}

function typeAhead(items: TreeItem[], index: number, char: string): KeyAction | undefined {
  const wanted = char.toLowerCase();
  for (let step = 1; step <= items.length; step++) {
    const item = items[(index + step) % items.length];
    if (item && (item.kind === 'path' || item.kind === 'parameter') && itemLabel(item).toLowerCase().startsWith(wanted)) return { type: 'focus', id: item.id };
  }
  return undefined;
}

/** What a key does on the focused item; undefined when the tree leaves the key alone. */
export function keyAction(items: TreeItem[], focusedId: string, key: string): KeyAction | undefined {
  const index = items.findIndex((item) => item.id === focusedId);
  const item = items[index];
  if (!item) return items[0] ? { type: 'focus', id: items[0].id } : undefined;
  const focus = (other: TreeItem | undefined): KeyAction | undefined => (other ? { type: 'focus', id: other.id } : undefined);
  switch (key) {
    case 'ArrowDown':
      return focus(items[index + 1]);
    case 'ArrowUp':
      return focus(items[index - 1]);
    case 'Home':
      return focus(items[0]);
    case 'End':
      return focus(items[items.length - 1]);
    case 'ArrowRight': {
      if (item.kind !== 'path') return undefined;
      if (!item.expanded) return { type: 'expand', path: item.path };
      const next = items[index + 1];
      return next && next.level > item.level ? focus(next) : undefined;
    }
    case 'ArrowLeft':
      if (item.kind === 'path' && item.expanded) return { type: 'collapse', path: item.path };
      return item.parent !== undefined ? { type: 'focus', id: pathId(item.parent) } : undefined;
    case 'Enter':
      return { type: 'activate', item };
    case ' ':
      // Space presses a "load more" or "try again" item like the button it stands for; elsewhere it does nothing.
      return item.kind === 'more' || item.kind === 'error' ? { type: 'activate', item } : undefined;
    default:
      return key.length === 1 && key !== ' ' ? typeAhead(items, index, key) : undefined;
  }
}
