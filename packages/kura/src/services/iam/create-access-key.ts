// CreateAccessKey: a long-term AKIA key pair for a user (the caller when UserName is omitted). At
// most two per user. The secret is returned once and stored only wrapped by the keyring.

import type { OperationHandler } from '../context.js';
import { MAX_ACCESS_KEYS_PER_USER, wrapSecret } from './access-key-store.js';
import { iamErrors } from './errors.js';
import { accessKeyId, secretAccessKey } from './ids.js';
import { optionalString } from './input.js';
import { requireUserOrCaller } from './lookup.js';

export const createAccessKey: OperationHandler = async (input, ctx) => {
  const user = await requireUserOrCaller(ctx, optionalString(input, 'UserName'));
  const existing = await ctx.store.accessKeys.listForPrincipal(user.arn);
  if (existing.length >= MAX_ACCESS_KEYS_PER_USER) throw iamErrors.quota('AccessKeysPerUser', MAX_ACCESS_KEYS_PER_USER);
  const id = accessKeyId('AKIA');
  const secret = secretAccessKey();
  const createDate = ctx.now();
  await ctx.store.accessKeys.save({
    accessKeyId: id,
    accountId: ctx.accountId,
    principalArn: user.arn,
    principalId: user.id,
    secretCiphertext: wrapSecret(ctx, id, secret),
    status: 'Active',
    createDate,
  });
  return { AccessKey: { UserName: user.name, AccessKeyId: id, Status: 'Active', SecretAccessKey: secret, CreateDate: createDate } };
};
