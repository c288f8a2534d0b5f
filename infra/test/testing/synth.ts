// The app synthesized in-process, as `cdk synth` would (cdk.json's feature flags as context, the
// cdk-nag plugin registered by createApp), into a temporary directory removed when the process exits.
// A configuration is synthesized once per test file, however many tests read it.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Template } from 'aws-cdk-lib/assertions';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { createApp, STACKS } from '../../lib/app.js';

export const infraDir = fileURLToPath(new URL('../../', import.meta.url));
export const repoRoot = path.resolve(infraDir, '..');

export interface Synthesized {
  outdir: string;
  assembly: CloudAssembly;
  parameters: Template;
  secretsmanager: Template;
  /** The raw templates, for what Template's matchers do not reach. */
  json: { parameters: Record<string, unknown>; secretsmanager: Record<string, unknown> };
}

/** cdk.json's context (the feature flags), which the CLI would pass to the app. */
export const cdkContext = (JSON.parse(readFileSync(path.join(infraDir, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> }).context;
const cache = new Map<string, Synthesized>();
const outdirs: string[] = [];
process.on('exit', () => {
  for (const dir of outdirs) rmSync(dir, { recursive: true, force: true });
});

export function synthesize(context: Record<string, string> = {}): Synthesized {
  const key = JSON.stringify(context);
  const cached = cache.get(key);
  if (cached) return cached;
  const outdir = mkdtempSync(path.join(tmpdir(), 'kura-infra-'));
  outdirs.push(outdir);
  const { app } = createApp({ outdir, context: { ...cdkContext, ...context } });
  const assembly = app.synth();
  const template = (id: string) => assembly.getStackByName(id).template as Record<string, unknown>;
  const json = { parameters: template(STACKS.parameters), secretsmanager: template(STACKS.secretsmanager) };
  const result = { outdir, assembly, parameters: Template.fromJSON(json.parameters), secretsmanager: Template.fromJSON(json.secretsmanager), json };
  cache.set(key, result);
  return result;
}

type Resources = Record<string, { Type: string; Properties?: Record<string, unknown>; DependsOn?: string[] }>;

/** The one resource of `type` (fails unless there is exactly one), with its logical id. */
export function only(template: Record<string, unknown>, type: string): { id: string; properties: Record<string, unknown> } {
  const found = Object.entries(template.Resources as Resources).filter(([, r]) => r.Type === type);
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
  const [id, resource] = found[0]!;
  return { id, properties: resource.Properties ?? {} };
}

export function resourcesOf(template: Record<string, unknown>, type: string): Array<{ id: string; properties: Record<string, unknown> }> {
  return Object.entries(template.Resources as Resources)
    .filter(([, r]) => r.Type === type)
    .map(([id, r]) => ({ id, properties: r.Properties ?? {} }));
}

/** The logical id of the resource whose construct path is `path` (e.g. KuraPostsApi/TaskRole/Resource). */
export function logicalId(template: Record<string, unknown>, constructPath: string): string {
  const found = Object.entries(template.Resources as Record<string, { Metadata?: Record<string, unknown> }>).find(
    ([, r]) => r.Metadata?.['aws:cdk:path'] === constructPath,
  );
  if (!found) throw new Error(`no resource at ${constructPath}`);
  return found[0];
}
