// The SSM calls of a parameter's page, each the call the CLI would make. Values: a String or
// StringList value is not secret (AWS's console shows it); a SecureString's is read only when the
// person asks (GetParameter WithDecryption, which needs kms:Decrypt and is audited), kept by the
// component that asked, and never logged. History is read without decryption.

import type { Api } from '../../app/api.js';
import type { Tag } from '../../ui/tag-editor.js';

export interface ParameterPolicy {
  PolicyText?: string;
  PolicyType?: string;
  PolicyStatus?: string;
}

/** DescribeParameters' entry (ParameterMetadata): never a value. */
export interface ParameterMetadata {
  Name: string;
  ARN?: string;
  Type: string;
  KeyId?: string;
  LastModifiedDate?: number;
  LastModifiedUser?: string;
  Description?: string;
  AllowedPattern?: string;
  Version: number;
  Tier?: string;
  Policies?: ParameterPolicy[];
  DataType?: string;
}

/** GetParameterHistory's entry. `Value` is the ciphertext's base64 for a SecureString: never shown. */
export interface HistoryEntry extends Omit<ParameterMetadata, 'ARN'> {
  Value?: string;
  Labels?: string[];
}

export const isSecure = (type: string | undefined) => type === 'SecureString';

/** The latest version's entry as metadata, for a caller DescribeParameters refuses: its value left behind. */
export function metadataFromHistory(name: string, entry: HistoryEntry): ParameterMetadata {
  const { Value: _value, Labels: _labels, ...metadata } = entry;
  return { ...metadata, Name: name };
}

/**
 * The Path filter that narrows DescribeParameters to the parameter's own level, or undefined when
 * the parent cannot be a Path filter value (reserved `/aws…`, `/ssm…`, or characters SSM refuses).
 */
export function parentPath(name: string): string | undefined {
  const canonical = name.startsWith('/') ? name : `/${name}`;
  const at = canonical.lastIndexOf('/');
  const parent = at <= 0 ? '/' : canonical.slice(0, at);
  const lowered = parent.toLowerCase();
  if (lowered.startsWith('/aws') || lowered.startsWith('/ssm')) return undefined;
  if (parent.includes('//') || !/^[a-zA-Z0-9_.\-/]+$/.test(parent)) return undefined;
  return parent;
}

/** Filtered pages may come back short or empty with a token (AWS's bounded scan): follow up to this many. */
const MAX_DESCRIBE_PAGES = 100;

/** The parameter's metadata, or undefined when DescribeParameters does not list it. */
export async function describeParameter(api: Api, name: string, signal?: AbortSignal): Promise<ParameterMetadata | undefined> {
  const path = parentPath(name);
  const filters = [{ Key: 'Name', Option: 'Equals', Values: [name] }, ...(path ? [{ Key: 'Path', Option: 'OneLevel', Values: [path] }] : [])];
  let token: string | undefined;
  for (let page = 0; page < MAX_DESCRIBE_PAGES; page += 1) {
    const out = await api.json<{ Parameters?: ParameterMetadata[]; NextToken?: string }>(
      'ssm',
      'DescribeParameters',
      { ParameterFilters: filters, MaxResults: 50, ...(token ? { NextToken: token } : {}) },
      signal,
    );
    const found = out.Parameters?.[0];
    if (found) return found;
    token = out.NextToken;
    if (!token) return undefined;
  }
  return undefined;
}

/** GetParameterHistory has at most 50 a page, oldest first; a parameter keeps at most 100 versions. */
const MAX_HISTORY_PAGES = 20;

