// The parameter hierarchy as an ARIA tree (role=tree/treeitem/group, aria-expanded, aria-level), with
// one tab stop (roving tabindex) and the keyboard of tree-keys.ts. Paths open level by level;
// parameters link to their own page; "load more" items fetch a level's next page and hand focus to
// the first item it brought. Status (loading, errors, empty levels) sits inside the level's group.

import type { TargetedFocusEvent, TargetedKeyboardEvent, TargetedMouseEvent } from 'preact';
import { useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { href, navigate } from '../../app/router.js';
import { formatDate } from '../../ui/date-time.js';
import { ErrorNotice } from '../../ui/error-notice.js';
import { itemLabel, keyAction } from './tree-keys.js';
import { childrenOf, levelOf, parameterId, parentOf, pathId, ROOT, visibleItems, type TreeItem, type TreeState } from './tree-model.js';
import type { ParameterTreeControls } from './tree-state.js';

/** DOM ids from item ids: paths hold only letters, digits and `_.-/`, which encodeURIComponent keeps readable. */
const domId = (id: string) => `tree-${encodeURIComponent(id)}`;

export const parameterHref = (name: string) => href('parameters', ['view'], { name });

export function TreeView({ controls, target, onPath }: { controls: ParameterTreeControls; target: string; onPath: (path: string) => void }) {
  const { state } = controls;
  const keepPathInUrl = (path: string) => {
    // The address follows the tree, so a reload or a shared link opens it here again. replaceState, not
    // a new hash: the page stays mounted and the back button is not filled with every click.
    history.replaceState(history.state, '', href('parameters', [], { path: path === ROOT ? undefined : path }));
    onPath(path);
  };
  const items = useMemo(() => visibleItems(state), [state]);
  const [focused, setFocused] = useState(pathId(target));
  const moveFocus = useRef(false);
  const tree = useRef<HTMLUListElement>(null);

  // The focused item can vanish (its parent closed): focus then falls back to the nearest shown ancestor.
  const shown = items.some((item) => item.id === focused) ? focused : fallbackFocus(items, focused);
  // A layout effect: focus moves in the same turn as the render, before the next key is handled, so
  // keys pressed in quick succession each start from the item the one before moved to.
  useLayoutEffect(() => {
    if (!moveFocus.current) return;
    moveFocus.current = false;
    tree.current?.querySelector<HTMLElement>(`[data-item="${CSS.escape(shown)}"]`)?.focus();
  });

  const focusOn = (id: string) => {
    moveFocus.current = true;
    setFocused(id);
  };

  const activate = async (item: TreeItem) => {
    if (item.kind === 'parameter') return navigate(parameterHref(item.parameter.name));
    if (item.kind === 'path') {
      focusOn(item.id);
      if (item.expanded) {
        controls.collapse(item.path);
        keepPathInUrl(parentOf(item.path));
      } else {
        controls.expand(item.path);
        keepPathInUrl(item.path);
      }
      return;
    }
    if (item.kind === 'error') return controls.retry(item.parent);
    const keys = await controls.loadMore(item.parent, item.what);
    const first = keys[0];
    if (first !== undefined) focusOn(item.what === 'paths' ? pathId(first) : parameterId(first));
  };

  const onKeyDown = (event: TargetedKeyboardEvent<HTMLUListElement>) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const action = keyAction(items, shown, event.key);
    if (!action) return;
    event.preventDefault();
    if (action.type === 'focus') focusOn(action.id);
    else if (action.type === 'expand') {
      controls.expand(action.path);
      keepPathInUrl(action.path);
    } else if (action.type === 'collapse') {
      controls.collapse(action.path);
      keepPathInUrl(parentOf(action.path));
    } else void activate(action.item);
  };

  const onClick = (event: TargetedMouseEvent<HTMLUListElement>) => {
    const target = event.target instanceof Element ? event.target : null;
    if (!target || target.closest('button, .notice')) return;
    const element = target.closest<HTMLElement>('[role="treeitem"]');
    const item = element && items.find((i) => i.id === element.dataset['item']);
    if (!item) return;
    focusOn(item.id);
    // A parameter's link navigates by itself (and opens in a new tab when asked to).
    if (target.closest('a')) return;
    event.preventDefault();
    void activate(item);
  };

  // Focus that arrives some other way (a click on an item's text) becomes the tree's one tab stop.
  const onFocusIn = (event: TargetedFocusEvent<HTMLUListElement>) => {
    const element = event.target instanceof Element ? event.target.closest<HTMLElement>('[role="treeitem"]') : null;
    const id = element?.dataset['item'];
    if (id !== undefined && id !== shown) setFocused(id);
  };

  const root = items[0];
  return (
    <ul role="tree" aria-label="Parameter hierarchy" aria-describedby="tree-help" class="param-tree" ref={tree} onKeyDown={onKeyDown} onClick={onClick} onFocusIn={onFocusIn}>
      {root ? <Node item={root} state={state} focused={shown} controls={controls} /> : null}
    </ul>
  );
}

