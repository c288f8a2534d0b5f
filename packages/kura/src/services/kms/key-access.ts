// The authorization question for one KMS key: `kms:<Action>` on the key ARN, with the key
// policy as the resource policy and the condition keys KMS provides. Used for direct KMS calls (the
// handlers and authorization.ts) and for services calling KMS as their caller (SSM's SecureStrings),
// so a policy condition means the same thing on both paths.

import type { KeyRepository } from '../../store/keys.js';
import type { Scope } from '../../store/scope.js';
import type { AccessCheck } from '../context.js';
import type { KeyCallerFacts, KeyRequestFacts, ResolvedKey } from './domain-types.js';

type ConditionValues = Record<string, string | string[]>;

/** Every alias of a key, in pages: a truncated list could hide an alias a Deny names. */
async function aliasesOf(keys: KeyRepository, scope: Scope, keyId: string): Promise<string[]> {
  const names: string[] = [];
  for (;;) {
    const after = names.at(-1);
    const page = await keys.listAliases(scope, { keyId, limit: 100, ...(after !== undefined ? { afterAliasName: after } : {}) });
    names.push(...page.map((alias) => alias.aliasName));
    if (page.length < 100) return names;
  }
}

/** The condition-key prefixes a key's aliases and tags fill: read only when some policy names one. */
const KEY_FACT_PREFIXES = ['kms:resourcealiases', 'aws:resourcetag/'];

async function keyFacts(keys: KeyRepository, scope: Scope, keyId: string): Promise<ConditionValues> {
  const context: ConditionValues = {};
  const aliases = await aliasesOf(keys, scope, keyId);
  // Absent rather than empty: `Null` and the set operators then read "no aliases" as AWS does.
  if (aliases.length > 0) context['kms:ResourceAliases'] = aliases;
  for (const tag of (await keys.tags(scope, keyId)) ?? []) context[`aws:ResourceTag/${tag.tagKey}`] = tag.tagValue;
  return context;
}

export async function keyAccessCheck(
  keys: KeyRepository,
  scope: Scope,
  resolved: ResolvedKey,
  caller: KeyCallerFacts,
  action: string,
  facts: KeyRequestFacts = {},
): Promise<AccessCheck> {
  const { key } = resolved;
  const context: ConditionValues = {
    'kms:CallerAccount': caller.accountId,
    'kms:KeySpec': key.keySpec,
    'kms:KeyUsage': key.keyUsage,
    'kms:KeyOrigin': key.origin,
    'kms:KeyManager': key.keyManager,
    // A service calling KMS with the caller's credentials is a forward access session.
    'aws:ViaAWSService': caller.viaService === undefined ? 'false' : 'true',
  };
  if (caller.viaService !== undefined) context['kms:ViaService'] = caller.viaService;
  const requestAlias = facts.requestAlias ?? resolved.requestAlias;
  if (requestAlias !== undefined) context['kms:RequestAlias'] = requestAlias;
  const pairs = Object.entries(facts.encryptionContext ?? {});
  for (const [name, value] of pairs) context[`kms:EncryptionContext:${name}`] = value;
  if (pairs.length > 0) context['kms:EncryptionContextKeys'] = pairs.map(([name]) => name);
  if (facts.encryptionAlgorithm !== undefined) context['kms:EncryptionAlgorithm'] = facts.encryptionAlgorithm;
  Object.assign(context, facts.extra);
  return {
    action: `kms:${action}`,
    resource: resolved.arn,
    context,
    deferredContext: { prefixes: KEY_FACT_PREFIXES, load: () => keyFacts(keys, scope, key.keyId) },
    resourcePolicy: { kind: 'kms-key', document: key.policy },
  };
}

/** AWS's Decrypt denial when the blob's key cannot be found here (deleted, another region, not a key). */
export function ciphertextKeyUnavailableText(principalArn: string, action: string): string {
  return (
    `User: ${principalArn} is not authorized to perform: kms:${action} on the resource associated with this ciphertext because the ` +
    'resource does not exist in this Region, no resource-based policies allow access, or a resource-based policy explicitly denies access'
  );
}

/** Request tags as condition keys (CreateKey, TagResource): `aws:RequestTag/<k>` and `aws:TagKeys`. */
export function requestTagContext(tags: Array<{ tagKey: string; tagValue: string }>): ConditionValues {
  const context: ConditionValues = {};
  for (const tag of tags) context[`aws:RequestTag/${tag.tagKey}`] = tag.tagValue;
  if (tags.length > 0) context['aws:TagKeys'] = tags.map((tag) => tag.tagKey);
  return context;
}
