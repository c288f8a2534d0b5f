// Hash routes (#/parameters?path=/goecssample): the server serves one page, and nothing secret is
// ever put in a route (names and ARNs only, which the browser's history may keep).

import { useCallback, useEffect, useState } from 'preact/hooks';

export interface Route {
  /** The first segment: `parameters`, `keys`, `access`, `activity`, `secrets`. */
  area: string;
  /** The segments after the first, decoded. */
  rest: string[];
  params: URLSearchParams;
}

export function parseHash(hash: string): Route {
  const raw = hash.replace(/^#\/?/, '');
  const q = raw.indexOf('?');
  const path = q >= 0 ? raw.slice(0, q) : raw;
  const params = new URLSearchParams(q >= 0 ? raw.slice(q + 1) : '');
  const segments = path.split('/').filter((s) => s.length > 0).map((s) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  });
  return { area: segments[0] ?? 'parameters', rest: segments.slice(1), params };
}

/** `href('parameters', [], { path: '/a' })` → `#/parameters?path=%2Fa`. */
export function href(area: string, rest: string[] = [], params: Record<string, string | undefined> = {}): string {
  const path = [area, ...rest].map(encodeURIComponent).join('/');
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') query.set(k, v);
  const qs = query.toString();
  return `#/${path}${qs ? `?${qs}` : ''}`;
}

export function navigate(to: string): void {
  if (location.hash !== to) location.hash = to;
}

export interface Routing {
  route: Route;
  /** How many times `startOver` was called: a page keyed by it starts afresh each time. */
  visit: number;
  /**
   * Goes to `to` as a new visit, even from `to` itself: a section's link in the navigation, clicked
   * while in that section, brings it to its start, not to the page as it was left (the same hash
   * would not even fire a hashchange, and the tree keeps its address with replaceState).
   */
  startOver: (to: string) => void;
}

export function useRoute(): Routing {
  const [routing, setRouting] = useState(() => ({ route: parseHash(location.hash), visit: 0 }));
  useEffect(() => {
    const update = () => setRouting((r) => ({ route: parseHash(location.hash), visit: r.visit }));
    addEventListener('hashchange', update);
    return () => removeEventListener('hashchange', update);
  }, []);
  const startOver = useCallback((to: string) => {
    // pushState, not a new location.hash: the route and the new visit then come in one render. A
    // hashchange comes later, and the page would first start over at the old route (fetching what
    // it names). Back still returns where the person was: traversal fires hashchange.
    if (location.hash !== to) history.pushState(history.state, '', to);
    setRouting((r) => ({ route: parseHash(to), visit: r.visit + 1 }));
  }, []);
  return { ...routing, startOver };
}
