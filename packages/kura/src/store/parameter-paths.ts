// How both backends lay parameter names out for listing: each row stores its parent path, so a
// one-level listing is an index range, and names compare in UTF-8 byte order (SQLite's BINARY
// collation, PostgreSQL's "C"), which is the order the port promises.

/** Byte order of UTF-8 (JS `<` compares UTF-16 units). */
export function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** `/a/b` → `/a`; `/foo` → `/`. Stored per row so one-level listing is an index range. */
export function parentOf(name: string): string {
  const slash = name.lastIndexOf('/');
  return slash <= 0 ? '/' : name.slice(0, slash);
}

/** The listing bounds for `below`: a trailing slash is accepted (`/a/` means `/a`). */
export function pathBounds(below: string): { path: string; lower: string; upper: string } {
  const path = below.length > 1 && below.endsWith('/') ? below.slice(0, -1) : below;
  const prefix = path === '/' ? '/' : `${path}/`;
  // '0' is the byte after '/': every name starting with the prefix sorts strictly between the two.
  return { path, lower: prefix, upper: `${prefix.slice(0, -1)}0` };
}
