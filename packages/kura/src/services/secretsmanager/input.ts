// Secrets Manager's own input readers; the shared ones come from ../input.ts. A missing member the
// operation needs is the JSON protocol's ValidationException.

import type { SecretTag } from '../../store/secrets.js';
import { jsonErrors } from '../../wire/errors.js';
import { requiredReaders, type Input } from '../input.js';

export { flag, optionalBoolean, optionalInteger, optionalString, stringList, type Input } from '../input.js';

export const { requiredString } = requiredReaders(jsonErrors.validation);

/** Tags as {Key, Value} on the wire, in request order; a repeated key keeps its last value. */
export function tagList(input: Input, member: string): SecretTag[] {
  const value = input[member];
  if (!Array.isArray(value)) return [];
  const byKey = new Map<string, string>();
  for (const entry of value as Array<{ Key?: unknown; Value?: unknown }>) {
    if (typeof entry.Key === 'string') byKey.set(entry.Key, typeof entry.Value === 'string' ? entry.Value : '');
  }
  return [...byKey].map(([key, tagValue]) => ({ key, value: tagValue }));
}

/** The value members of a write: at most one of SecretString and SecretBinary. */
export interface SecretValueInput {
  kind: 'string' | 'binary';
  bytes: Buffer;
}

export function secretValueOf(input: Input): SecretValueInput | 'both' | undefined {
  const text = input['SecretString'];
  const binary = input['SecretBinary'];
  if (typeof text === 'string' && Buffer.isBuffer(binary)) return 'both';
  if (typeof text === 'string') return { kind: 'string', bytes: Buffer.from(text, 'utf8') };
  if (Buffer.isBuffer(binary)) return { kind: 'binary', bytes: Buffer.from(binary) };
  return undefined;
}
