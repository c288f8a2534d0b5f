// SSM's own input readers; the shared ones come from ../input.ts. A missing member the operation
// needs is SSM's ValidationException (JSON protocol).

import { jsonErrors } from '../../wire/errors.js';
import { requiredReaders } from '../input.js';
import { SSM_CORAL_STYLE } from './model.js';

export { flag, optionalInteger, optionalString, stringList, type Input } from '../input.js';

// A missing member is reported as SSM's validation layer reports it, period included (model.ts).
export const { requiredString } = requiredReaders((message) => jsonErrors.validation(`${message}${SSM_CORAL_STYLE.end}`));

/** Tags as {Key, Value} on the wire (../input.ts). */
export { keyValueTags as tagList } from '../input.js';
