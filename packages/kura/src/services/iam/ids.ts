// Identifiers as AWS shapes them
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-unique-ids):
// unique ids are a 4-letter type prefix and 17 upper-case base32 characters (21 in all, e.g.
// AIDACKCEVSQ6C2EXAMPLE); access key ids are a prefix and 16 characters (20 in all, e.g.
// AKIAIOSFODNN7EXAMPLE); secrets are 40 characters of base64.

import { randomBytes } from 'node:crypto';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** Uniform: 256 is a multiple of 32, so `byte % 32` has no bias. */
function base32(length: number): string {
  return Array.from(randomBytes(length), (b) => BASE32[b % 32]).join('');
}

/** AIDA users, AGPA groups, AROA roles, ANPA customer managed policies. */
export type UniqueIdPrefix = 'AIDA' | 'AGPA' | 'AROA' | 'ANPA';

export function uniqueId(prefix: UniqueIdPrefix): string {
  return prefix + base32(17);
}

/** AKIA long-term keys (CreateAccessKey), ASIA temporary keys (STS). */
export function accessKeyId(prefix: 'AKIA' | 'ASIA'): string {
  return prefix + base32(16);
}

/** 30 random bytes in base64 are exactly 40 characters, AWS's secret length and alphabet. */
export function secretAccessKey(): string {
  return randomBytes(30).toString('base64');
}
