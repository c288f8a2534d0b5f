// Parameter Store keeps `.` and `..` as ordinary levels of a name: its naming rules allow any mix of
// letters, digits and `.` `-` `_` per level, and nothing resolves them. So
// `/goecssample/../prod/db/password` is a parameter under /goecssample (a writer allowed
// `parameter/goecssample/*` can create it), not /prod/db/password. People, and software that reads
// names as file paths or URLs, do resolve those levels, so such a name shown or exported bare can
// pass for a parameter it is not. `ls` and `tree` print it exactly and say so on stderr; `export`
// refuses it unless told otherwise, because a file loses the warning and keeps the name.
// https://docs.aws.amazon.com/systems-manager/latest/userguide/sysman-parameter-name-constraints.html

import { CommandError } from './errors.js';
import { sampleNames } from './import-plan.js';

/** A level that paths and URLs resolve (`.`, `..`) or collapse (the empty one, `a//b`). */
export function isDotLevel(level: string): boolean {
  return level === '.' || level === '..' || level === '';
}

/** The levels of `name` (with or without its leading `/`) that are dot levels, in order, repeats kept. */
export function dotLevels(name: string): string[] {
  return (name.startsWith('/') ? name.slice(1) : name).split('/').filter(isDotLevel);
}

/** What a reader that resolves `.` and `..` would take `name` for: `/goecssample/../prod/x` → `/prod/x`. */
export function resolvedReading(name: string): string {
  const kept: string[] = [];
  for (const level of (name.startsWith('/') ? name.slice(1) : name).split('/')) {
    if (level === '..') kept.pop();
    else if (!isDotLevel(level)) kept.push(level);
  }
  return `/${kept.join('/')}`;
}

/** `a '..' level`, `'..' and '.' levels`, `an empty level`: the kinds of dot level in `name`. */
function describeLevels(name: string): string {
  const kinds = [...new Set(dotLevels(name))].map((level) => (level === '' ? 'empty' : `'${level}'`));
  if (kinds.length === 1) return kinds[0] === 'empty' ? 'an empty level' : `a ${kinds[0]} level`;
  return `${kinds.slice(0, -1).join(', ')} and ${kinds[kinds.length - 1]} levels`;
}

/**
 * One stderr line per listed name that has a dot level, for `ls` and `tree`. Names cannot hold `'`,
 * so quoting the name marks exactly where it starts and ends.
 */
export function dotLevelWarnings(command: string, names: string[]): string {
  return names
    .filter((name) => dotLevels(name).length > 0)
    .map((name) => `kura ${command}: warning: '${name}' has ${describeLevels(name)}, which Parameter Store keeps as part of the name: it is not ${resolvedReading(name)}\n`)
    .join('');
}

/**
 * `export` without --allow-dot-levels: refuses when any exported name has a dot level. The file's
 * readers (dotenv loaders, config libraries, another `import`) may resolve or join those levels, and
 * a dotenv key such as `___prod_db_password` no longer shows where the value came from.
 */
export function refuseDotLevels(names: string[]): void {
  const odd = names.filter((name) => dotLevels(name).length > 0);
  if (odd.length === 0) return;
  const first = odd[0]!;
  const what =
    odd.length === 1
      ? `${first} has ${describeLevels(first)}, which Parameter Store keeps as part of the name (it is not ${resolvedReading(first)})`
      : `${odd.length} parameters have '.', '..' or empty levels, which Parameter Store keeps as part of the name (${sampleNames(odd)})`;
  throw new CommandError(`${what}; readers of the file may resolve ${odd.length === 1 ? 'it' : 'them'}: pass --allow-dot-levels to export ${odd.length === 1 ? 'it' : 'them'} as written`);
}
