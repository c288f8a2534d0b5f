// Applying a plan: each resource in dependency order, its properties resolved again now that what it
// depends on exists (so no Unknown is left), created, updated or replaced, and the record written
// after each step. On a failure, the steps of this run are undone in reverse order: what it created
// is deleted, what it updated is updated back (a secret's value by moving AWSCURRENT back), a
// replaced resource's old self becomes current again. What cannot be undone is said.

import { ApplyError, serviceMessage, TemplateError } from './errors.js';
import { decide, recordable, resolveProperties, type Plan } from './plan.js';
import type { RecordedResource, StackRecord } from './record.js';
import { HANDLERS } from './resources/index.js';
import type { HandlerContext, ResourceHandler } from './resources/types.js';
import type { StackScope } from './scope.js';
import type { Template } from './template.js';

/** One line of the report (a type, not an interface: output.ts's tables take records). */
export type Row = {
  action: string;
  logicalId: string;
  type: string;
  physicalId?: string;
  detail?: string;
};

export interface Run {
  template: Template;
  /** The record being written: resources are added, changed and removed as steps succeed. */
  record: StackRecord;
  /** Resolves names against `record` (attributes of what exists now). */
  scope: StackScope;
  context(logicalId: string): HandlerContext;
  save(): Promise<void>;
}

type Step =
  | { kind: 'create'; logicalId: string; after: RecordedResource }
  | { kind: 'replace'; logicalId: string; before: RecordedResource; after: RecordedResource }
  | { kind: 'update'; logicalId: string; before: RecordedResource; after: RecordedResource; revert: (() => Promise<void>) | undefined };

export async function execute(plan: Plan, run: Run): Promise<Row[]> {
  const { record } = run;
  const steps: Step[] = [];
  const rows: Row[] = [];
  for (const planned of plan.resources) {
    const { logicalId } = planned;
    const resource = run.template.resources.get(logicalId)!;
    const handler = HANDLERS.get(resource.type)!;
    const ctx = run.context(logicalId);
    try {
      const props = resolveProperties(resource, handler, run.scope);
      const before = record.resources[logicalId];
      const { action, changed } = await decide(logicalId, handler, props, before, ctx);
      const keep = { dependsOn: planned.dependsOn, deletionPolicy: resource.deletionPolicy, updateReplacePolicy: resource.updateReplacePolicy };
      if (action === 'unchanged') {
        record.resources[logicalId] = { ...before!, ...keep };
        rows.push({ action, logicalId, type: resource.type, physicalId: before!.physicalId });
        continue;
      }
      if (action === 'update') {
        const updated = await handler.update(before!, props, ctx);
        const after: RecordedResource = { ...before!, ...keep, attributes: updated.attributes, properties: recordable(props, handler) };
        record.resources[logicalId] = after;
        steps.push({ kind: 'update', logicalId, before: before!, after, revert: updated.revert });
        await run.save();
        rows.push({ action, logicalId, type: resource.type, physicalId: after.physicalId, detail: changed.join(', ') });
        continue;
      }
      const created = await handler.create(props, ctx);
      const after: RecordedResource = { type: handler.type, ...created, properties: recordable(props, handler), ...keep };
      record.resources[logicalId] = after;
      if (action === 'replace') {
        record.pendingDeletion.push({ ...before!, logicalId, replaced: true });
        steps.push({ kind: 'replace', logicalId, before: before!, after });
        rows.push({ action, logicalId, type: resource.type, physicalId: after.physicalId, detail: `${changed.join(', ')}; replaces ${before!.physicalId}` });
      } else {
        steps.push({ kind: 'create', logicalId, after });
        rows.push({ action, logicalId, type: resource.type, physicalId: after.physicalId });
      }
      await run.save();
    } catch (error) {
      const cause = error instanceof TemplateError ? error.message : `Resources.${logicalId} (${resource.type}): ${serviceMessage(error)}`;
      const undone = await rollBack(steps, run);
      throw new ApplyError(`${cause}${undone}`);
    }
  }
  // Unchanged resources may still have a new DependsOn or deletion policy to keep.
  if (plan.resources.some((r) => r.recordChanged)) await run.save();
  return rows;
}

/** Undoes `steps`, last first; says what was undone and what could not be. */
async function rollBack(steps: Step[], run: Run): Promise<string> {
  const { record } = run;
  const deleted: string[] = [];
  const reverted: string[] = [];
  const failed: string[] = [];
  for (const step of [...steps].reverse()) {
    const handler = HANDLERS.get(step.after.type)!;
    const ctx = run.context(step.logicalId);
    try {
      if (step.kind === 'update') {
        await (step.revert ?? (() => revertUpdate(handler, step.after, step.before, ctx)))();
        record.resources[step.logicalId] = step.before;
        reverted.push(step.logicalId);
      } else {
        await handler.delete(step.after, ctx);
        if (step.kind === 'replace') {
          record.resources[step.logicalId] = step.before;
          record.pendingDeletion = record.pendingDeletion.filter((p) => !(p.logicalId === step.logicalId && p.physicalId === step.before.physicalId));
        } else {
          delete record.resources[step.logicalId];
        }
        deleted.push(step.logicalId);
      }
      await run.save().catch(() => undefined);
    } catch (error) {
      failed.push(`${step.logicalId} (${serviceMessage(error)})`);
    }
  }
  const parts: string[] = [];
  if (deleted.length > 0) parts.push(`deleted ${deleted.join(', ')}`);
  if (reverted.length > 0) parts.push(`reverted ${reverted.join(', ')}`);
  let text = parts.length > 0 ? `; rolled back: ${parts.join('; ')}` : steps.length === 0 ? '; nothing had been written' : '';
  if (failed.length > 0) text += `; could not roll back: ${failed.join(', ')}`;
  return text;
}

/** An update undone by updating from the new properties back to the old ones. */
async function revertUpdate(handler: ResourceHandler, now: RecordedResource, before: RecordedResource, ctx: HandlerContext): Promise<void> {
  await handler.update(now, before.properties, ctx);
}
