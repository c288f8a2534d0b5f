// The bootstrap administrator as an IAM user (`user/admin`) with AdministratorAccess attached, so
// that AWS's rules apply to it unchanged: its requests are authorized by its policies, it can be
// named in trust policies, and `iam:GetUser` describes it. The server calls this at start-up with
// the AIDA id it gave the administrator's access key, so the key and the user agree.

import type { Store } from '../../store/store.js';
import { entityArn } from './arns.js';
import { ADMINISTRATOR_ACCESS_ARN } from './aws-managed-policies.js';
import { MAX_ATTACHED_POLICIES } from './attachments.js';

export const ADMIN_USER_NAME = 'admin';

export const adminUserArn = (accountId: string) => entityArn(accountId, 'user', '/', ADMIN_USER_NAME);

/**
 * Creates `user/admin` (id `userId`) with AdministratorAccess attached unless it exists. An
 * existing administrator is left as it is: an operator may have changed its policies on purpose.
 */
export async function ensureBootstrapAdmin(store: Pick<Store, 'identities'>, options: { accountId: string; userId: string; now: Date }): Promise<'created' | 'exists'> {
  const { accountId, userId, now } = options;
  const outcome = await store.identities.createUser({
    accountId,
    name: ADMIN_USER_NAME,
    id: userId,
    path: '/',
    arn: adminUserArn(accountId),
    createDate: now,
    permissionsBoundary: null,
    tags: [],
  });
  if (outcome === 'created') {
    await store.identities.attachPolicy(accountId, 'user', ADMIN_USER_NAME, ADMINISTRATOR_ACCESS_ARN, MAX_ATTACHED_POLICIES);
  }
  return outcome;
}
