// GetSecretValue: one version's value (read-value.ts). A secret scheduled for deletion is refused
// with AWS's text; its recovery window ended, it is gone.

import type { OperationHandler } from '../context.js';
import { optionalString, requiredString } from './input.js';
import { readValue } from './read-value.js';
import { requireSecret } from './resolve.js';

export const getSecretValue: OperationHandler = async (input, ctx) => {
  const { secret } = await requireSecret(ctx, input, requiredString(input, 'SecretId'));
  const versionId = optionalString(input, 'VersionId');
  const stage = optionalString(input, 'VersionStage');
  return readValue(ctx, secret, { ...(versionId !== undefined ? { versionId } : {}), ...(stage !== undefined ? { stage } : {}) });
};
