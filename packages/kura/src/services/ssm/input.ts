// SSM's own input readers; the shared ones come from ../input.ts. A missing member the operation
// needs is SSM's ValidationException (JSON protocol).

import type { Tag } from '../../store/parameters.js';
import { jsonErrors } from '../../wire/errors.js';
import { requiredReaders, type Input } from '../input.js';
import { SSM_CORAL_STYLE } from './model.js';

export { flag, optionalInteger, optionalString, stringList, type Input } from '../input.js';

// A missing member is reported as SSM's validation layer reports it, period included (model.ts).
export const { requiredString } = requiredReaders((message) => jsonErrors.validation(`${message}${SSM_CORAL_STYLE.end}`));

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
