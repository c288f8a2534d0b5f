// The tree's loading: a level is fetched when it is first opened (its first page of sub-paths and its
// first page of parameters, in parallel), and "load more" fetches the next page of either half. A
// deep link opens every level down to its path at once, all levels fetched in parallel rather than
// one after the other. Requests still in flight when the page goes away are aborted.

import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { Api } from '../../app/api.js';
import { listChildPaths, listLevelParameters, type Page } from './tree-api.js';
import {
  addPage,
  ancestorsOf,
  emptyTree,
  failPage,
  levelOf,
  revealPath,
  setExpanded,
  startPage,
  withLevel,
  type Level,
  type Pages,
  type ParameterSummary,
  type TreeState,
} from './tree-model.js';

interface Half<T> {
  name: 'paths' | 'parameters';
  get: (level: Level) => Pages<T>;
  set: (level: Level, pages: Pages<T>) => Level;
  fetch: (api: Api, path: string, token: string | undefined, signal: AbortSignal) => Promise<Page<T>>;
  key: (item: T) => string;
}

const PATHS: Half<string> = {
  name: 'paths',
  get: (l) => l.paths,
  set: (l, paths) => ({ ...l, paths }),
  fetch: listChildPaths,
  key: (p) => p,
};

const PARAMETERS: Half<ParameterSummary> = {
  name: 'parameters',
  get: (l) => l.parameters,
  set: (l, parameters) => ({ ...l, parameters }),
  fetch: listLevelParameters,
  key: (p) => p.name,
};

export interface ParameterTreeControls {
  state: TreeState;
  expand(path: string): void;
  collapse(path: string): void;
  /** Fetches the next page of a level's sub-paths or parameters; resolves with the new items' keys. */
  loadMore(path: string, what: 'paths' | 'parameters'): Promise<string[]>;
  /** Fetches again whatever half of a level failed. */
  retry(path: string): void;
}

export function useParameterTree(api: Api, target: string): ParameterTreeControls {
  const [state, setState] = useState<TreeState>(emptyTree);
  // The latest state for callbacks (tokens, what has started); in-flight requests by half and path,
  // so that a double click or a deep link racing a click never fetches one page twice.
  const current = useRef(state);
  current.current = state;
  const inFlight = useRef(new Set<string>());
  const lifetime = useRef(new AbortController());
  useEffect(() => {
    const controller = new AbortController();
    lifetime.current = controller;
    return () => controller.abort();
  }, []);

  const fetchPage = useCallback(
    async <T,>(half: Half<T>, path: string): Promise<string[]> => {
      const flight = `${half.name}:${path}`;
      if (inFlight.current.has(flight)) return [];
      inFlight.current.add(flight);
      const signal = lifetime.current.signal;
      const token = half.get(levelOf(current.current, path)).nextToken;
      setState((s) => withLevel(s, path, (l) => half.set(l, startPage(half.get(l)))));
      try {
        const page = await half.fetch(api, path, token, signal);
        if (signal.aborted) return [];
        setState((s) => withLevel(s, path, (l) => half.set(l, addPage(half.get(l), page.items, page.nextToken, half.key))));
        return page.items.map(half.key);
      } catch (error) {
        if (signal.aborted) return [];
        setState((s) => withLevel(s, path, (l) => half.set(l, failPage(half.get(l), error))));
        return [];
      } finally {
        inFlight.current.delete(flight);
      }
    },
    [api],
  );

  /** Fetches each half's first page unless it came back already; a failed half is fetched again. */
  const ensureLoaded = useCallback(
    (path: string) => {
      const level = levelOf(current.current, path);
      if (!level.paths.started || level.paths.error !== undefined) void fetchPage(PATHS, path);
      if (!level.parameters.started || level.parameters.error !== undefined) void fetchPage(PARAMETERS, path);
    },
    [fetchPage],
  );

  useEffect(() => {
    setState((s) => revealPath(s, target));
    for (const path of ancestorsOf(target)) ensureLoaded(path);
  }, [target, ensureLoaded]);

  const expand = useCallback(
    (path: string) => {
      setState((s) => setExpanded(s, path, true));
      ensureLoaded(path);
    },
    [ensureLoaded],
  );
  const collapse = useCallback((path: string) => setState((s) => setExpanded(s, path, false)), []);
  const loadMore = useCallback((path: string, what: 'paths' | 'parameters') => (what === 'paths' ? fetchPage(PATHS, path) : fetchPage(PARAMETERS, path)), [fetchPage]);

  return { state, expand, collapse, loadMore, retry: ensureLoaded };
}
