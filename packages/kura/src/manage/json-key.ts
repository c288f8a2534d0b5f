// `kura secret get --json-key K`: one top-level key of a JSON object secret, printed as `kura exec`
// puts it in an environment variable (src/inject/json-fields.ts; the layers keep the two apart, so
// the rule is written twice): a string as its characters, any other value as its JSON text exactly
// as the secret holds it (1.10 stays 1.10, a 20-digit number keeps its digits). Errors name the key,
// never quote the secret (JSON.parse's SyntaxError would).

import { CommandError } from './errors.js';

const SPACE = /[ \t\n\r]/;

export function jsonKeyValue(text: string, key: string, secret: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new CommandError(`${secret} is not a JSON object, so its key '${key}' cannot be read`);
  if (!Object.hasOwn(parsed, key)) throw new CommandError(`${secret} has no key '${key}'`);
  // Valid JSON with an object at the top: tracking strings and nesting finds each value's text.
  const found: string[] = [];
  let i = text.indexOf('{') + 1;
  const skipSpace = () => {
    while (i < text.length && SPACE.test(text[i] ?? '')) i += 1;
  };
  const skipString = () => {
    for (i += 1; i < text.length && text[i] !== '"'; i += 1) if (text[i] === '\\') i += 1;
    i += 1;
  };
  for (skipSpace(); text[i] !== '}'; skipSpace()) {
    const keyStart = i;
    skipString();
    const name = JSON.parse(text.slice(keyStart, i)) as string;
    skipSpace();
    i += 1; // the colon
    skipSpace();
    const valueStart = i;
    for (let depth = 0; i < text.length && !(depth === 0 && (text[i] === ',' || text[i] === '}')); ) {
      if (text[i] === '"') skipString();
      else {
        if (text[i] === '{' || text[i] === '[') depth += 1;
        else if (text[i] === '}' || text[i] === ']') depth -= 1;
        i += 1;
      }
    }
    if (name === key) found.push(text.slice(valueStart, i).replace(/[ \t\n\r]+$/, ''));
    if (text[i] === ',') i += 1;
  }
  if (found.length > 1) throw new CommandError(`${secret} holds the key '${key}' more than once, so which value it means is unclear`);
  const raw = found[0] ?? '';
  if (raw === 'null') throw new CommandError(`the key '${key}' of ${secret} is null`);
  return raw.startsWith('"') ? (JSON.parse(raw) as string) : raw;
}
