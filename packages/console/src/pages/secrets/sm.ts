// The Secrets Manager calls the Secrets area makes and the shapes it reads (AWS JSON 1.1: dates in
// seconds since the epoch). Values are read only by the reveal (GetSecretValue), never here.

import type { Api } from '../../app/api.js';

export interface Tag {
  Key: string;
  Value: string;
}

export interface RotationRules {
  AutomaticallyAfterDays?: number;
  ScheduleExpression?: string;
  Duration?: string;
}

export interface SecretDescription {
  ARN: string;
  Name: string;
  Description?: string;
  KmsKeyId?: string;
  RotationEnabled?: boolean;
  RotationLambdaARN?: string;
  RotationRules?: RotationRules;
  LastRotatedDate?: number;
  NextRotationDate?: number;
  LastChangedDate?: number;
  LastAccessedDate?: number;
  DeletedDate?: number;
  CreatedDate?: number;
  Tags?: Tag[];
  /** DescribeSecret's name for it; ListSecrets calls it SecretVersionsToStages. */
  VersionIdsToStages?: Record<string, string[]>;
  SecretVersionsToStages?: Record<string, string[]>;
}

export interface SecretVersion {
  VersionId: string;
  VersionStages?: string[];
  CreatedDate?: number;
  LastAccessedDate?: number;
  KmsKeyIds?: string[];
}

/** The filters the list offers: ListSecrets' keys, in words. */
export const FILTERS = [
  { key: 'name', label: 'Name begins with' },
  { key: 'description', label: 'Description has the words' },
  { key: 'tag-key', label: 'Tag key begins with' },
  { key: 'tag-value', label: 'Tag value begins with' },
  { key: 'all', label: 'Any field has the words' },
] as const;

export interface SecretQuery {
  filter?: string;
  value?: string;
  includeDeleted: boolean;
}

/**
 * One batch of the list: pages until `want` secrets or the end. A filtered page may come back
 * short, even empty, with a NextToken (AWS's documented behaviour), so a batch may take several
 * pages; at most 20, then the person asks for more.
 */
export async function listSecrets(api: Api, query: SecretQuery, token: string | undefined, signal?: AbortSignal, want = 50): Promise<{ secrets: SecretDescription[]; nextToken?: string }> {
  const secrets: SecretDescription[] = [];
  let next = token;
  const filters = query.filter && query.value ? [{ Key: query.filter, Values: [query.value] }] : undefined;
  for (let pages = 0; pages < 20; pages++) {
    const input = { MaxResults: 100, ...(filters ? { Filters: filters } : {}), ...(query.includeDeleted ? { IncludePlannedDeletion: true } : {}), ...(next ? { NextToken: next } : {}) };
    const page = await api.json<{ SecretList?: SecretDescription[]; NextToken?: string }>('secretsmanager', 'ListSecrets', input, signal);
    secrets.push(...(page.SecretList ?? []));
    next = page.NextToken;
    if (!next || secrets.length >= want) break;
  }
  return { secrets, ...(next ? { nextToken: next } : {}) };
}

export function describeSecret(api: Api, secretId: string, signal?: AbortSignal): Promise<SecretDescription> {
  return api.json<SecretDescription>('secretsmanager', 'DescribeSecret', { SecretId: secretId }, signal);
}

/** Every version, deprecated ones (no staging label) included, oldest first as the service lists them. */
export async function listVersions(api: Api, secretId: string, signal?: AbortSignal): Promise<SecretVersion[]> {
  const versions: SecretVersion[] = [];
  let token: string | undefined;
  do {
    const input = { SecretId: secretId, IncludeDeprecated: true, MaxResults: 100, ...(token ? { NextToken: token } : {}) };
    const page = await api.json<{ Versions?: SecretVersion[]; NextToken?: string }>('secretsmanager', 'ListSecretVersionIds', input, signal);
    versions.push(...(page.Versions ?? []));
    token = page.NextToken;
  } while (token);
  return versions;
}

/**
 * A ClientRequestToken (a version id): a random UUID, as the SDKs and the CLI make. Built from
 * getRandomValues, which, unlike randomUUID, needs no secure context.
 */
export function requestToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] as number) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The rotation schedule in words: "every 30 days", "rate(7 days)", with the window when there is one. */
export function describeRules(rules: RotationRules | undefined): string {
  if (!rules) return '—';
  const schedule = rules.ScheduleExpression ?? (rules.AutomaticallyAfterDays !== undefined ? `every ${rules.AutomaticallyAfterDays} days` : undefined);
  if (!schedule) return '—';
  return rules.Duration ? `${schedule}, within ${rules.Duration}` : schedule;
}

/** The new value field's problem, or undefined (SecretString: 1 to 65,536 characters). */
export function secretValueProblem(value: string): string | undefined {
  if (value.length === 0) return 'Enter the new value.';
  if (value.length > 65536) return `A secret value is at most 65,536 characters; this one has ${value.length.toLocaleString('en')}.`;
  return undefined;
}
