// IAM's own input readers; the shared ones come from ../input.ts. A missing member the operation
// needs (some IAM members are optional in the model but required by the operation's meaning) is
// answered the Query way: ValidationError.

import type { IamTag } from '../../store/iam-types.js';
import { requiredReaders, type Input } from '../input.js';
import { iamErrors } from './errors.js';

export { optionalBoolean, optionalInteger, optionalString, stringList, type Input } from '../input.js';

export const { requiredString } = requiredReaders(iamErrors.validation);

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
