// The top-level fields of a JSON object secret, each with its value as the text to put in an
// environment variable. A string is its characters; any other value is its JSON text exactly as the
// secret holds it (3306, 1.10, true, {"a":1}), because re-serialising a parsed number would change
// it (1.10 becomes 1.1, 12345678901234567890 loses digits). Nothing here may quote the secret in an
// error: JSON.parse's SyntaxError does, so it is never passed on.

export interface JsonField {
  key: string;
  /** undefined for JSON null: an environment variable cannot hold "no value". */
  value: string | undefined;
}

export type JsonFields = { kind: 'object'; fields: JsonField[]; duplicate?: string } | { kind: 'not-object' };

const SPACE = new Set([' ', '\t', '\n', '\r']);

export function jsonFields(text: string): JsonFields {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { kind: 'not-object' };
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return { kind: 'not-object' };
  // The text is valid JSON with an object at the top: a scanner that only tracks strings and
  // nesting is enough to find where each top-level value starts and ends.
  const fields: JsonField[] = [];
  const seen = new Set<string>();
  let duplicate: string | undefined;
  let i = text.indexOf('{') + 1;
  const skipSpace = () => {
    while (i < text.length && SPACE.has(text[i] ?? '')) i += 1;
  };
  const skipString = () => {
    // at the opening quote; leaves i after the closing one
    for (i += 1; i < text.length && text[i] !== '"'; i += 1) if (text[i] === '\\') i += 1;
    i += 1;
  };
  for (;;) {
    skipSpace();
    if (text[i] === '}') break;
    const keyStart = i;
    skipString();
    const key = JSON.parse(text.slice(keyStart, i)) as string;
    skipSpace();
    i += 1; // the colon
    skipSpace();
    const valueStart = i;
    let depth = 0;
    while (i < text.length) {
      const c = text[i];
      if (c === '"') {
        skipString();
        continue;
      }
      if (depth === 0 && (c === ',' || c === '}')) break;
      if (c === '{' || c === '[') depth += 1;
      else if (c === '}' || c === ']') depth -= 1;
      i += 1;
    }
    const raw = text.slice(valueStart, i).replace(/[ \t\n\r]+$/, '');
    if (seen.has(key)) duplicate ??= key;
    seen.add(key);
    fields.push({ key, value: raw === 'null' ? undefined : raw.startsWith('"') ? (JSON.parse(raw) as string) : raw });
    if (text[i] === ',') i += 1;
    else break;
  }
  return { kind: 'object', fields, ...(duplicate !== undefined ? { duplicate } : {}) };
}
