// The resource the tagging operations address. Parameter Store only tags parameters; the other
// ResourceType values of the shared SSM enum name resources Kura does not have.

import { ServiceError } from '../../wire/errors.js';
import { ssmErrors } from './errors.js';
import { requiredString, type Input } from './input.js';
import { canonicalName, validateReadName } from './names.js';

/** The canonical parameter name of ResourceId (leading slash optional), or InvalidResourceId. */
export function taggedParameter(input: Input): string {
  if (requiredString(input, 'ResourceType') !== 'Parameter') throw ssmErrors.invalidResourceType();
  try {
    return canonicalName(validateReadName(requiredString(input, 'ResourceId')));
  } catch (error) {
    if (error instanceof ServiceError) throw ssmErrors.invalidResourceId();
    throw error;
  }
}
