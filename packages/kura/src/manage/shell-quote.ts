// POSIX shell quoting for `kura export --format shell`. Single quotes make everything literal ($,
// backquotes, $(...), backslashes, newlines, globs), and a single quote itself is written as '\''.
// The result is safe to `eval` or source in sh, dash, bash, zsh and ksh.

import { CommandError } from './errors.js';

export function shellQuote(value: string): string {
  if (value.includes('\0')) throw new CommandError('a value holds a NUL character, which no shell variable can hold');
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** `export NAME='value'` lines; names are checked, since a name is written unquoted. */
export function serializeShell(entries: Array<{ key: string; value: string }>): string {
  return entries
    .map(({ key, value }) => {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) throw new CommandError(`'${key}' is not a shell variable name`);
      return `export ${key}=${shellQuote(value)}\n`;
    })
    .join('');
}
