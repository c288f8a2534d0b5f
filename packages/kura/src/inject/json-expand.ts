// --json-expand: a value that is a JSON object becomes one variable per key, so that
// DB={"username":…,"password":…} gives DB_USERNAME and DB_PASSWORD (and no DB). The key is named as
// --path names parameters (names.ts), under NAME and `_`. The fields are read as a --secret's are
// (json-fields.ts): a string is its characters, any other value its JSON text as written; a key
// given twice, a null and an empty object are refused. Any other value (a string, a number, an
// array, text that is not JSON) stays one variable. Errors name the source and the key, never a value.

import { ExecError, EXIT } from './errors.js';
import { jsonFields } from './json-fields.js';
import { envNameFor, isValidEnvName } from './names.js';

export interface Expanded {
  name: string;
  value: string;
  /** The source, and ` (key K)` for a variable made from a key. */
  origin: string;
  /** The key it was made from; undefined for a value that stayed whole. */
  key?: string;
}

/** The variables one value gives: itself when it is not a JSON object, else one per key. */
export function expandJson(name: string, value: string, origin: string): Expanded[] {
  // Cheap first: only text starting with `{` can be an object, and most values are not.
  if (!/^[ \t\n\r]*\{/.test(value)) return [{ name, value, origin }];
  const parsed = jsonFields(value);
  if (parsed.kind === 'not-object') return [{ name, value, origin }];
  if (parsed.duplicate !== undefined) throw refused(`${origin} holds the key '${parsed.duplicate}' more than once, so which value --json-expand means is unclear`);
  if (parsed.fields.length === 0) throw refused(`${origin} is an empty JSON object: --json-expand would set nothing for ${name}`);
  const seen = new Map<string, string>();
  return parsed.fields.map((field) => {
    if (field.key === '') throw refused(`${origin} has an empty key, which names no variable`);
    if (field.value === undefined) throw refused(`the key '${field.key}' of ${origin} is null, which an environment variable cannot hold`);
    const expanded = envNameFor(field.key, `${name}_`);
    if (!isValidEnvName(expanded)) throw refused(`the key '${field.key}' of ${origin} gives the invalid variable name ${expanded}`);
    const other = seen.get(expanded);
    if (other !== undefined) throw refused(`the keys '${other}' and '${field.key}' of ${origin} both become ${expanded}`);
    seen.set(expanded, field.key);
    return { name: expanded, value: field.value, origin: `${origin} (key ${field.key})`, key: field.key };
  });
}

function refused(message: string): ExecError {
  return new ExecError(message, EXIT.rejected);
}
