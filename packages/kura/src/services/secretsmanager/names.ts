// Secret names, ARNs and the three ways a SecretId names a secret. A secret's ARN is its name, a
// hyphen and six random characters (https://docs.aws.amazon.com/secretsmanager/latest/userguide/reference_iam-permissions.html):
// a secret deleted and created again under its name gets another ARN, so a policy written for the
// old one does not reach the new one. A SecretId is a name, a complete ARN, or a partial ARN (the
// ARN without the suffix). As AWS warns, an ARN whose last seven characters look like a suffix is
// taken as complete: a partial ARN of a name ending in `-xxxxxx` does not find its secret.

import { randomInt } from 'node:crypto';
import { partitionOf } from '../ssm/names.js';

/** The suffix alphabet: letters of both cases and digits, as AWS's ARNs show (`-2jm5Pa`, `-ev0FIK`). */
const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const SUFFIX_LENGTH = 6;
const SUFFIX = /-[A-Za-z0-9]{6}$/;

/** ASCII letters, digits and /_+=.@- (the API reference's rule for names). */
const NAME_CHARS = /^[A-Za-z0-9/_+=.@-]+$/;

export { partitionOf };

export function randomSuffix(): string {
  let suffix = '';
  for (let i = 0; i < SUFFIX_LENGTH; i += 1) suffix += SUFFIX_ALPHABET.charAt(randomInt(SUFFIX_ALPHABET.length));
  return suffix;
}

/** The ARN prefix of every secret in the account and region: `arn:aws:secretsmanager:R:A:secret:`. */
export function secretArnPrefix(region: string, accountId: string): string {
  return `arn:${partitionOf(region)}:secretsmanager:${region}:${accountId}:secret:`;
}

export function secretArn(region: string, accountId: string, name: string, suffix: string): string {
  return `${secretArnPrefix(region, accountId)}${name}-${suffix}`;
}

export function validName(name: string): boolean {
  return NAME_CHARS.test(name);
}

/** What a SecretId names, read without the store. */
export type SecretRef =
  /** A plain name. */
  | { kind: 'name'; name: string }
  /** A complete ARN of this account and region. */
  | { kind: 'arn'; arn: string; name: string }
  /** A partial ARN: the name without the suffix. */
  | { kind: 'partial'; name: string }
  /** An ARN of another account, region or service, or not an ARN of a secret at all: nothing here. */
  | { kind: 'elsewhere' };

export function parseSecretId(secretId: string, region: string, accountId: string): SecretRef {
  if (!secretId.startsWith('arn:')) return { kind: 'name', name: secretId };
  const prefix = secretArnPrefix(region, accountId);
  if (!secretId.startsWith(prefix)) return { kind: 'elsewhere' };
  const rest = secretId.slice(prefix.length);
  if (rest === '') return { kind: 'elsewhere' };
  if (SUFFIX.test(rest)) return { kind: 'arn', arn: secretId, name: rest.slice(0, -(SUFFIX_LENGTH + 1)) };
  return { kind: 'partial', name: rest };
}

/**
 * The ARN authorized for a SecretId that names no secret (the secret does not exist, or not yet):
 * the ARN as given, or for a name the partial ARN. So a policy on `secret:app/*` reaches a missing
 * `app/db` (the caller learns it is missing) and one on `secret:app/db-??????` does not (GAPS.md).
 */
export function missingSecretArn(secretId: string, region: string, accountId: string): string {
  return secretId.startsWith('arn:') ? secretId : `${secretArnPrefix(region, accountId)}${secretId}`;
}
