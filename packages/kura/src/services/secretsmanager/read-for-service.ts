// GetSecretValue as another service performs it for the caller: Parameter Store's
// /aws/reference/secretsmanager/<secret-id> names. secretsmanager:GetSecretValue is authorized for
// the caller as if it had called it (the secret's resource policy and tags, the version asked for),
// then the value is read as GetSecretValue reads it (read-value.ts: kms:Decrypt through Secrets
// Manager, the access recorded). The calling service turns Secrets Manager's errors into its own.

import type { OperationContext } from '../context.js';
import { secretCheck } from './authorization.js';
import { readValue, type Selector } from './read-value.js';
import { requireSecret } from './resolve.js';

/**
 * GetSecretValue's output for `secretId` (a name or ARN) and `selector`, or Secrets Manager's error.
 * `request` is the calling operation's frozen input: the secret is resolved once per request and
 * SecretId, so the secret authorized is the secret read. `context` adds the condition keys the
 * calling service sets (aws:ViaAWSService).
 */
export async function getSecretValueFor(
  ctx: OperationContext,
  request: object,
  secretId: string,
  selector: Selector,
  context: Record<string, string> = {},
): Promise<Record<string, unknown>> {
  const versionKeys: Record<string, string> = {};
  if (selector.versionId !== undefined) versionKeys['secretsmanager:VersionId'] = selector.versionId;
  if (selector.stage !== undefined) versionKeys['secretsmanager:VersionStage'] = selector.stage;
  await ctx.access.require(await secretCheck(ctx, request, secretId, 'GetSecretValue', { ...versionKeys, ...context }));
  const { secret } = await requireSecret(ctx, request, secretId);
  return readValue(ctx, secret, selector);
}
