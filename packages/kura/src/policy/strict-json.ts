// A strict JSON reader for policy documents. JSON.parse is not enough here because it silently
// keeps the last of two duplicate keys: {"Effect":"Deny","Effect":"Allow"} would become an Allow
// that a reviewer reading the first key never saw. Policies are security documents, so duplicates
// are refused, nesting is bounded (a policy is at most ~7 levels deep), objects come back as Maps
// (no prototype keys such as "__proto__" can leak into plain objects) and numbers keep the text
// they were written with (condition values compare as strings).

/** A JSON number kept as written, e.g. `10`, `1.50`, `1e3`. */
export class JsonNumber {
  constructor(readonly raw: string) {}
}

export type JsonValue = string | boolean | null | JsonNumber | JsonValue[] | JsonObject;
export type JsonObject = Map<string, JsonValue>;

export class JsonSyntaxError extends Error {
  constructor(message: string, readonly offset: number) {
    super(`${message} at offset ${offset}`);
    this.name = 'JsonSyntaxError';
  }
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/** Parses `text` as one JSON value (RFC 8259, no BOM), refusing duplicate keys and deep nesting. */
export function parseStrictJson(text: string, maxDepth = 16): JsonValue {
  let pos = 0;

  // Declarations (not arrow constants) so that TypeScript treats fail() as never returning.
  function fail(message: string): never {
    throw new JsonSyntaxError(message, pos);
  }

  function skipWhitespace(): void {
    for (;;) {
      const c = text.charCodeAt(pos);
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) pos += 1;
      else return;
    }
  }

  function readString(): string {
    pos += 1; // opening quote
    let out = '';
    let runStart = pos;
    for (;;) {
      if (pos >= text.length) fail('unterminated string');
      const c = text.charCodeAt(pos);
      if (c === 0x22) {
        out += text.slice(runStart, pos);
        pos += 1;
        return out;
      }
      if (c < 0x20) fail('control character in string');
      if (c !== 0x5c) {
        pos += 1;
        continue;
      }
      out += text.slice(runStart, pos);
      const e = text[pos + 1];
      if (e === 'u') {
        const hex = text.slice(pos + 2, pos + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('bad \\u escape');
        out += String.fromCharCode(Number.parseInt(hex, 16));
        pos += 6;
      } else {
        const mapped = e === undefined ? undefined : ESCAPES[e];
        if (mapped === undefined) fail('bad escape');
        out += mapped;
        pos += 2;
      }
      runStart = pos;
    }
  }

  function readValue(depth: number): JsonValue {
    if (depth > maxDepth) fail('nesting too deep');
    skipWhitespace();
    const c = text[pos];
    if (c === '{') return readObject(depth);
    if (c === '[') return readArray(depth);
    if (c === '"') return readString();
    if (text.startsWith('true', pos)) {
      pos += 4;
      return true;
    }
    if (text.startsWith('false', pos)) {
      pos += 5;
      return false;
    }
    if (text.startsWith('null', pos)) {
      pos += 4;
      return null;
    }
    NUMBER.lastIndex = pos;
    const m = NUMBER.exec(text);
    if (m === null || m[0] === '') return fail('unexpected character');
    pos += m[0].length;
    return new JsonNumber(m[0]);
  }

  function readArray(depth: number): JsonValue[] {
    pos += 1;
    const items: JsonValue[] = [];
    skipWhitespace();
    if (text[pos] === ']') {
      pos += 1;
      return items;
    }
    for (;;) {
      items.push(readValue(depth + 1));
      skipWhitespace();
      const c = text[pos];
      pos += 1;
      if (c === ']') return items;
      if (c !== ',') fail('expected , or ]');
    }
  }

  function readObject(depth: number): JsonObject {
    pos += 1;
    const map: JsonObject = new Map();
    skipWhitespace();
    if (text[pos] === '}') {
      pos += 1;
      return map;
    }
    for (;;) {
      skipWhitespace();
      if (text[pos] !== '"') fail('expected a key');
      const key = readString();
      if (map.has(key)) fail('duplicate key');
      skipWhitespace();
      if (text[pos] !== ':') fail('expected :');
      pos += 1;
      map.set(key, readValue(depth + 1));
      skipWhitespace();
      const c = text[pos];
      pos += 1;
      if (c === '}') return map;
      if (c !== ',') fail('expected , or }');
    }
  }

  const value = readValue(1);
  skipWhitespace();
  if (pos !== text.length) fail('trailing characters');
  return value;
}
