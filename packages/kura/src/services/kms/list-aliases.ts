// ListAliases: aliases by name, optionally only those of one key. Like AWS, the list includes the
// predefined AWS alias Kura can back (alias/aws/ssm) before its key exists, without a TargetKeyId.

import type { AliasRecord } from '../../store/keys.js';
import { scopeOf, type OperationHandler } from '../context.js';
import { optionalString } from './input.js';
import { aliasArn } from './key-ref.js';
import { findKeyById } from './lookup.js';
import { pageOf, pageRequest } from './paging.js';
import { managedKeyDescriptions } from './policies.js';

type Listed = AliasRecord | { aliasName: string; predefined: true };

const PREDEFINED = Object.keys(managedKeyDescriptions).map((service) => `alias/aws/${service}`);

export const listAliases: OperationHandler = async (input, ctx) => {
  const scope = scopeOf(ctx);
  const keyRef = optionalString(input, 'KeyId');
  const keyId = keyRef === undefined ? undefined : (await findKeyById(ctx, keyRef)).key.keyId;
  const query = { keyId };
  const request = pageRequest(ctx, input, 'ListAliases', query, { limit: 50, max: 100 });
  const stored = await ctx.store.keys.listAliases(scope, {
    ...(keyId !== undefined ? { keyId } : {}),
    ...(request.after !== undefined ? { afterAliasName: request.after } : {}),
    limit: request.limit + 1,
  });
  const listed: Listed[] = [...stored];
  if (keyId === undefined) {
    // A predefined alias belongs in this page if it sorts after the marker and before the end of
    // what the store returned (or the store ran out): otherwise a later page will list it.
    const end = stored.length > request.limit ? stored.at(-1)?.aliasName : undefined;
    for (const aliasName of PREDEFINED) {
      const inRange = (request.after === undefined || aliasName > request.after) && (end === undefined || aliasName < end);
      if (inRange && !stored.some((a) => a.aliasName === aliasName)) listed.push({ aliasName, predefined: true });
    }
    listed.sort((a, b) => (a.aliasName < b.aliasName ? -1 : a.aliasName > b.aliasName ? 1 : 0));
  }
  const { items, ...page } = pageOf(ctx, 'ListAliases', query, request, listed, (alias) => alias.aliasName);

  // An alias whose key's deletion came due went with the key; loading the key applies that.
  const exists = new Map<string, boolean>();
  for (const alias of items) {
    if ('targetKeyId' in alias && !exists.has(alias.targetKeyId)) {
      exists.set(alias.targetKeyId, (await ctx.kms.load(scope, alias.targetKeyId)) !== undefined);
    }
  }
  const aliases = items
    .filter((alias) => !('targetKeyId' in alias) || exists.get(alias.targetKeyId) === true)
    .map((alias) => ({
      AliasName: alias.aliasName,
      AliasArn: aliasArn(scope.region, scope.accountId, alias.aliasName),
      ...('targetKeyId' in alias
        ? { TargetKeyId: alias.targetKeyId, CreationDate: alias.creationDate, LastUpdatedDate: alias.lastUpdatedDate }
        : {}),
    }));
  return { Aliases: aliases, ...page };
};
