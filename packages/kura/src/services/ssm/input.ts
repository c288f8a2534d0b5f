// Typed reads of an already-decoded, model-validated input. The wire layer guarantees types and
// required members, so these only narrow `unknown` for the compiler; a surprise is a server bug.

import type { Tag } from '../../store/parameters.js';

export type Input = Record<string, unknown>;

export function requiredString(input: Input, member: string): string {
  const value = input[member];
  if (typeof value !== 'string') throw new Error(`input member ${member} is not a string after validation`);
  return value;
}

export function optionalString(input: Input, member: string): string | undefined {
  const value = input[member];
  return typeof value === 'string' ? value : undefined;
}

export function flag(input: Input, member: string): boolean {
  return input[member] === true;
}

export function optionalInteger(input: Input, member: string): number | undefined {
  const value = input[member];
  return typeof value === 'number' && Number.isInteger(value) ? value : undefined;
}

export function stringList(input: Input, member: string): string[] {
  const value = input[member];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** Tags as {Key, Value} on the wire; a repeated key keeps its last value. */
export function tagList(input: Input, member: string): Tag[] {
  const value = input[member];
  if (!Array.isArray(value)) return [];
  const byKey = new Map<string, string>();
  for (const entry of value as Array<{ Key?: unknown; Value?: unknown }>) {
    if (typeof entry.Key === 'string') byKey.set(entry.Key, typeof entry.Value === 'string' ? entry.Value : '');
  }
  return [...byKey].map(([key, tagValue]) => ({ key, value: tagValue }));
}
