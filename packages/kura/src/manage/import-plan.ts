// `kura import`: decide first, then write. The whole file is checked and compared with what is
// already stored before the first write, so a file that cannot be imported (a bad name, an existing
// value without --overwrite) changes nothing. Writes then run a few at a time with a progress bar.

import type { ParameterType, SSMClient } from '@aws-sdk/client-ssm';
import { CommandError, describeError } from './errors.js';
import type { Entry } from './flatten.js';
import { putParameter, type Parameter } from './parameters.js';
import type { Progress } from './progress.js';

export type Action = 'create' | 'update' | 'unchanged';

export interface PlannedEntry extends Entry {
  action: Action;
}

/** `existing` is what GetParametersByPath (decrypted) returned for the path. */
export function planImport(entries: Entry[], existing: Parameter[], type: ParameterType, overwrite: boolean): PlannedEntry[] {
  const stored = new Map(existing.map((p) => [p.Name ?? '', p]));
  const plan = entries.map((entry): PlannedEntry => {
    const current = stored.get(entry.name);
    if (!current) return { ...entry, action: 'create' };
    if (current.Value === entry.value && current.Type === type) return { ...entry, action: 'unchanged' };
    return { ...entry, action: 'update' };
  });
  const updates = plan.filter((p) => p.action === 'update');
  if (updates.length > 0 && !overwrite) {
    throw new CommandError(
      `${updates.length} parameter${updates.length === 1 ? '' : 's'} already exist${updates.length === 1 ? 's' : ''} with another value or type (${sampleNames(updates.map((u) => u.name))}): pass --overwrite to update, nothing was written`,
    );
  }
  return plan;
}

export interface ApplyOptions {
  type: ParameterType;
  keyId?: string | undefined;
  concurrency?: number;
  progress: Progress;
}

/** Writes creates and updates; on the first failure it stops taking new work and says how far it got. */
export async function applyImport(ssm: SSMClient, plan: PlannedEntry[], options: ApplyOptions): Promise<void> {
  const work = plan.filter((p) => p.action !== 'unchanged');
  let next = 0;
  let written = 0;
  let failure: { name: string; error: unknown } | undefined;
  const worker = async () => {
    while (next < work.length && failure === undefined) {
      const item = work[next]!;
      next += 1;
      try {
        await putParameter(ssm, { name: item.name, value: item.value, type: options.type, keyId: options.keyId, overwrite: item.action === 'update' });
        written += 1;
        options.progress.tick();
      } catch (error) {
        failure ??= { name: item.name, error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 4, work.length) }, worker));
  options.progress.done();
  if (failure) {
    throw new CommandError(`${failure.name}: ${describeError(failure.error, failure.name)} (stopped after writing ${written} of ${work.length})`);
  }
}

export function summarize(plan: PlannedEntry[]): Record<'created' | 'updated' | 'unchanged', string[]> {
  const names = (action: Action) => plan.filter((p) => p.action === action).map((p) => p.name);
  return { created: names('create'), updated: names('update'), unchanged: names('unchanged') };
}

/** `a, b, c, and 4 more`: enough names for one line. */
export function sampleNames(names: string[]): string {
  return names.length <= 3 ? names.join(', ') : `${names.slice(0, 3).join(', ')}, and ${names.length - 3} more`;
}
