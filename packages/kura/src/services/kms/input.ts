// KMS's own input readers; the shared ones come from ../input.ts.

import type { Input } from '../input.js';

export { flag, optionalInteger, optionalString, requiredBlob, requiredString, stringList, type Input } from '../input.js';

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
