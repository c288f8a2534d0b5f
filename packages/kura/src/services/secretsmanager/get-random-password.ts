// GetRandomPassword: a password from the CSPRNG (password.ts), 32 characters unless asked otherwise.

import type { OperationHandler } from '../context.js';
import { smErrors } from './errors.js';
import { optionalBoolean, optionalInteger, optionalString } from './input.js';
import { generatePassword } from './password.js';

export const getRandomPassword: OperationHandler = async (input) => {
  const outcome = generatePassword({
    length: optionalInteger(input, 'PasswordLength') ?? 32,
    excludeCharacters: optionalString(input, 'ExcludeCharacters') ?? '',
    excludeNumbers: optionalBoolean(input, 'ExcludeNumbers') ?? false,
    excludePunctuation: optionalBoolean(input, 'ExcludePunctuation') ?? false,
    excludeUppercase: optionalBoolean(input, 'ExcludeUppercase') ?? false,
    excludeLowercase: optionalBoolean(input, 'ExcludeLowercase') ?? false,
    includeSpace: optionalBoolean(input, 'IncludeSpace') ?? false,
    requireEachIncludedType: optionalBoolean(input, 'RequireEachIncludedType') ?? true,
  });
  if ('password' in outcome) return { RandomPassword: outcome.password };
  // moto's text for too short (as it records AWS); the other is a guess (GAPS.md).
  if (outcome.error === 'too-short') throw smErrors.invalidParameter('Password length is too short based on the required types.');
  throw smErrors.invalidParameter('The password has no characters to choose from: every character type is excluded.');
};
