// The file formats of `kura import` and `kura export`. JSON and YAML are nested (a tree under the
// path); dotenv is flat (one level); shell is export-only. The `yaml` package parses and writes YAML:
// a correct YAML parser is not small (anchors, block scalars, quoting rules), and it has no deps.

import YAML from 'yaml';
import { parseDotenv, serializeDotenv } from './dotenv.js';
import { toEnvEntries } from './env-names.js';
import { CommandError, UsageError } from './errors.js';
import { flatten, joinName, normalizePath, unflatten, type Entry } from './flatten.js';
import { serializeShell } from './shell-quote.js';

export type ImportFormat = 'json' | 'yaml' | 'dotenv';
export type ExportFormat = ImportFormat | 'shell';

export function importFormat(file: string, given: string | undefined): ImportFormat {
  if (given !== undefined) {
    if (given === 'json' || given === 'yaml' || given === 'dotenv') return given;
    if (given === 'yml' || given === 'env') return given === 'yml' ? 'yaml' : 'dotenv';
    throw new UsageError(`--format must be json, yaml or dotenv (got '${given}')`);
  }
  const base = file.split('/').pop() ?? file;
  if (/\.json$/i.test(base)) return 'json';
  if (/\.ya?ml$/i.test(base)) return 'yaml';
  if (/^\.env(\..*)?$/i.test(base) || /\.env$/i.test(base)) return 'dotenv';
  throw new UsageError(`cannot tell the format of '${file}' from its name: pass --format json, yaml or dotenv`);
}

export function exportFormat(given: string | undefined): ExportFormat {
  if (given === 'json' || given === 'yaml' || given === 'dotenv' || given === 'shell') return given;
  if (given === 'yml' || given === 'env' || given === 'sh') return given === 'yml' ? 'yaml' : given === 'env' ? 'dotenv' : 'shell';
  throw new UsageError(given === undefined ? '--format json|yaml|dotenv|shell is required' : `--format must be json, yaml, dotenv or shell (got '${given}')`);
}

/** The parameters a file describes under `path`, in the file's order. Throws on anything unstorable. */
export function parseDocument(text: string, format: ImportFormat, path: string): Entry[] {
  const base = normalizePath(path);
  if (format === 'dotenv') {
    return parseDotenv(text).map(({ key, value }) => {
      if (value === '') throw new CommandError(`${key}: an empty value cannot be stored (Parameter Store holds non-empty strings)`);
      return { name: joinName(base, key), value };
    });
  }
  if (format === 'json') {
    let document: unknown;
    try {
      document = JSON.parse(text.replace(/^\uFEFF/, ''));
    } catch (error) {
      throw new CommandError(`not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
    }
    return flatten(document, base);
  }
  return flatten(parseYaml(text), base);
}

/**
 * YAML scalars are kept as written: `1.10` stays "1.10" and `0x1F` stays "0x1F" (a YAML number would
 * lose that), while nulls (`~`, `null`, nothing) stay null so that flatten refuses them.
 */
function parseYaml(text: string): unknown {
  const doc = YAML.parseDocument(text, { prettyErrors: false });
  const problem = doc.errors[0];
  if (problem) throw new CommandError(`not valid YAML: ${problem.message.split('\n')[0]}`);
  const walk = (node: unknown): unknown => {
    if (YAML.isAlias(node)) return walk(node.resolve(doc));
    if (YAML.isMap(node)) {
      // fromEntries: a key named __proto__ stays a key (assignment would set the prototype).
      return Object.fromEntries(node.items.map((pair) => [String(walk(pair.key) ?? ''), walk(pair.value)]));
    }
    if (YAML.isSeq(node)) return node.items.map(walk);
    if (YAML.isScalar(node)) {
      if (node.value === null || node.value === undefined) return null;
      return typeof node.value === 'string' ? node.value : (node.source ?? String(node.value));
    }
    return node === null || node === undefined ? null : String(node);
  };
  return walk(doc.contents);
}

/** The document for parameters under `path` (entries are what GetParametersByPath returned). */
export function serializeDocument(entries: Entry[], format: ExportFormat, path: string): string {
  const base = normalizePath(path);
  if (format === 'json') return `${JSON.stringify(unflatten(entries, base), null, 2)}\n`;
  if (format === 'yaml') return stringifyYaml(unflatten(entries, base));
  const sorted = [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const env = toEnvEntries(sorted, base);
  return format === 'dotenv' ? serializeDotenv(env) : serializeShell(env);
}

/**
 * Every value is a string; a one-line string that a YAML reader (1.2, or the still common 1.1: yes,
 * on, 017) would read as anything but itself is double-quoted, so other tools read it back as the
 * same string too. Multi-line strings are left to the writer, which uses block scalars.
 */
function stringifyYaml(value: unknown): string {
  const doc = new YAML.Document(value);
  YAML.visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value === 'string' && !node.value.includes('\n') && !readsAsString(node.value)) node.type = 'QUOTE_DOUBLE';
    },
  });
  return doc.toString({ lineWidth: 0 });
}

function readsAsString(text: string): boolean {
  try {
    return YAML.parse(text, { version: '1.1' }) === text && YAML.parse(text) === text;
  } catch {
    return false;
  }
}
