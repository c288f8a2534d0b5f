// Parameter names under a path → environment variable names, for the dotenv and shell exports.
// /app/db/host under /app is db_host: levels joined with _, other characters that a variable name
// cannot hold (. and -) become _, a leading digit gets a _ in front. Case is kept, so a dotenv file
// imported under a path exports back with the same keys. Two names that map to the same variable are
// an error rather than one silently winning.

import { CommandError } from './errors.js';
import { relativeName, type Entry } from './flatten.js';

export function envName(relative: string): string {
  const name = relative.replace(/[^A-Za-z0-9_]/g, '_');
  return /^[0-9]/.test(name) ? `_${name}` : name;
}

export function toEnvEntries(entries: Entry[], path: string): Array<{ key: string; value: string }> {
  const owners = new Map<string, string>();
  const out: Array<{ key: string; value: string }> = [];
  for (const entry of entries) {
    const relative = relativeName(path, entry.name);
    if (relative === undefined) continue;
    const key = envName(relative);
    const owner = owners.get(key);
    if (owner !== undefined) throw new CommandError(`${owner} and ${entry.name} both become ${key}; rename one, or export them separately`);
    owners.set(key, entry.name);
    out.push({ key, value: entry.value });
  }
  return out;
}
