// Reading the parsed YAML/JSON of one seed file into typed values, field by field, with every
// problem collected (file, path, reason) rather than stopping at the first: an operator fixes a
// seed in one go. Each reader returns undefined for a value it refused, so callers go on reading.
// A reason never quotes a value (the seed holds passwords): it names the field and what it expects.

import { at, item, type SeedProblem } from './problems.js';

export type Mapping = Record<string, unknown>;

const isMapping = (value: unknown): value is Mapping => value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date);

/** What a YAML scalar that is not a string reads as, for "quote it" hints. */
function kindOf(value: unknown): string {
  if (value === null) return 'empty';
  if (Array.isArray(value)) return 'a list';
  if (value instanceof Date) return 'a date';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'number') return 'a number';
  if (typeof value === 'boolean') return 'true/false';
  return typeof value;
}

/** Why a value is not a string: a number or true/false only needs quotes (3306, 1.10, yes stay text then). */
export function notString(value: unknown): string {
  return typeof value === 'number' || typeof value === 'boolean' ? ` (quote it: YAML reads it as ${kindOf(value)})` : `, not ${kindOf(value)}`;
}

export class FieldReader {
  readonly problems: SeedProblem[] = [];
  constructor(readonly file: string) {}

  fail(path: string, reason: string): undefined {
    this.problems.push({ file: this.file, path, reason });
    return undefined;
  }

  /** A mapping with only the fields listed; each other field is a problem of its own. */
  mapping(value: unknown, path: string, fields: readonly string[]): Mapping | undefined {
    if (!isMapping(value)) return this.fail(path, `must be a mapping, not ${kindOf(value)}`);
    for (const key of Object.keys(value)) {
      if (!fields.includes(key)) this.fail(at(path, key), `unknown field (expected one of: ${fields.join(', ')})`);
    }
    return value;
  }

  /** An optional list (absent: empty); each item handed to `each` with its path. */
  list<T>(m: Mapping, key: string, path: string, each: (value: unknown, path: string) => T | undefined): T[] {
    const value = m[key];
    if (value === undefined || value === null) return [];
    const here = at(path, key);
    if (!Array.isArray(value)) return this.fail(here, `must be a list, not ${kindOf(value)}`) ?? [];
    const out: T[] = [];
    value.forEach((entry, index) => {
      const read = each(entry, item(here, index));
      if (read !== undefined) out.push(read);
    });
    return out;
  }

  /** A string field; YAML's numbers and booleans are refused (3306 or 1.10 would lose their text). */
  string(m: Mapping, key: string, path: string, options: { required?: boolean; oneOf?: readonly string[]; pattern?: RegExp; what?: string } = {}): string | undefined {
    const value = m[key];
    const here = at(path, key);
    if (value === undefined || value === null) return options.required ? this.fail(here, 'is required') : undefined;
    if (typeof value !== 'string') return this.fail(here, `must be a string${notString(value)}`);
    if (options.oneOf && !options.oneOf.includes(value)) return this.fail(here, `must be one of ${options.oneOf.join(', ')}`);
    if (options.pattern && !options.pattern.test(value)) return this.fail(here, `must be ${options.what ?? `a string matching ${options.pattern.source}`}`);
    return value;
  }

  boolean(m: Mapping, key: string, path: string): boolean | undefined {
    const value = m[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'boolean') return this.fail(at(path, key), `must be true or false, not ${kindOf(value)}`);
    return value;
  }

  integer(m: Mapping, key: string, path: string, min: number, max: number): number | undefined {
    const value = m[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      return this.fail(at(path, key), `must be a whole number from ${min} to ${max}`);
    }
    return value;
  }

  /** A list of strings (names, ARNs). */
  strings(m: Mapping, key: string, path: string): string[] {
    return this.list(m, key, path, (value, here) => {
      if (typeof value === 'string' && value !== '') return value;
      return this.fail(here, typeof value === 'string' ? 'must not be empty' : `must be a string${notString(value)}`);
    });
  }

  /** Tags as a mapping of key to value: `{team: payments}`. */
  tags(m: Mapping, key: string, path: string): Array<{ key: string; value: string }> {
    const value = m[key];
    if (value === undefined || value === null) return [];
    const here = at(path, key);
    if (!isMapping(value)) return this.fail(here, `must be a mapping of tag keys to values, not ${kindOf(value)}`) ?? [];
    const out: Array<{ key: string; value: string }> = [];
    for (const [tagKey, tagValue] of Object.entries(value)) {
      if (typeof tagValue !== 'string') this.fail(at(here, tagKey), `must be a string${notString(tagValue)}`);
      else out.push({ key: tagKey, value: tagValue });
    }
    return out;
  }

  /** A JSON document given as a mapping (written out as JSON) or as JSON text, e.g. a policy. */
  document(m: Mapping, key: string, path: string, required = false): string | undefined {
    const value = m[key];
    const here = at(path, key);
    if (value === undefined || value === null) return required ? this.fail(here, 'is required') : undefined;
    if (typeof value === 'string') return value;
    if (isMapping(value)) return JSON.stringify(value);
    return this.fail(here, `must be a mapping or JSON text, not ${kindOf(value)}`);
  }

  /** Named documents (inline policies): a mapping of name to document. */
  documents(m: Mapping, key: string, path: string): Array<{ name: string; document: string; path: string }> {
    const value = m[key];
    if (value === undefined || value === null) return [];
    const here = at(path, key);
    if (!isMapping(value)) return this.fail(here, `must be a mapping of policy names to documents, not ${kindOf(value)}`) ?? [];
    const out: Array<{ name: string; document: string; path: string }> = [];
    for (const name of Object.keys(value)) {
      const document = this.document(value, name, here, true);
      if (document !== undefined) out.push({ name, document, path: at(here, name) });
    }
    return out;
  }

  /**
   * A value given inline (`value`) or by the name of an environment variable (`valueFromEnv`), so
   * that a password need not sit in the file. Exactly one of the two; the variable must be set.
   */
  secretText(m: Mapping, path: string, env: NodeJS.ProcessEnv, keys: { inline: string; fromEnv: string }, inline: (value: unknown, path: string) => string | undefined): string | undefined {
    const given = m[keys.inline] !== undefined && m[keys.inline] !== null;
    const fromEnv = this.string(m, keys.fromEnv, path, { pattern: ENV_NAME, what: 'an environment variable name (letters, digits and _)' });
    if (given && m[keys.fromEnv] !== undefined) return this.fail(path, `give ${keys.inline} or ${keys.fromEnv}, not both`);
    if (given) return inline(m[keys.inline], at(path, keys.inline));
    if (fromEnv === undefined) return m[keys.fromEnv] === undefined ? this.fail(path, `needs ${keys.inline} or ${keys.fromEnv}`) : undefined;
    const value = env[fromEnv];
    if (value === undefined) return this.fail(at(path, keys.fromEnv), `environment variable ${fromEnv} is not set`);
    if (value === '') return this.fail(at(path, keys.fromEnv), `environment variable ${fromEnv} is empty`);
    return value;
  }
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export { isMapping };
