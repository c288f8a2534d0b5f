// KMS's own input readers; the shared ones come from ../input.ts. A missing member the operation
// needs is KMS's ValidationException (JSON protocol).

import { jsonErrors } from '../../wire/errors.js';
import { requiredReaders, type Input } from '../input.js';

export { flag, optionalInteger, optionalString, stringList, type Input } from '../input.js';

export const { requiredBlob, requiredString } = requiredReaders(jsonErrors.validation);

/** An encryption context: absent means empty, which is what the ciphertext binds. */
export function encryptionContext(input: Input, member: string): Record<string, string> {
  const value = input[member];
  const context: Record<string, string> = {};
  if (value === null || typeof value !== 'object') return context;
  for (const [key, entry] of Object.entries(value)) {
    if (typeof entry === 'string') Object.defineProperty(context, key, { value: entry, enumerable: true, writable: true, configurable: true });
  }
  return context;
}

/** Tags as {TagKey, TagValue} on the wire, in request order (duplicates are the caller's error). */
export function tagList(input: Input, member: string): Array<{ tagKey: string; tagValue: string }> {
  const value = input[member];
  if (!Array.isArray(value)) return [];
  return (value as Array<{ TagKey?: unknown; TagValue?: unknown }>).map((entry) => ({
    tagKey: typeof entry.TagKey === 'string' ? entry.TagKey : '',
    tagValue: typeof entry.TagValue === 'string' ? entry.TagValue : '',
  }));
}
