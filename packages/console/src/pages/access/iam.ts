// What the Access pages read from IAM (AWS Query, XML turned into plain values by aws/xml.ts): the
// principals (users, roles, groups) paged with Marker, every page of a listing, and the policy
// documents IAM sends URL-encoded.

import type { Api } from '../../app/api.js';
import type { QueryValue } from '../../aws/client.js';
import { asList, asObject, asText, type XmlValue } from '../../aws/xml.js';

export type PrincipalKind = 'user' | 'role' | 'group';

export const KINDS: PrincipalKind[] = ['user', 'role', 'group'];

export interface Principal {
  kind: PrincipalKind;
  name: string;
  arn: string;
  path: string;
  id: string;
  created: string;
  description?: string;
}

/** What IAM calls each kind in its actions and members. */
export const IAM_NAMES: Record<PrincipalKind, { noun: string; plural: string; list: string; listKey: string; get: string; nameKey: string }> = {
  user: { noun: 'User', plural: 'Users', list: 'ListUsers', listKey: 'Users', get: 'GetUser', nameKey: 'UserName' },
  role: { noun: 'Role', plural: 'Roles', list: 'ListRoles', listKey: 'Roles', get: 'GetRole', nameKey: 'RoleName' },
  group: { noun: 'Group', plural: 'Groups', list: 'ListGroups', listKey: 'Groups', get: 'GetGroup', nameKey: 'GroupName' },
};

export function principalOf(kind: PrincipalKind, value: XmlValue | undefined): Principal {
  const o = asObject(value);
  const name = asText(o[IAM_NAMES[kind].nameKey]);
  const description = asText(o['Description']);
  return {
    kind,
    name,
    arn: asText(o['Arn']),
    path: asText(o['Path']) || '/',
    id: asText(o[`${IAM_NAMES[kind].noun}Id`]),
    created: asText(o['CreateDate']),
    ...(description ? { description } : {}),
  };
}

export interface Page<T> {
  items: T[];
  /** Set when IAM says there is more (IsTruncated). */
  marker: string | undefined;
}

/** One page of an IAM listing: `key` names the list in the result. */
export async function listPage(api: Api, action: string, key: string, params: Record<string, QueryValue>, marker: string | undefined, signal?: AbortSignal): Promise<Page<XmlValue>> {
  const result = await api.query('iam', action, { ...params, ...(marker ? { Marker: marker } : {}) }, signal);
  const more = asText(result['IsTruncated']) === 'true';
  return { items: asList(result[key]), marker: more ? asText(result['Marker']) || undefined : undefined };
}

/** Every page of an IAM listing, in order. */
export async function listAll(api: Api, action: string, key: string, params: Record<string, QueryValue> = {}, signal?: AbortSignal): Promise<XmlValue[]> {
  const all: XmlValue[] = [];
  let marker: string | undefined;
  do {
    const page = await listPage(api, action, key, { ...params, MaxItems: 1000 }, marker, signal);
    all.push(...page.items);
    marker = page.marker;
  } while (marker);
  return all;
}

export async function listPrincipals(api: Api, kind: PrincipalKind, signal?: AbortSignal): Promise<Principal[]> {
  const names = IAM_NAMES[kind];
  return (await listAll(api, names.list, names.listKey, {}, signal)).map((item) => principalOf(kind, item));
}

/** A policy document as IAM sends it (URL-encoded, as the model's policyDocumentType is), decoded. */
export function decodePolicyDocument(encoded: string): string {
  try {
    return decodeURIComponent(encoded);
  } catch {
    // Not URL-encoded after all: show it as sent, so nothing is hidden.
    return encoded;
  }
}

export interface Tag {
  key: string;
  value: string;
}

export function tagsOf(value: XmlValue | undefined): Tag[] {
  return asList(value).map((t) => ({ key: asText(asObject(t)['Key']), value: asText(asObject(t)['Value']) }));
}

/** `arn:aws:iam::aws:policy/AdministratorAccess` → `AdministratorAccess` (paths dropped). */
export function policyNameOfArn(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1);
}

export const isAwsManaged = (policyArn: string) => /^arn:[^:]+:iam::aws:policy\//.test(policyArn);
