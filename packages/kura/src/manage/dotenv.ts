// dotenv files: `KEY=value` lines, `export KEY=value`, `#` comments, 'single quotes' (literal),
// "double quotes" (backslash escapes, may span lines), unquoted values (trimmed, ` #` starts a
// comment). No ${VAR} expansion: a value is stored exactly as written. Keys must be environment
// variable names, so that what is imported exports back under the same key.

import { CommandError } from './errors.js';

export interface DotenvEntry {
  key: string;
  value: string;
}

const KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;
const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '\\': '\\', '"': '"', $: '$' };

export function parseDotenv(text: string): DotenvEntry[] {
  const source = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const entries: DotenvEntry[] = [];
  const seen = new Map<string, number>();
  let pos = 0;
  let line = 1;
  const fail = (message: string): never => {
    throw new CommandError(`line ${line}: ${message}`);
  };
  while (pos < source.length) {
    const end = source.indexOf('\n', pos) === -1 ? source.length : source.indexOf('\n', pos);
    const raw = source.slice(pos, end);
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) {
      pos = end + 1;
      line += 1;
      continue;
    }
    const match = /^\s*(?:export\s+)?([^=\s]+)\s*=[ \t]*/.exec(raw);
    if (!match?.[1]) fail(`expected KEY=value`);
    const key = match![1]!;
    if (!KEY.test(key)) fail(`'${key}' is not an environment variable name (letters, digits and _; not starting with a digit)`);
    if (seen.has(key)) fail(`${key} is set twice (first on line ${seen.get(key)})`);
    seen.set(key, line);
    const startLine = line;
    let cursor = pos + match![0].length;
    let value: string;
    const quote = source[cursor];
    if (quote === "'" || quote === '"') {
      let out = '';
      cursor += 1;
      for (;;) {
        const c = source[cursor];
        if (c === undefined) {
          line = startLine;
          fail(`unterminated ${quote === '"' ? 'double' : 'single'}-quoted value for ${key}`);
        }
        if (c === quote) break;
        if (c === '\n') line += 1;
        if (quote === '"' && c === '\\' && source[cursor + 1] !== undefined) {
          const next = source[cursor + 1]!;
          out += ESCAPES[next] ?? `\\${next}`;
          cursor += 2;
          continue;
        }
        out += c;
        cursor += 1;
      }
      value = out;
      const lineEnd = source.indexOf('\n', cursor) === -1 ? source.length : source.indexOf('\n', cursor);
      const rest = source.slice(cursor + 1, lineEnd).trim();
      if (rest !== '' && !rest.startsWith('#')) fail(`unexpected text after the closing quote of ${key}`);
      pos = lineEnd + 1;
    } else {
      const rest = source.slice(cursor, end);
      const comment = rest.search(/\s#/);
      value = (comment === -1 ? rest : rest.slice(0, comment)).trim();
      pos = end + 1;
    }
    entries.push({ key, value });
    line += 1;
  }
  return entries;
}

/** Characters that need no quoting in any dotenv reader. */
const PLAIN = /^[A-Za-z0-9_./:@%+,-]+$/;

/**
 * One `KEY=value` line per entry, quoted so that this parser (and python-dotenv, Docker Compose) reads
 * back exactly the value: plain when harmless, single quotes when that suffices, otherwise double
 * quotes with backslash escapes (newlines become \n, `$` is escaped so nothing expands it).
 */
export function serializeDotenv(entries: DotenvEntry[]): string {
  return entries.map(({ key, value }) => `${key}=${quoteDotenv(value)}\n`).join('');
}

export function quoteDotenv(value: string): string {
  if (PLAIN.test(value)) return value;
  if (!/['\\\n\r]/.test(value)) return `'${value}'`;
  return `"${value.replace(/[\\"$\n\r\t]/g, (c) => ({ '\n': '\\n', '\r': '\\r', '\t': '\\t' })[c] ?? `\\${c}`)}"`;
}

export function isEnvName(key: string): boolean {
  return KEY.test(key);
}