/** Every retained version, newest first, without decryption. */
export async function loadHistory(api: Api, name: string, signal?: AbortSignal): Promise<HistoryEntry[]> {
  const entries: HistoryEntry[] = [];
  let token: string | undefined;
  for (let page = 0; page < MAX_HISTORY_PAGES; page += 1) {
    const out = await api.json<{ Parameters?: HistoryEntry[]; NextToken?: string }>(
      'ssm',
      'GetParameterHistory',
      { Name: name, WithDecryption: false, MaxResults: 50, ...(token ? { NextToken: token } : {}) },
      signal,
    );
    entries.push(...(out.Parameters ?? []));
    token = out.NextToken;
    if (!token) break;
  }
  return entries.sort((a, b) => b.Version - a.Version);
}

/** GetParameter: the latest value, or one version's (`name:3`), decrypted when `decrypt`. */
export async function readValue(api: Api, name: string, options: { version?: number; decrypt: boolean }, signal?: AbortSignal): Promise<{ value: string; version: number }> {
  const selector = options.version === undefined ? name : `${name}:${options.version}`;
  const out = await api.json<{ Parameter?: { Value?: string; Version?: number } }>('ssm', 'GetParameter', { Name: selector, WithDecryption: options.decrypt }, signal);
  return { value: out.Parameter?.Value ?? '', version: out.Parameter?.Version ?? options.version ?? 0 };
}

/** A version's value: a String's is in the history already; a SecureString's is decrypted now. */
export async function versionValue(api: Api, name: string, entry: HistoryEntry, signal?: AbortSignal): Promise<string> {
  if (!isSecure(entry.Type)) return entry.Value ?? '';
  return (await readValue(api, name, { version: entry.Version, decrypt: true }, signal)).value;
}

export interface NewVersion {
  Value: string;
  Type: string;
  KeyId?: string;
  Description?: string;
  AllowedPattern?: string;
  DataType?: string;
}

/** PutParameter with Overwrite: members left out keep their previous values. */
export async function putVersion(api: Api, name: string, version: NewVersion): Promise<number> {
  const out = await api.json<{ Version?: number }>('ssm', 'PutParameter', { Name: name, Overwrite: true, ...version });
  return out.Version ?? 0;
}

/** Rollback: a new version with that version's value, type and key (SecureString). */
export async function restoreVersion(api: Api, name: string, entry: HistoryEntry): Promise<number> {
  const value = await versionValue(api, name, entry);
  return putVersion(api, name, { Value: value, Type: entry.Type, ...(isSecure(entry.Type) && entry.KeyId ? { KeyId: entry.KeyId } : {}) });
}

export async function labelVersion(api: Api, name: string, version: number, labels: string[]): Promise<{ invalid: string[] }> {
  const out = await api.json<{ InvalidLabels?: string[] }>('ssm', 'LabelParameterVersion', { Name: name, ParameterVersion: version, Labels: labels });
  return { invalid: out.InvalidLabels ?? [] };
}

export async function unlabelVersion(api: Api, name: string, version: number, labels: string[]): Promise<{ removed: string[]; invalid: string[] }> {
  const out = await api.json<{ RemovedLabels?: string[]; InvalidLabels?: string[] }>('ssm', 'UnlabelParameterVersion', { Name: name, ParameterVersion: version, Labels: labels });
  return { removed: out.RemovedLabels ?? [], invalid: out.InvalidLabels ?? [] };
}

const resource = (name: string) => ({ ResourceType: 'Parameter', ResourceId: name });

export async function listTags(api: Api, name: string, signal?: AbortSignal): Promise<Tag[]> {
  const out = await api.json<{ TagList?: Array<{ Key?: string; Value?: string }> }>('ssm', 'ListTagsForResource', resource(name), signal);
  return (out.TagList ?? []).map((t) => ({ Key: t.Key ?? '', Value: t.Value ?? '' }));
}

export async function addTag(api: Api, name: string, tag: Tag): Promise<void> {
  await api.json('ssm', 'AddTagsToResource', { ...resource(name), Tags: [tag] });
}

export async function removeTag(api: Api, name: string, key: string): Promise<void> {
  await api.json('ssm', 'RemoveTagsFromResource', { ...resource(name), TagKeys: [key] });
}
