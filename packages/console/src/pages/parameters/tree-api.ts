// The two calls a level of the tree makes, each one page at a time: Kura's KuraListParameterPaths for
// the sub-paths (a few index seeks per path, whatever lies below), and DescribeParameters with a
// one-level Path filter for the parameters at that level (metadata only, never a value). Opening the
// root with 100,000 parameters below it costs one page of each.

import type { Api } from '../../app/api.js';
import type { ParameterSummary } from './tree-model.js';

export const PATHS_PAGE = 50;
/** DescribeParameters' largest MaxResults. */
export const PARAMETERS_PAGE = 50;

export interface Page<T> {
  items: T[];
  nextToken?: string;
}

interface WireMetadata {
  Name?: string;
  Type?: string;
  Version?: number;
  LastModifiedDate?: number;
  KeyId?: string;
  Tier?: string;
  DataType?: string;
}

/**
 * DescribeParameters' (or GetParametersByPath's) entry → what the console keeps. Only metadata is
 * copied: a `Value` in the entry (GetParametersByPath sends one) is dropped here, at the boundary.
 */
export function toSummary(wire: WireMetadata): ParameterSummary {
  const out: ParameterSummary = { name: wire.Name ?? '', type: wire.Type ?? '' };
  if (typeof wire.Version === 'number') out.version = wire.Version;
  if (typeof wire.LastModifiedDate === 'number') out.lastModified = wire.LastModifiedDate;
  if (wire.KeyId) out.keyId = wire.KeyId;
  if (wire.Tier) out.tier = wire.Tier;
  if (wire.DataType) out.dataType = wire.DataType;
  return out;
}

const token = (t: string | undefined) => (t ? { NextToken: t } : {});
const page = <T,>(items: T[], next: unknown): Page<T> => (typeof next === 'string' && next !== '' ? { items, nextToken: next } : { items });

export async function listChildPaths(api: Api, path: string, nextToken: string | undefined, signal?: AbortSignal): Promise<Page<string>> {
  const out = await api.json<{ Paths?: Array<{ Path?: string }>; NextToken?: string }>(
    'ssm',
    'KuraListParameterPaths',
    { Path: path, MaxResults: PATHS_PAGE, ...token(nextToken) },
    signal,
  );
  const paths = (out.Paths ?? []).map((p) => p.Path ?? '').filter((p) => p !== '');
  return page(paths, out.NextToken);
}

export async function listLevelParameters(api: Api, path: string, nextToken: string | undefined, signal?: AbortSignal): Promise<Page<ParameterSummary>> {
  const out = await api.json<{ Parameters?: WireMetadata[]; NextToken?: string }>(
    'ssm',
    'DescribeParameters',
    { ParameterFilters: [{ Key: 'Path', Option: 'OneLevel', Values: [path] }], MaxResults: PARAMETERS_PAGE, ...token(nextToken) },
    signal,
  );
  return page((out.Parameters ?? []).map(toSummary), out.NextToken);
}
