// The resource types kura apply creates, by CloudFormation type name. Every other type is skipped.

import { iamManagedPolicy } from './iam-managed-policy.js';
import { iamPolicy } from './iam-policy.js';
import { iamRole } from './iam-role.js';
import { iamGroup, iamUser } from './iam-user-group.js';
import { iamUserToGroup } from './iam-user-to-group.js';
import { kmsAlias, kmsKey } from './kms.js';
import { secret } from './secret.js';
import { ssmParameter } from './ssm-parameter.js';
import type { ResourceHandler } from './types.js';

export const HANDLERS: ReadonlyMap<string, ResourceHandler> = new Map(
  [iamRole, iamPolicy, iamManagedPolicy, iamUser, iamGroup, iamUserToGroup, kmsKey, kmsAlias, ssmParameter, secret].map((h) => [h.type, h]),
);
