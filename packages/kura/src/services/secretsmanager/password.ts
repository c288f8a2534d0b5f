// GetRandomPassword's generator, from the CSPRNG (crypto.randomInt: uniform, no modulo bias). The
// character classes are AWS's (https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetRandomPassword.html):
// upper- and lower-case letters, digits, the 32 ASCII punctuation characters, and the space only
// when asked for. ExcludeCharacters removes characters from every class. With
// RequireEachIncludedType (the default) the password holds at least one character of every class
// that is included and not emptied by the exclusions.

import { randomInt } from 'node:crypto';

export const CLASSES = {
  uppercase: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  lowercase: 'abcdefghijklmnopqrstuvwxyz',
  numbers: '0123456789',
  punctuation: '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~',
  space: ' ',
} as const;

export interface PasswordOptions {
  length: number;
  excludeCharacters: string;
  excludeNumbers: boolean;
  excludePunctuation: boolean;
  excludeUppercase: boolean;
  excludeLowercase: boolean;
  includeSpace: boolean;
  requireEachIncludedType: boolean;
}

export type PasswordOutcome = { password: string } | { error: 'no-characters' | 'too-short' };

/** The classes that take part, each without the excluded characters; emptied ones are dropped. */
export function includedClasses(options: PasswordOptions): string[] {
  const excluded = new Set(options.excludeCharacters);
  const chosen: string[] = [];
  if (!options.excludeUppercase) chosen.push(CLASSES.uppercase);
  if (!options.excludeLowercase) chosen.push(CLASSES.lowercase);
  if (!options.excludeNumbers) chosen.push(CLASSES.numbers);
  if (!options.excludePunctuation) chosen.push(CLASSES.punctuation);
  if (options.includeSpace) chosen.push(CLASSES.space);
  return chosen.map((set) => [...set].filter((c) => !excluded.has(c)).join('')).filter((set) => set.length > 0);
}

const pick = (set: string): string => set.charAt(randomInt(set.length));

export function generatePassword(options: PasswordOptions): PasswordOutcome {
  const classes = includedClasses(options);
  if (classes.length === 0) return { error: 'no-characters' };
  if (options.requireEachIncludedType && options.length < classes.length) return { error: 'too-short' };
  const all = classes.join('');
  const chars: string[] = options.requireEachIncludedType ? classes.map(pick) : [];
  while (chars.length < options.length) chars.push(pick(all));
  // Fisher–Yates, so the required characters are not always in front.
  for (let i = chars.length - 1; i > 0; i -= 1) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j] as string, chars[i] as string];
  }
  return { password: chars.join('') };
}
