// Access keys of IAM users as the IAM operations see them. Keys live in the access-key repository
// (SigV4 looks them up there) and name their owner by ARN; the secret is stored wrapped by the
// keyring with the key id bound as AAD, the same binding the gateway unwraps with.

import type { AccessKeyRecord } from '../../store/access-keys.js';
import type { UserRecord } from '../../store/principals.js';
import type { OperationContext } from '../context.js';
import { iamErrors } from './errors.js';

import { accessKeyAad } from '../../crypto/credential-secrets.js';

export { accessKeyAad };

export const MAX_ACCESS_KEYS_PER_USER = 2;

export function wrapSecret(ctx: OperationContext, accessKeyId: string, secret: string): Buffer {
  return ctx.keyring.wrap('wrap-access-key', Buffer.from(secret, 'utf8'), accessKeyAad(accessKeyId));
}

/** The user's key with this id, or NoSuchEntity: a key of another user is reported as missing. */
export async function requireKeyOf(ctx: OperationContext, user: UserRecord, accessKeyId: string): Promise<AccessKeyRecord> {
  const key = await ctx.store.accessKeys.find(accessKeyId);
  if (!key || key.principalArn !== user.arn || key.accountId !== ctx.accountId) throw iamErrors.noSuchAccessKey(accessKeyId);
  return key;
}

export function keyMetadata(user: UserRecord, key: AccessKeyRecord): Record<string, unknown> {
  return { UserName: user.name, AccessKeyId: key.accessKeyId, Status: key.status, CreateDate: key.createDate };
}
