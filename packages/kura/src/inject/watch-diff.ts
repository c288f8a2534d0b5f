// What differs between the outputs the program runs with and those of a new read under --watch, and
// the one line that says so. By name and path only: a value never appears in the description.

import type { Outputs, RenderedFile } from './outputs.js';

export interface OutputChange {
  /** Variable names, sorted. */
  added: string[];
  removed: string[];
  changed: string[];
  /** The files whose content is new, to be written. The set of paths is fixed by the options, so a file never goes away. */
  files: RenderedFile[];
}

/** The difference, or undefined when the new outputs are the same as the current ones. */
export function diffOutputs(current: Outputs, next: Outputs): OutputChange | undefined {
  const added: string[] = [];
  const removed: string[] = [];
  const changed: string[] = [];
  for (const [name, value] of Object.entries(next.env)) {
    if (!Object.hasOwn(current.env, name)) added.push(name);
    else if (current.env[name] !== value) changed.push(name);
  }
  for (const name of Object.keys(current.env)) if (!Object.hasOwn(next.env, name)) removed.push(name);
  const before = new Map(current.files.map((file) => [file.path, file.content]));
  const files = next.files.filter((file) => before.get(file.path) !== file.content);
  if (added.length + removed.length + changed.length + files.length === 0) return undefined;
  return { added: added.sort(), removed: removed.sort(), changed: changed.sort(), files };
}

/** Whether the program's environment differs (not only its files). */
export function changesEnvironment(change: OutputChange): boolean {
  return change.added.length + change.removed.length + change.changed.length > 0;
}

/** `DB_PASSWORD, DB_USER changed; API_KEY added; OLD removed; /run/secrets/db rewritten`. */
export function describeChange(change: OutputChange): string {
  const parts: string[] = [];
  if (change.changed.length > 0) parts.push(`${change.changed.join(', ')} changed`);
  if (change.added.length > 0) parts.push(`${change.added.join(', ')} added`);
  if (change.removed.length > 0) parts.push(`${change.removed.join(', ')} removed`);
  if (change.files.length > 0) parts.push(`${change.files.map((file) => file.path).join(', ')} rewritten`);
  return parts.join('; ');
}
