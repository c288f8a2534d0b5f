// The parameter tree's state, pure: which paths are open, what each opened level has loaded so far
// (its sub-paths and its own parameters, each paged on its own), and the visible items in the order
// the keyboard walks them. Nothing here calls AWS; tree-state.ts does, and feeds the answers in.

/** What the tree shows of a parameter: DescribeParameters metadata, never a value. */
export interface ParameterSummary {
  name: string;
  type: string;
  version?: number;
  /** As AWS JSON sends it: seconds since the epoch. */
  lastModified?: number;
  keyId?: string;
  tier?: string;
  dataType?: string;
}

/** One half of a level (sub-paths, or parameters): pages loaded so far and where the next starts. */
export interface Pages<T> {
  items: T[];
  nextToken?: string;
  loading: boolean;
  error?: unknown;
  /** True once the first page came back (or failed). */
  started: boolean;
}

export interface Level {
  paths: Pages<string>;
  parameters: Pages<ParameterSummary>;
}

export interface TreeState {
  expanded: ReadonlySet<string>;
  levels: ReadonlyMap<string, Level>;
  /** Child paths a deep link needs shown before the page that lists them has been loaded. */
  pinned: ReadonlyMap<string, readonly string[]>;
}

export const ROOT = '/';

export const emptyTree = (): TreeState => ({ expanded: new Set(), levels: new Map(), pinned: new Map() });

const emptyPages = <T,>(): Pages<T> => ({ items: [], loading: false, started: false });
export const emptyLevel = (): Level => ({ paths: emptyPages(), parameters: emptyPages() });

/** `/a/b/` and ` /a/b` → `/a/b`; anything without a leading slash gets one; empty → the root. */
export function normalizeTreePath(raw: string | null | undefined): string {
  const trimmed = (raw ?? '').trim();
  if (trimmed === '' || trimmed === ROOT) return ROOT;
  const withSlash = trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
  const stripped = withSlash.replace(/\/+$/, '');
  return stripped === '' ? ROOT : stripped;
}

export function parentOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash <= 0 ? ROOT : path.slice(0, slash);
}

/** The last segment: `database` for `/goecssample/database`; `/` for the root; a name's own last part. */
export function labelOf(pathOrName: string): string {
  if (pathOrName === ROOT) return ROOT;
  return pathOrName.slice(pathOrName.lastIndexOf('/') + 1);
}

/** `/a/b` → `['/', '/a', '/a/b']`. */
export function ancestorsOf(path: string): string[] {
  const out = [ROOT];
  if (path === ROOT) return out;
  let at = '';
  for (const segment of path.split('/').filter((s) => s.length > 0)) {
    at = `${at}/${segment}`;
    out.push(at);
  }
  return out;
}

// ── transitions ──────────────────────────────────────────────────────────────────────────────────

export function levelOf(state: TreeState, path: string): Level {
  return state.levels.get(path) ?? emptyLevel();
}

export function withLevel(state: TreeState, path: string, update: (level: Level) => Level): TreeState {
  const levels = new Map(state.levels);
  levels.set(path, update(levelOf(state, path)));
  return { ...state, levels };
}

export function setExpanded(state: TreeState, path: string, open: boolean): TreeState {
  if (state.expanded.has(path) === open) return state;
  const expanded = new Set(state.expanded);
  if (open) expanded.add(path);
  else expanded.delete(path);
  return { ...state, expanded };
}

/** Opens every ancestor of `path` (and the path itself), pinning each into its parent's list. */
export function revealPath(state: TreeState, path: string): TreeState {
  const chain = ancestorsOf(path);
  const expanded = new Set(state.expanded);
  const pinned = new Map(state.pinned);
  for (const at of chain) {
    expanded.add(at);
    if (at === ROOT) continue;
    const parent = parentOf(at);
    const already = pinned.get(parent) ?? [];
    if (!already.includes(at)) pinned.set(parent, [...already, at]);
  }
  return { ...state, expanded, pinned };
}

export function startPage<T>(pages: Pages<T>): Pages<T> {
  return { ...pages, loading: true, error: undefined };
}

/** Appends a page, dropping anything already listed (a pinned path, or a repeat across pages). */
export function addPage<T>(pages: Pages<T>, items: T[], nextToken: string | undefined, key: (item: T) => string): Pages<T> {
  const seen = new Set(pages.items.map(key));
  const fresh = items.filter((item) => !seen.has(key(item)));
  const out: Pages<T> = { items: [...pages.items, ...fresh], loading: false, started: true };
  if (nextToken) out.nextToken = nextToken;
  return out;
}

export function failPage<T>(pages: Pages<T>, error: unknown): Pages<T> {
  return { ...pages, loading: false, started: true, error };
}

// ── what is visible ──────────────────────────────────────────────────────────────────────────────

export type TreeItem =
  | { kind: 'path'; id: string; path: string; level: number; parent?: string; expanded: boolean }
  | { kind: 'parameter'; id: string; parameter: ParameterSummary; level: number; parent: string }
  | { kind: 'more'; id: string; what: 'paths' | 'parameters'; level: number; parent: string }
  /** A level whose sub-paths or parameters failed: shows the error, and tries again when activated. */
  | { kind: 'error'; id: string; level: number; parent: string };

export const pathId = (path: string) => `p:${path}`;
export const parameterId = (name: string) => `n:${name}`;
export const moreId = (what: 'paths' | 'parameters', path: string) => `m${what === 'paths' ? 'p' : 'n'}:${path}`;
export const errorId = (path: string) => `e:${path}`;

/** The child paths shown under `path`: loaded ones in the server's (byte) order, then pinned ones not yet loaded. */
export function childPaths(state: TreeState, path: string): string[] {
  const loaded = levelOf(state, path).paths.items;
  const listed = new Set(loaded);
  const extra = (state.pinned.get(path) ?? []).filter((p) => !listed.has(p));
  return [...loaded, ...[...extra].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))];
}

/** A level's children, in display order: sub-paths, their "load more", parameters, their "load more", an error. */
export function childrenOf(state: TreeState, path: string, level: number): TreeItem[] {
  const current = levelOf(state, path);
  const out: TreeItem[] = childPaths(state, path).map((p) => ({ kind: 'path', id: pathId(p), path: p, level, parent: path, expanded: state.expanded.has(p) }));
  if (current.paths.nextToken) out.push({ kind: 'more', id: moreId('paths', path), what: 'paths', level, parent: path });
  for (const parameter of current.parameters.items) out.push({ kind: 'parameter', id: parameterId(parameter.name), parameter, level, parent: path });
  if (current.parameters.nextToken) out.push({ kind: 'more', id: moreId('parameters', path), what: 'parameters', level, parent: path });
  const failed = current.paths.error !== undefined || current.parameters.error !== undefined;
  if (failed && !current.paths.loading && !current.parameters.loading) out.push({ kind: 'error', id: errorId(path), level, parent: path });
  return out;
}

/** Every visible item, depth first, the root first: the order Up and Down walk. */
export function visibleItems(state: TreeState): TreeItem[] {
  const out: TreeItem[] = [];
  const walk = (path: string, level: number) => {
    for (const item of childrenOf(state, path, level)) {
      out.push(item);
      if (item.kind === 'path' && item.expanded) walk(item.path, level + 1);
    }
  };
  out.push({ kind: 'path', id: pathId(ROOT), path: ROOT, level: 1, expanded: state.expanded.has(ROOT) });
  if (state.expanded.has(ROOT)) walk(ROOT, 2);
  return out;
}
