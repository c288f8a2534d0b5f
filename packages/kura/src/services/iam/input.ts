// IAM's own input readers; the shared ones come from ../input.ts. IAM's requiredString answers a
// missing member the Query way (ValidationError), since some IAM members are optional in the model
// but required by the operation's meaning.

import type { IamTag } from '../../store/identities.js';
import type { Input } from '../input.js';
import { iamErrors } from './errors.js';

export { optionalBoolean, optionalInteger, optionalString, stringList, type Input } from '../input.js';

export function requiredString(input: Input, member: string): string {
  const value = input[member];
  if (typeof value !== 'string') throw iamErrors.validation(`1 validation error detected: Value null at '${lowerFirst(member)}' failed to satisfy constraint: Member must not be null`);
  return value;
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
