// Alias naming rules of CreateAlias, UpdateAlias and DeleteAlias. The model's pattern
// ^[a-zA-Z0-9:/_-]+$ and length 1–256 are enforced by the wire layer before these run.

import { kmsErrors } from './errors.js';

/** AWS creates and owns the aliases under alias/aws/; callers may not create, move or delete them. */
export const RESERVED_PREFIX = 'alias/aws/';

export function validateAliasName(aliasName: string): string {
  if (!aliasName.startsWith('alias/')) throw kmsErrors.aliasPrefix();
  // The model's pattern admits ':' (alias ARNs use it), but an alias name may not contain one.
  if (aliasName.includes(':')) throw kmsErrors.aliasCharacters(aliasName);
  if (aliasName === 'alias/') throw kmsErrors.invalidAliasName(aliasName);
  if (aliasName.startsWith(RESERVED_PREFIX)) throw kmsErrors.reservedAlias();
  return aliasName;
}
