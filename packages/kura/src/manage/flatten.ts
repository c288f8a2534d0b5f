// Nested documents (JSON, YAML) ⇄ a parameter tree. `{"db": {"host": "h"}}` under /app is the
// parameter /app/db/host = "h"; arrays use their indexes as names (/app/hosts/0, /app/hosts/1), and a
// level whose names are exactly 0…n-1 comes back as an array. Parameter Store holds non-empty strings,
// so scalars are stored as their text ("3306", "true") and come back as strings; null and "" cannot be
// stored and are refused, and empty objects or arrays leave nothing behind.

import { CommandError, UsageError } from './errors.js';

export interface Entry {
  name: string;
  value: string;
}

export type Nested = string | Nested[] | { [key: string]: Nested };

/** Parameter Store's rule for one level of a hierarchical name. */
const SEGMENT = /^[A-Za-z0-9_.-]+$/;

/** `/app/`, `app` and `/app` all mean `/app`; `/` is the root. */
export function normalizePath(path: string): string {
  const trimmed = path.trim().replace(/\/+$/, '');
  if (trimmed === '') return '/';
  return trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
}

/**
 * A path no service call will check (the policy generator's): every level must be a valid name level,
 * so that no `*` or `?` slips into a policy's resource ARNs and widens it.
 */
export function checkedPath(path: string): string {
  const normal = normalizePath(path);
  const bad = normal.split('/').slice(1).find((segment) => normal !== '/' && !SEGMENT.test(segment));
  if (bad !== undefined) throw new UsageError(`'${path}' is not a parameter path: each level takes letters, digits and . - _ only`);
  return normal;
}

export function joinName(path: string, relative: string): string {
  return path === '/' ? `/${relative}` : `${path}/${relative}`;
}

/** The name below `path` (`/app/db/host` under `/app` is `db/host`), or undefined if not below it. */
export function relativeName(path: string, name: string): string | undefined {
  const prefix = path === '/' ? '/' : `${path}/`;
  return name.startsWith(prefix) && name.length > prefix.length ? name.slice(prefix.length) : undefined;
}

/** Scalars as documents hold them before they become parameter values. */
export type Scalar = string | number | boolean | bigint | null | undefined;

/** Flattens a document into entries under `path`, or throws naming the first thing it cannot store. */
export function flatten(document: unknown, path: string): Entry[] {
  const base = normalizePath(path);
  if (document === null || typeof document !== 'object') {
    throw new CommandError('the document must be an object (or an array) of settings, not a single value');
  }
  const entries: Entry[] = [];
  const walk = (node: unknown, segments: string[]): void => {
    if (node !== null && typeof node === 'object') {
      const children: Array<[string, unknown]> = Array.isArray(node) ? node.map((v, i) => [String(i), v]) : Object.entries(node);
      for (const [key, child] of children) {
        const where = [...segments, key];
        if (!SEGMENT.test(key)) {
          throw new CommandError(`${display(base, where)}: '${key}' cannot be part of a parameter name (letters, digits and . - _ only)`);
        }
        walk(child, where);
      }
      return;
    }
    const value = scalarText(node as Scalar);
    if (value === undefined) throw new CommandError(`${display(base, segments)}: null cannot be stored (Parameter Store holds non-empty strings)`);
    if (value === '') throw new CommandError(`${display(base, segments)}: an empty string cannot be stored (Parameter Store holds non-empty strings)`);
    entries.push({ name: joinName(base, segments.join('/')), value });
  };
  walk(document, []);
  return entries;
}

function scalarText(value: Scalar): string | undefined {
  if (value === null || value === undefined) return undefined;
  return String(value);
}

function display(base: string, segments: string[]): string {
  return joinName(base, segments.join('/'));
}

/**
 * Rebuilds the document from parameters under `path`. A name that is both a value and the parent of
 * other names (`/app/db` and `/app/db/host`) has no nested form: that is an error, naming both.
 */
export function unflatten(entries: Entry[], path: string): { [key: string]: Nested } {
  const base = normalizePath(path);
  // Maps, not objects, while building: a level named __proto__ must stay a name, not a prototype.
  type Level = Map<string, Level | string>;
  const root: Level = new Map();
  for (const entry of [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const relative = relativeName(base, entry.name);
    if (relative === undefined) continue;
    const segments = relative.split('/');
    let level = root;
    for (const [i, segment] of segments.entries()) {
      const existing = level.get(segment);
      const here = () => collision(joinName(base, segments.slice(0, i + 1).join('/')));
      if (i === segments.length - 1) {
        if (existing !== undefined) throw here();
        level.set(segment, entry.value);
        break;
      }
      if (typeof existing === 'string') throw here();
      const next: Level = existing ?? new Map();
      level.set(segment, next);
      level = next;
    }
  }
  return toNested(root) as { [key: string]: Nested };
}

function collision(name: string): CommandError {
  return new CommandError(`${name} is both a parameter and a path holding other parameters; nested json/yaml cannot hold both: export with --format dotenv or shell, or rename one`);
}

/** Levels named exactly 0…n-1 were arrays when they were flattened. */
function toNested(level: Map<string, unknown> | string): Nested {
  if (typeof level === 'string') return level;
  const keys = [...level.keys()];
  const isArray = keys.length > 0 && keys.every((k) => /^(0|[1-9][0-9]*)$/.test(k)) && keys.every((_, i) => level.has(String(i)));
  if (isArray) return keys.map((_, i) => toNested(level.get(String(i)) as Map<string, unknown> | string));
  // fromEntries defines own properties, so even a key named __proto__ is kept as data.
  return Object.fromEntries(keys.map((k) => [k, toNested(level.get(k) as Map<string, unknown> | string)]));
}
