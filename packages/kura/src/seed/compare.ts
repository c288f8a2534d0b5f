// What "matches" means for the parts of a resource a seed names: documents compare as JSON values
// (key order and spacing do not matter: `{"a":1,"b":2}` matches `{ "b": 2, "a": 1 }`), tags as
// key and value (the seed's tags must be there; other tags are the resource's own).

import { isDeepStrictEqual } from 'node:util';
import type { Tag } from './format.js';

export function sameDocument(a: string, b: string): boolean {
  try {
    return isDeepStrictEqual(JSON.parse(a), JSON.parse(b));
  } catch {
    return a === b;
  }
}

/** The seed's tags that the resource lacks or holds with another value. */
export function tagsToSet(wanted: readonly Tag[], present: readonly Tag[]): Tag[] {
  const have = new Map(present.map((t) => [t.key, t.value]));
  return wanted.filter((t) => have.get(t.key) !== t.value);
}

/** "value differs" / "value and key differ": the changed fields of one resource, names only. */
export function differs(fields: readonly string[]): string {
  if (fields.length === 1) return `${fields[0]} differs`;
  return `${fields.slice(0, -1).join(', ')} and ${fields[fields.length - 1]} differ`;
}
