// The files a `--seed` list names, read and parsed: a file as it is, a directory's *.yaml, *.yml
// and *.json in name order (so `10-keys.yaml` comes before `20-app.yaml`). JSON is read by the
// YAML parser too (JSON is YAML 1.2), with duplicate keys refused in both. A syntax error is said
// by line and column and the parser's reason, never with the source line: it may hold a password.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import type { SeedProblem } from './problems.js';

export interface SeedSource {
  /** The file as the operator named it (relative to the working directory when inside it). */
  file: string;
  /** The parsed document; null for an empty file. */
  content: unknown;
}

const SEED_FILE = /\.(ya?ml|json)$/i;

/** How a path is shown: relative to `cwd` when inside it, else as it is. */
export function displayPath(file: string, cwd: string): string {
  const relative = path.relative(cwd, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}

/** Every file the list names, in the order they apply. */
export function seedFiles(paths: readonly string[], cwd: string, problems: SeedProblem[]): string[] {
  const files: string[] = [];
  for (const given of paths) {
    const full = path.resolve(cwd, given);
    let isDirectory: boolean;
    try {
      isDirectory = statSync(full).isDirectory();
    } catch {
      problems.push({ file: displayPath(full, cwd), path: '', reason: 'no such file or directory' });
      continue;
    }
    if (!isDirectory) {
      files.push(full);
      continue;
    }
    const entries = readdirSync(full, { withFileTypes: true })
      .filter((entry) => entry.isFile() && SEED_FILE.test(entry.name))
      .map((entry) => entry.name)
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    if (entries.length === 0) problems.push({ file: displayPath(full, cwd), path: '', reason: 'the directory holds no .yaml, .yml or .json file' });
    for (const name of entries) files.push(path.join(full, name));
  }
  return files;
}

export function readSeedFile(full: string, cwd: string, problems: SeedProblem[]): SeedSource | undefined {
  const file = displayPath(full, cwd);
  let text: string;
  try {
    text = readFileSync(full, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    problems.push({ file, path: '', reason: `cannot be read (${code})` });
    return undefined;
  }
  const lines = new LineCounter();
  const document = parseDocument(text, { prettyErrors: false, uniqueKeys: true, lineCounter: lines });
  const error = document.errors[0];
  // JSON that YAML cannot read (tab indentation is valid JSON, not YAML) is still JSON; a duplicate
  // key is refused all the same (JSON.parse would keep the last one in silence).
  if (error && error.code !== 'DUPLICATE_KEY' && /\.json$/i.test(full)) {
    try {
      return { file, content: JSON.parse(text) as unknown };
    } catch {
      // Reported below, by line and column, from the YAML parser's reading.
    }
  }
  if (error) {
    const where = lines.linePos(error.pos[0]);
    problems.push({ file, path: '', reason: `not valid ${/\.json$/i.test(full) ? 'JSON' : 'YAML'} at line ${where.line}, column ${where.col}: ${error.message.split('\n')[0]}` });
    return undefined;
  }
  try {
    return { file, content: document.toJS({ maxAliasCount: 100 }) as unknown };
  } catch (failure) {
    // An alias expansion beyond the bound (a "billion laughs" file), or an alias to nothing.
    problems.push({ file, path: '', reason: `cannot be read: ${failure instanceof Error ? failure.message.split('\n')[0] : 'bad document'}` });
    return undefined;
  }
}
