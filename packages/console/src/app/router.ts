// Hash routes (#/parameters?path=/goecssample): the server serves one page, and nothing secret is
// ever put in a route (names and ARNs only, which the browser's history may keep).

import { useEffect, useState } from 'preact/hooks';

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

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseHash(location.hash));
  useEffect(() => {
    const update = () => setRoute(parseHash(location.hash));
    addEventListener('hashchange', update);
    return () => removeEventListener('hashchange', update);
  }, []);
  return route;
}
