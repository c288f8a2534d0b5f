// Typed reads of an already-decoded, model-validated input. The wire layer guarantees types,
// lengths, patterns and required members, so these only narrow `unknown` for the compiler.

import type { IamTag } from '../../store/identities.js';
import { iamErrors } from './errors.js';

export type Input = Record<string, unknown>;

export function requiredString(input: Input, member: string): string {
  const value = input[member];
  if (typeof value !== 'string') throw iamErrors.validation(`1 validation error detected: Value null at '${lowerFirst(member)}' failed to satisfy constraint: Member must not be null`);
  return value;
}

export function optionalString(input: Input, member: string): string | undefined {
  const value = input[member];
  return typeof value === 'string' ? value : undefined;
}

export function optionalInteger(input: Input, member: string): number | undefined {
  const value = input[member];
  return typeof value === 'number' && Number.isInteger(value) ? value : undefined;
}

export function optionalBoolean(input: Input, member: string): boolean | undefined {
  const value = input[member];
  return typeof value === 'boolean' ? value : undefined;
}

export function stringList(input: Input, member: string): string[] {
  const value = input[member];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

const lowerFirst = (s: string) => s.slice(0, 1).toLowerCase() + s.slice(1);

/**
 * Tags as {Key, Value}. IAM tag keys are case-insensitive: two keys that differ only by case are a
 * duplicate (InvalidInput), and the `aws:` prefix is reserved.
 */
export function tagList(input: Input, member = 'Tags'): IamTag[] {
  const value = input[member];
  if (!Array.isArray(value)) return [];
  const tags: IamTag[] = [];
  const seen = new Set<string>();
  for (const entry of value as Array<{ Key?: unknown; Value?: unknown }>) {
    if (typeof entry.Key !== 'string') continue;
    const folded = entry.Key.toLowerCase();
    if (seen.has(folded)) throw iamErrors.duplicateTagKeys();
    if (folded.startsWith('aws:')) throw iamErrors.reservedTagKey();
    seen.add(folded);
    tags.push({ key: entry.Key, value: typeof entry.Value === 'string' ? entry.Value : '' });
  }
  return tags;
}
