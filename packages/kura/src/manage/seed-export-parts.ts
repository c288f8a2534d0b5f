// What the parts of `kura seed export` share: paging, names for variables, and the shapes the seed
// file writes (tags as a mapping, documents as mappings, no empty members).

export type Json = Record<string, unknown>;

/** All pages of a paginated list. */
export async function allPages<T>(fetch: (token: string | undefined) => Promise<{ items: T[] | undefined; next: string | undefined }>): Promise<T[]> {
  const out: T[] = [];
  let token: string | undefined;
  do {
    const page = await fetch(token);
    out.push(...(page.items ?? []));
    token = page.next;
  } while (token);
  return out;
}

/** A variable name for a value the file does not hold: `/app/db/password` → `APP_DB_PASSWORD`. */
export function variableFor(name: string, taken: Set<string>): string {
  const base = name.replace(/^\/+/, '').replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+|_+$/g, '').toUpperCase() || 'VALUE';
  let candidate = /^[0-9]/.test(base) ? `_${base}` : base;
  for (let i = 2; taken.has(candidate); i += 1) candidate = `${base}_${i}`;
  taken.add(candidate);
  return candidate;
}

export const tagMap = (tags: ReadonlyArray<{ key?: string | undefined; value?: string | undefined }>) =>
  tags.length === 0 ? undefined : Object.fromEntries(tags.map((t) => [t.key ?? '', t.value ?? '']));

/** A stored document as the seed writes one: a mapping when it is JSON, else its text. */
export function documentOf(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Drops undefined members and empty sections, so the file shows only what is there. */
export function compact(value: Json): Json {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0)));
}

