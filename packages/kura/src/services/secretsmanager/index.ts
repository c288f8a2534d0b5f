// The Secrets Manager operations, keyed by the exact AWS operation name the gateway dispatches on.
// Replication (ReplicateSecretToRegions, RemoveRegionsFromReplication, StopReplicationToReplica) is
// not here: the gateway answers it as operations this server does not implement (GAPS.md).

import type { OperationHandler } from '../context.js';
import { batchGetSecretValue } from './batch-get-secret-value.js';
import { cancelRotateSecret } from './cancel-rotate-secret.js';
import { createSecret } from './create-secret.js';
import { deleteResourcePolicy } from './delete-resource-policy.js';
import { deleteSecret } from './delete-secret.js';
import { describeSecret } from './describe-secret.js';
import { getRandomPassword } from './get-random-password.js';
import { getResourcePolicy } from './get-resource-policy.js';
import { getSecretValue } from './get-secret-value.js';
import { listSecretVersionIds } from './list-secret-version-ids.js';
import { listSecrets } from './list-secrets.js';
import { putResourcePolicy } from './put-resource-policy.js';
import { putSecretValue } from './put-secret-value.js';
import { restoreSecret } from './restore-secret.js';
import { rotateSecret } from './rotate-secret.js';
import { tagResource } from './tag-resource.js';
import { untagResource } from './untag-resource.js';
import { updateSecret } from './update-secret.js';
import { updateSecretVersionStage } from './update-secret-version-stage.js';
import { validateResourcePolicy } from './validate-resource-policy.js';

export const secretsManagerOperations: Record<string, OperationHandler> = {
  CreateSecret: createSecret,
  DescribeSecret: describeSecret,
  GetSecretValue: getSecretValue,
  BatchGetSecretValue: batchGetSecretValue,
  PutSecretValue: putSecretValue,
  UpdateSecret: updateSecret,
  UpdateSecretVersionStage: updateSecretVersionStage,
  ListSecrets: listSecrets,
  ListSecretVersionIds: listSecretVersionIds,
  DeleteSecret: deleteSecret,
  RestoreSecret: restoreSecret,
  RotateSecret: rotateSecret,
  CancelRotateSecret: cancelRotateSecret,
  TagResource: tagResource,
  UntagResource: untagResource,
  GetResourcePolicy: getResourcePolicy,
  PutResourcePolicy: putResourcePolicy,
  DeleteResourcePolicy: deleteResourcePolicy,
  ValidateResourcePolicy: validateResourcePolicy,
  GetRandomPassword: getRandomPassword,
};
