// `--template IN:OUT`: a small, logic-less syntax, so that a config file can carry what was read
// without Kura growing a language. The whole of it:
//
//   {{NAME}}        the value of the variable NAME of the program's environment (as it is)
//   {{NAME|json}}   the same value as a JSON string literal, quotes included, so that JSON and YAML
//                   configs stay valid whatever the value holds (quotes, backslashes, newlines)
//   {{{{            a literal {{ (the one escape; a lone }} is always literal)
//
// Spaces and tabs are allowed inside the braces and around `|` (`{{ NAME | json }}`). NAME is a
// variable name ([A-Za-z_][A-Za-z0-9_]*). There are no conditionals, loops, defaults or other
// filters. Every fault fails the start (exit 4): a name that is not set (every such name is listed,
// never a value), an unknown filter, anything else between the braces, a `{{` never closed. Messages
// name the template and the line; they never quote the template's text beyond a filter's name.

import { ExecError, EXIT } from './errors.js';

const OPEN = '{{';
const CLOSE = '}}';
const ESCAPE = '{{{{';
/** `NAME` or `NAME|filter`, with blanks allowed around each part. */
const TAG = /^[ \t]*([A-Za-z_][A-Za-z0-9_]*)[ \t]*(?:\|[ \t]*([^ \t]*)[ \t]*)?$/;
const FILTER_NAME = /^[A-Za-z0-9_-]{1,40}$/;

type Filter = (value: string) => string;
const FILTERS: ReadonlyMap<string, Filter> = new Map([
  // JSON.stringify escapes quotes, backslashes and control characters, and (Node ≥ 12) lone
  // surrogates; other Unicode stays as it is, which JSON and YAML both read as the same string.
  ['json', (value: string) => JSON.stringify(value)],
]);

/** `text` with every tag replaced by its value from `env`; `origin` (`--template IN:OUT`) names it in errors. */
export function renderTemplate(text: string, env: Readonly<Record<string, string>>, origin: string): string {
  const parts: string[] = [];
  const missing: string[] = [];
  let line = 1;
  let at = 0;
  for (;;) {
    const open = text.indexOf(OPEN, at);
    if (open < 0) break;
    parts.push(text.slice(at, open));
    line += countLines(text, at, open);
    if (text.startsWith(ESCAPE, open)) {
      parts.push(OPEN);
      at = open + ESCAPE.length;
      continue;
    }
    const close = text.indexOf(CLOSE, open + OPEN.length);
    const inside = close < 0 ? undefined : text.slice(open + OPEN.length, close);
    // A tag never spans lines: a `{{` whose `}}` comes lines later is far more likely a typo.
    if (inside === undefined || inside.includes('\n')) throw refused(`${origin}: line ${line}: {{ is not closed by }} on the same line (write {{{{ for a literal {{)`);
    const tag = TAG.exec(inside);
    if (!tag) throw refused(`${origin}: line ${line}: {{…}} must hold a variable name, optionally followed by |json (write {{{{ for a literal {{)`);
    const [, name = '', filterName] = tag;
    let filter: Filter | undefined;
    if (filterName !== undefined) {
      filter = FILTERS.get(filterName);
      if (!filter) throw refused(`${origin}: line ${line}: unknown filter ${FILTER_NAME.test(filterName) ? `'${filterName}'` : 'after |'} (the only one is json)`);
    }
    const value = Object.hasOwn(env, name) ? env[name] : undefined;
    if (value === undefined) {
      if (!missing.includes(name)) missing.push(name);
    } else parts.push(filter ? filter(value) : value);
    at = close + CLOSE.length;
  }
  if (missing.length > 0) throw refused(`${origin}: not set in the program's environment: ${missing.join(', ')}`);
  parts.push(text.slice(at));
  return parts.join('');
}

function countLines(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = text.indexOf('\n', from); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) count += 1;
  return count;
}

function refused(message: string): ExecError {
  return new ExecError(message, EXIT.rejected);
}
