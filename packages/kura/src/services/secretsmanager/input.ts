// Secrets Manager's own input readers; the shared ones come from ../input.ts. A missing member the
// operation needs is the JSON protocol's ValidationException.

import { jsonErrors } from '../../wire/errors.js';
import { requiredReaders, type Input } from '../input.js';

export { flag, optionalBoolean, optionalInteger, optionalString, stringList, type Input } from '../input.js';

export const { requiredString } = requiredReaders(jsonErrors.validation);

/** Tags as {Key, Value} on the wire (../input.ts). */
export { keyValueTags as tagList } from '../input.js';

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
