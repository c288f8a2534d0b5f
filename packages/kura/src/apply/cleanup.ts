// The last phase, once everything else succeeded: deleting what the stack no longer has (resources
// removed from the template, the old selves of replaced resources), dependents first. As in
// CloudFormation, a failure here rolls nothing back: the resource stays in the record, to be deleted
// by the next apply (or by --delete). DeletionPolicy (UpdateReplacePolicy for a replaced resource)
// Retain keeps the resource and forgets it.

import { dependencyOrder } from './dependencies.js';
import { serviceMessage } from './errors.js';
import type { Row, Run } from './execute.js';
import type { PendingDeletion, RecordedResource } from './record.js';
import { HANDLERS } from './resources/index.js';

type Doomed = PendingDeletion;

export interface CleanUp {
  rows: Row[];
  /** One entry per resource that could not be deleted. */
  failures: string[];
}

/**
 * Deletes `removed` (recorded resources the template no longer creates) and the record's pending
 * deletions. `run.record` is updated and saved after each deletion.
 */
export async function cleanUp(removed: Array<RecordedResource & { logicalId: string }>, run: Pick<Run, 'record' | 'context' | 'save'>): Promise<CleanUp> {
  const { record } = run;
  const doomed: Doomed[] = [...record.pendingDeletion, ...removed.map((r) => ({ ...r, replaced: false }))];
  // Moved to pendingDeletion first: until deleted, they are no longer the stack's resources.
  for (const r of removed) delete record.resources[r.logicalId];
  record.pendingDeletion = [...doomed];
  const rows: Row[] = [];
  const failures: string[] = [];
  for (const r of deletionOrder(doomed)) {
    const policy = r.replaced ? r.updateReplacePolicy : r.deletionPolicy;
    const forget = () => {
      record.pendingDeletion = record.pendingDeletion.filter((p) => !(p.logicalId === r.logicalId && p.physicalId === r.physicalId));
    };
    if (policy === 'Retain' || policy === 'RetainExceptOnCreate') {
      forget();
      rows.push({ action: 'retain', logicalId: r.logicalId, type: r.type, physicalId: r.physicalId, detail: `${r.replaced ? 'UpdateReplacePolicy' : 'DeletionPolicy'} ${policy}: kept, no longer part of the stack` });
      await run.save();
      continue;
    }
    try {
      await HANDLERS.get(r.type)!.delete(r, run.context(r.logicalId));
      forget();
      rows.push({ action: 'delete', logicalId: r.logicalId, type: r.type, physicalId: r.physicalId, ...(r.replaced ? { detail: 'replaced' } : {}) });
    } catch (error) {
      failures.push(`${r.logicalId} ${r.physicalId} (${serviceMessage(error)})`);
      rows.push({ action: 'delete failed', logicalId: r.logicalId, type: r.type, physicalId: r.physicalId, detail: serviceMessage(error) });
    }
    await run.save();
  }
  return { rows, failures };
}

/** Dependents before what they depend on; among the rest, last created first. */
function deletionOrder(doomed: Doomed[]): Doomed[] {
  const keyOf = (r: Doomed) => `${r.logicalId}\u0000${r.physicalId}`;
  const byId = new Map<string, Doomed[]>();
  for (const r of doomed) byId.set(r.logicalId, [...(byId.get(r.logicalId) ?? []), r]);
  try {
    // Ordered as for creation over logical ids, then reversed; a replaced resource's old self goes
    // after (is deleted before) nothing in particular, so it keeps the place of its logical id.
    const ids = dependencyOrder([...byId.keys()].map((id) => ({ id, after: byId.get(id)!.flatMap((r) => r.dependsOn) })));
    return ids.reverse().flatMap((id) => byId.get(id)!);
  } catch {
    return [...doomed].reverse().filter((r, i, all) => all.findIndex((o) => keyOf(o) === keyOf(r)) === i);
  }
}
