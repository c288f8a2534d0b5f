// The KMS calls the Keys area makes, and the shapes it reads from them (AWS JSON 1.1: dates are
// seconds since the epoch). Listing follows every page (Marker/Truncated); a key whose DescribeKey
// is refused stays in the list with the refusal, since a person may list keys without describing them.

import type { Api } from '../../app/api.js';

export interface KeyMetadata {
  KeyId: string;
  Arn: string;
  CreationDate?: number;
  Enabled?: boolean;
  Description?: string;
  KeyUsage?: string;
  KeyState?: string;
  DeletionDate?: number;
  PendingDeletionWindowInDays?: number;
  Origin?: string;
  KeyManager?: string;
  KeySpec?: string;
  EncryptionAlgorithms?: string[];
  MultiRegion?: boolean;
}

export interface AliasEntry {
  AliasName: string;
  AliasArn: string;
  TargetKeyId?: string;
  CreationDate?: number;
  LastUpdatedDate?: number;
}

export interface KeyRow {
  keyId: string;
  arn: string;
  metadata?: KeyMetadata;
  /** DescribeKey's refusal (or other failure) for this key. */
  error?: unknown;
  aliases: string[];
}

interface ListKeysPage {
  Keys?: Array<{ KeyId: string; KeyArn: string }>;
  NextMarker?: string;
  Truncated?: boolean;
}

interface ListAliasesPage {
  Aliases?: AliasEntry[];
  NextMarker?: string;
  Truncated?: boolean;
}

/** Runs `fn` over `items`, at most `limit` at a time, keeping the order. */
export async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

export async function listAllKeys(api: Api, signal?: AbortSignal): Promise<Array<{ KeyId: string; KeyArn: string }>> {
  const keys: Array<{ KeyId: string; KeyArn: string }> = [];
  let marker: string | undefined;
  do {
    const page = await api.json<ListKeysPage>('kms', 'ListKeys', { Limit: 1000, ...(marker ? { Marker: marker } : {}) }, signal);
    keys.push(...(page.Keys ?? []));
    marker = page.Truncated ? page.NextMarker : undefined;
  } while (marker);
  return keys;
}

/** Every alias of the account, or of one key (`keyId`: its id or ARN). */
export async function listAllAliases(api: Api, keyId: string | undefined, signal?: AbortSignal): Promise<AliasEntry[]> {
  const aliases: AliasEntry[] = [];
  let marker: string | undefined;
  do {
    const input = { Limit: 100, ...(keyId ? { KeyId: keyId } : {}), ...(marker ? { Marker: marker } : {}) };
    const page = await api.json<ListAliasesPage>('kms', 'ListAliases', input, signal);
    aliases.push(...(page.Aliases ?? []));
    marker = page.Truncated ? page.NextMarker : undefined;
  } while (marker);
  return aliases;
}

export async function describeKey(api: Api, keyId: string, signal?: AbortSignal): Promise<KeyMetadata> {
  const out = await api.json<{ KeyMetadata: KeyMetadata }>('kms', 'DescribeKey', { KeyId: keyId }, signal);
  return out.KeyMetadata;
}

export const isAwsManaged = (metadata: KeyMetadata | undefined) => metadata?.KeyManager === 'AWS';

/** The list: every key described, with its aliases; customer managed keys first, then by name. */
export async function loadKeyRows(api: Api, signal?: AbortSignal): Promise<KeyRow[]> {
  const [keys, aliases] = await Promise.all([listAllKeys(api, signal), listAllAliases(api, undefined, signal)]);
  const byKey = new Map<string, string[]>();
  for (const alias of aliases) {
    if (!alias.TargetKeyId) continue;
    byKey.set(alias.TargetKeyId, [...(byKey.get(alias.TargetKeyId) ?? []), alias.AliasName]);
  }
  const rows = await mapLimited(keys, 6, async (key): Promise<KeyRow> => {
    const base = { keyId: key.KeyId, arn: key.KeyArn, aliases: (byKey.get(key.KeyId) ?? []).sort() };
    try {
      return { ...base, metadata: await describeKey(api, key.KeyId, signal) };
    } catch (error) {
      if (signal?.aborted) throw error;
      return { ...base, error };
    }
  });
  // Customer keys, then AWS managed ones; within each, keys with an alias (by alias) before keys without (by id).
  const rank = (row: KeyRow) => (isAwsManaged(row.metadata) ? 2 : 0) + (row.aliases.length > 0 ? 0 : 1);
  const name = (row: KeyRow) => row.aliases[0] ?? row.keyId;
  return rows.sort((a, b) => rank(a) - rank(b) || name(a).localeCompare(name(b)));
}

/**
 * Every way a parameter or a secret may name this key: its id, its ARN, its aliases and their
 * ARNs. SSM keeps the KeyId as PutParameter was given it; Secrets Manager, KmsKeyId as the caller
 * named it.
 */
export function keyReferences(metadata: KeyMetadata, aliases: readonly AliasEntry[]): string[] {
  return [metadata.KeyId, metadata.Arn, ...aliases.flatMap((a) => [a.AliasName, a.AliasArn])];
}

/** The state as shown: Enabled, Disabled, Pending deletion… */
export function stateLabel(state: string | undefined): string {
  if (!state) return 'Unknown';
  return state.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/^(\w)(.*)$/, (_, first: string, rest: string) => first + rest.toLowerCase());
}
