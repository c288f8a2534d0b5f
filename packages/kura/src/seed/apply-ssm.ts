// Applying a seed's parameters through Parameter Store's own operations. A parameter matches when
// its latest version has the seed's value, type and, where the seed names them, key, description,
// tier, allowed pattern and data type; otherwise one PutParameter with Overwrite writes a new
// version (the history keeps the old one). Tags the seed names are added or updated; others stay.
// Labels the seed names are put on that version (LabelParameterVersion moves a label from any other
// version of the parameter to it); other labels stay.

import { differs, tagsToSet } from './compare.js';
import type { SeedParameter } from './format.js';
import { forEach, found, settle, type ApplyContext } from './operator.js';

interface Described {
  Type: string;
  KeyId?: string;
  Description?: string;
  Tier?: string;
  AllowedPattern?: string;
  DataType?: string;
}

export async function applyParameters(a: ApplyContext, parameters: readonly SeedParameter[]): Promise<void> {
  await forEach(parameters, async (p) => {
    // A creation lost to another server starting on the same database is compared on the next try.
    let version = 0;
    await settle(async () => void (version = await applyParameter(a, p)), ['ParameterAlreadyExists']);
    await applyTags(a, p);
    await applyLabels(a, p, version);
  });
}

/** The PutParameter input for the members the seed names. */
function putInput(p: SeedParameter, overwrite: boolean): Record<string, unknown> {
  return {
    Name: p.name,
    Value: p.value,
    Type: p.type,
    ...(overwrite ? { Overwrite: true } : {}),
    ...(p.keyId !== undefined ? { KeyId: p.keyId } : {}),
    ...(p.description !== undefined ? { Description: p.description } : {}),
    ...(p.tier !== undefined ? { Tier: p.tier } : {}),
    ...(p.allowedPattern !== undefined ? { AllowedPattern: p.allowedPattern } : {}),
    ...(p.dataType !== undefined ? { DataType: p.dataType } : {}),
    ...(!overwrite && p.tags.length > 0 ? { Tags: p.tags.map((t) => ({ Key: t.key, Value: t.value })) } : {}),
  };
}

/** Creates or corrects the parameter; resolves with the version that holds the seed's value. */
async function applyParameter(a: ApplyContext, p: SeedParameter): Promise<number> {
  const call = (operation: string, input: Record<string, unknown>) => a.op.call('ssm', operation, input, p.region);
  const current = await found(call('GetParameter', { Name: p.name, WithDecryption: true }), ['ParameterNotFound']);
  if (!current) {
    const out = await call('PutParameter', putInput(p, false));
    a.report(`seed: ${p.name}: created (version ${String(out.Version)})`);
    return out.Version as number;
  }
  const latest = current.Parameter as { Value: string; Type: string; Version: number };
  const described = ((await call('DescribeParameters', { ParameterFilters: [{ Key: 'Name', Option: 'Equals', Values: [p.name] }] })).Parameters as Described[])[0];
  const changed = differences(p, latest, described);
  if (changed.length === 0) return latest.Version;
  const out = await call('PutParameter', putInput(p, true));
  a.report(`seed: ${p.name}: ${differs(changed)}, new version ${String(out.Version)}`);
  return out.Version as number;
}

/** The members the seed names that the latest version does not have (names only). */
function differences(p: SeedParameter, latest: { Value: string; Type: string }, described: Described | undefined): string[] {
  const changed: string[] = [];
  if (latest.Value !== p.value) changed.push('value');
  if (latest.Type !== p.type) changed.push('type');
  if (p.keyId !== undefined && p.type === 'SecureString' && described?.KeyId !== p.keyId) changed.push('key');
  if (p.description !== undefined && (described?.Description ?? '') !== p.description) changed.push('description');
  // Intelligent-Tiering is a choice made at each write, not a tier a version has.
  if ((p.tier === 'Standard' || p.tier === 'Advanced') && described?.Tier !== p.tier) changed.push('tier');
  if (p.allowedPattern !== undefined && (described?.AllowedPattern ?? '') !== p.allowedPattern) changed.push('allowed pattern');
  if (p.dataType !== undefined && (described?.DataType ?? 'text') !== p.dataType) changed.push('data type');
  return changed;
}

async function applyTags(a: ApplyContext, p: SeedParameter): Promise<void> {
  if (p.tags.length === 0) return;
  const resource = { ResourceType: 'Parameter', ResourceId: p.name };
  const present = ((await a.op.call('ssm', 'ListTagsForResource', resource, p.region)).TagList ?? []) as Array<{ Key: string; Value: string }>;
  const tags = tagsToSet(p.tags, present.map((t) => ({ key: t.Key, value: t.Value })));
  if (tags.length === 0) return;
  await a.op.call('ssm', 'AddTagsToResource', { ...resource, Tags: tags.map((t) => ({ Key: t.key, Value: t.value })) }, p.region);
  a.report(`seed: ${p.name}: tags differ (${tags.map((t) => t.key).join(', ')}), updated`);
}

/** The seed's labels on `version`: those missing there (absent, or on another version) are put on it. */
async function applyLabels(a: ApplyContext, p: SeedParameter, version: number): Promise<void> {
  if (p.labels.length === 0) return;
  const call = (operation: string, input: Record<string, unknown>) => a.op.call('ssm', operation, input, p.region);
  let found: { Labels?: string[] } | undefined;
  let token: string | undefined;
  do {
    const page = await call('GetParameterHistory', { Name: p.name, MaxResults: 50, ...(token !== undefined ? { NextToken: token } : {}) });
    found = (page.Parameters as Array<{ Version: number; Labels?: string[] }>).find((v) => v.Version === version);
    token = page.NextToken as string | undefined;
  } while (token !== undefined && found === undefined);
  const held = found?.Labels ?? [];
  const missing = p.labels.filter((label) => !held.includes(label));
  if (missing.length === 0) return;
  await call('LabelParameterVersion', { Name: p.name, ParameterVersion: version, Labels: missing });
  a.report(`seed: ${p.name}: labels differ (${missing.join(', ')}), put on version ${version}`);
}