/** The nearest shown path above a vanished item (for a "load more" or error item, its own level's path). */
function fallbackFocus(items: TreeItem[], focused: string): string {
  const path = focused.slice(focused.indexOf(':') + 1);
  const own = focused.startsWith('m') || focused.startsWith('e');
  const ancestor = items.filter((i) => i.kind === 'path' && (i.path === ROOT || path.startsWith(`${i.path}/`) || (own && i.path === path))).pop();
  return ancestor?.id ?? items[0]?.id ?? pathId(ROOT);
}

interface NodeProps {
  item: TreeItem;
  state: TreeState;
  focused: string;
  controls: ParameterTreeControls;
}

// Each item is a row of its own (the treeitem), and an open path's group follows it, owned through
// aria-owns rather than nested inside: an item's visible text is then its own row only, never its
// whole subtree (which a treeitem's name and axe's label-in-name check would otherwise take in).
function Node({ item, state, focused, controls }: NodeProps) {
  const common = {
    role: 'treeitem' as const,
    id: domId(item.id),
    'data-item': item.id,
    'aria-level': item.level,
    tabIndex: item.id === focused ? 0 : -1,
  };
  if (item.kind === 'parameter') {
    const p = item.parameter;
    const details = [p.type, p.version !== undefined ? `version ${p.version}` : '', p.lastModified !== undefined ? formatDate(p.lastModified) : ''].filter((s) => s !== '').join(' · ');
    // Named from its content: the name, then type, version and date.
    return (
      <li role="none">
        <div {...common} class="tree-item tree-leaf">
          <a class="tree-label" href={parameterHref(p.name)} tabIndex={-1}>
            {itemLabel(item)}
          </a>{' '}
          <small class="tree-details">{details}</small>
        </div>
      </li>
    );
  }
  if (item.kind === 'error') {
    const level = levelOf(state, item.parent);
    const what = item.parent === ROOT ? 'the top level' : item.parent;
    // Named from its content: AWS's words, then "Try again", which Enter, Space or a click does.
    return (
      <li role="none">
        <div {...common} class="tree-item tree-error">
          {level.paths.error !== undefined ? <ErrorNotice error={level.paths.error} action={`listing the sub-paths of ${what}`} /> : null}
          {level.parameters.error !== undefined ? <ErrorNotice error={level.parameters.error} action={`listing the parameters of ${what}`} /> : null}
          <span class="tree-label tree-retry-label">{itemLabel(item)}</span>
        </div>
      </li>
    );
  }
  if (item.kind === 'more') {
    const busy = item.what === 'paths' ? levelOf(state, item.parent).paths.loading : levelOf(state, item.parent).parameters.loading;
    return (
      <li role="none">
        <div {...common} class="tree-item tree-more" aria-busy={busy ? 'true' : 'false'}>
          <span class="tree-label tree-more-label">{itemLabel(item)}</span>
        </div>
      </li>
    );
  }
  const level = levelOf(state, item.path);
  const busy = level.paths.loading || level.parameters.loading;
  const loaded = level.paths.started && level.parameters.started && !busy;
  const group = `${domId(item.id)}-group`;
  return (
    <li role="none">
      {/* Named by its label alone: the owned group's items are no part of its name. */}
      <div
        {...common}
        class="tree-item tree-path"
        aria-labelledby={`${domId(item.id)}-label`}
        aria-expanded={item.expanded ? 'true' : 'false'}
        aria-busy={busy ? 'true' : 'false'}
        {...(item.expanded ? { 'aria-owns': group } : {})}
      >
        {/* The open/closed mark is drawn apart from the label, so it is no part of the name either. */}
        <span class="tree-toggle" aria-hidden="true" />
        <span id={`${domId(item.id)}-label`} class="tree-label tree-path-label">
          {itemLabel(item)}
        </span>
      </div>
      {item.expanded ? (
        <ul role="group" id={group} data-loaded={loaded ? 'true' : 'false'}>
          {childrenOf(state, item.path, item.level + 1).map((child) => (
            <Node key={child.id} item={child} state={state} focused={focused} controls={controls} />
          ))}
          <LevelStatus path={item.path} state={state} />
        </ul>
      ) : null}
    </li>
  );
}

/** What a level is doing, inside its group: loading, or empty. (A failure is an item: see Node.) */
function LevelStatus({ path, state }: { path: string; state: TreeState }) {
  const level = levelOf(state, path);
  if (level.paths.loading || level.parameters.loading) {
    return (
      <li role="none" class="tree-status">
        <span aria-busy="true">Loading {path === ROOT ? 'the top level' : path}…</span>
      </li>
    );
  }
  const empty = level.paths.started && level.parameters.started && childrenOf(state, path, 0).length === 0;
  return empty ? (
    <li role="none" class="tree-status">
      <small>No sub-paths or parameters under {path}.</small>
    </li>
  ) : null;
}
