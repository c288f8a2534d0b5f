// ListSecretVersionIds: the secret's versions, oldest first (as AWS lists them), deprecated ones
// only with IncludeDeprecated. KmsKeyIds names the key each version is sealed under, the AWS managed
// aws/secretsmanager key as AWS names it: "DefaultEncryptionKey".

import { scopeOf, type OperationHandler } from '../context.js';
import { flag, optionalInteger, requiredString } from './input.js';
import { issueToken, openToken } from './paging.js';
import { requireSecret } from './resolve.js';
import { versionToWire } from './to-wire.js';
import { DEFAULT_SECRETS_KEY } from './envelope.js';
import { partitionOf } from './names.js';

const DEFAULT_MAX_RESULTS = 100;

export const listSecretVersionIds: OperationHandler = async (input, ctx) => {
  const { secret } = await requireSecret(ctx, input, requiredString(input, 'SecretId'));
  const scope = scopeOf(ctx);
  const includeDeprecated = flag(input, 'IncludeDeprecated');
  const query = { arn: secret.arn, includeDeprecated };
  const after = openToken(ctx, 'ListSecretVersionIds', query, input['NextToken']);
  const maxResults = optionalInteger(input, 'MaxResults') ?? DEFAULT_MAX_RESULTS;
  const all = (await ctx.store.secrets.versions(scope, secret.name)).filter((v) => includeDeprecated || v.stages.length > 0);
  // Resume strictly after the last version returned, in the store's order (creation date, then id),
  // so a version pruned meanwhile does not make the next page start over.
  const position = after === undefined ? undefined : (JSON.parse(after) as [number, string]);
  const start = position === undefined ? 0 : all.findIndex((v) => v.createdDate.getTime() > position[0] || (v.createdDate.getTime() === position[0] && v.versionId > position[1]));
  const page = start < 0 ? [] : all.slice(start, start + maxResults);
  const defaultKey = await ctx.store.keys.alias(scope, DEFAULT_SECRETS_KEY);
  const defaultKeyArn = defaultKey && `arn:${partitionOf(ctx.region)}:kms:${ctx.region}:${ctx.accountId}:key/${defaultKey.targetKeyId}`;
  const out: Record<string, unknown> = { Versions: page.map((v) => versionToWire(v, defaultKeyArn)), ARN: secret.arn, Name: secret.name };
  const last = page.at(-1);
  if (last && start + maxResults < all.length) out['NextToken'] = issueToken(ctx, 'ListSecretVersionIds', query, JSON.stringify([last.createdDate.getTime(), last.versionId]));
  return out;
};
