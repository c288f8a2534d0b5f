// Search and filters: what the form holds, how it lives in the route (names only, never a value), and
// the request it becomes. Any of them turns the tree into a flat list.
//
// - Name, type and tag go to DescribeParameters as ParameterFilters (Name Contains or BeginsWith,
//   Type Equals, `tag:<key>` with an optional value), with the path as a Recursive Path filter.
// - Label: DescribeParameters has no Label filter (AWS answers InvalidFilterKey, and so does Kura:
//   filters.ts), and GetParameterHistory per parameter would cost a call per parameter listed. The
//   one call that filters by label is GetParametersByPath (Recursive, Label filter, Type filter,
//   WithDecryption false): SecureStrings stay ciphertext and tree-api.ts drops every value on
//   arrival. It knows no Name or tag filter: the name is matched here, page by page, and a tag
//   together with a label is refused in the form (a tag lookup per parameter would be a call each).

import { normalizeTreePath, ROOT, type ParameterSummary } from './tree-model.js';

export type NameMatch = 'Contains' | 'BeginsWith';
export const TYPES = ['String', 'StringList', 'SecureString'] as const;

export interface ListFilters {
  /** Name search text; empty for none. */
  name: string;
  match: NameMatch;
  /** '' for any type. */
  type: string;
  tagKey: string;
  /** Optional: with a tag key only. */
  tagValue: string;
  label: string;
  /** The branch searched, recursively: `/` for everything. */
  path: string;
}

export const noFilters = (path = ROOT): ListFilters => ({ name: '', match: 'Contains', type: '', tagKey: '', tagValue: '', label: '', path });

export function filtersFromParams(params: URLSearchParams): ListFilters {
  const get = (key: string) => params.get(key) ?? '';
  const type = get('type');
  return {
    name: get('q'),
    match: get('match') === 'BeginsWith' ? 'BeginsWith' : 'Contains',
    type: (TYPES as readonly string[]).includes(type) ? type : '',
    tagKey: get('tag'),
    tagValue: get('tagValue'),
    label: get('label'),
    path: normalizeTreePath(params.get('path')),
  };
}

/** The route's query for these filters: empty members left out, the default match too. */
export function filtersToParams(f: ListFilters): Record<string, string | undefined> {
  const set = (v: string) => (v === '' ? undefined : v);
  return {
    path: f.path === ROOT ? undefined : f.path,
    q: set(f.name),
    match: f.name !== '' && f.match === 'BeginsWith' ? 'BeginsWith' : undefined,
    type: set(f.type),
    tag: set(f.tagKey),
    tagValue: f.tagKey === '' ? undefined : set(f.tagValue),
    label: set(f.label),
  };
}

/** True when the page shows a flat list rather than the tree. */
export const isFiltering = (f: ListFilters) => f.name !== '' || f.type !== '' || f.tagKey !== '' || f.label !== '';

/** Problems the form shows beside its fields before anything is sent; AWS checks the rest itself. */
export function checkFilters(f: ListFilters): Partial<Record<keyof ListFilters, string>> {
  const problems: Partial<Record<keyof ListFilters, string>> = {};
  if (f.tagValue !== '' && f.tagKey === '') problems.tagKey = 'A tag value needs a tag key.';
  if (f.label !== '' && f.tagKey !== '') problems.label = 'A label can’t be combined with a tag: clear one of them.';
  return problems;
}

type StringFilter = { Key: string; Option?: string; Values?: string[] };

/** DescribeParameters' input (without paging) for filters that have no label. */
export function describeInput(f: ListFilters): { ParameterFilters: StringFilter[] } {
  const filters: StringFilter[] = [];
  if (f.path !== ROOT) filters.push({ Key: 'Path', Option: 'Recursive', Values: [f.path] });
  if (f.name !== '') filters.push({ Key: 'Name', Option: f.match, Values: [f.name] });
  if (f.type !== '') filters.push({ Key: 'Type', Option: 'Equals', Values: [f.type] });
  if (f.tagKey !== '') filters.push({ Key: `tag:${f.tagKey}`, Option: 'Equals', ...(f.tagValue !== '' ? { Values: [f.tagValue] } : {}) });
  return { ParameterFilters: filters };
}

/** GetParametersByPath's input (without paging) for filters with a label. */
export function byLabelInput(f: ListFilters): { Path: string; Recursive: true; WithDecryption: false; ParameterFilters: StringFilter[] } {
  const filters: StringFilter[] = [{ Key: 'Label', Option: 'Equals', Values: [f.label] }];
  if (f.type !== '') filters.push({ Key: 'Type', Option: 'Equals', Values: [f.type] });
  return { Path: f.path, Recursive: true, WithDecryption: false, ParameterFilters: filters };
}

/** The name half of a label search, matched here as DescribeParameters would (a leading slash is implied for BeginsWith). */
export function nameMatches(f: ListFilters, p: ParameterSummary): boolean {
  if (f.name === '') return true;
  // Kura compares canonical names (`foo` is `/foo`); Contains takes the text as typed.
  const canonical = (n: string) => (n.startsWith('/') ? n : `/${n}`);
  return f.match === 'Contains' ? canonical(p.name).includes(f.name) : canonical(p.name).startsWith(canonical(f.name));
}
