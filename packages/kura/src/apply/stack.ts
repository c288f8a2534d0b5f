// `kura apply` from start to end: read the template, bind parameters, learn the account and region,
// take the stack's lock (lock.ts: one run per stack at a time; a dry run only says if it is held),
// read the stack's record, plan (every template problem found before any write), then create,
// update or replace, clean up, write the task definitions and resolve the outputs. `deleteStack`
// removes what the record says the stack created, under the same lock. Everything goes through the
// AWS SDK clients given.

import { randomUUID } from 'node:crypto';
import { GetParameterCommand } from '@aws-sdk/client-ssm';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { cleanUp } from './cleanup.js';
import { ApplyError } from './errors.js';
import { execute, type Row, type Run } from './execute.js';
import { lockWarning, withStackLock, type LockRequest } from './lock.js';
import { resolveOutputs, type Output } from './outputs.js';
import { bindParameters, checkAllBound, type SsmReader } from './parameters.js';
import { hasChanges, planStack, type SkippedResource } from './plan.js';
import { stackIdFor, type Environment } from './pseudo.js';
import { deleteRecord, emptyRecord, loadRecord, recordName, saveRecord, type StackRecord } from './record.js';
import type { ApplyClients, HandlerContext } from './resources/types.js';
import { makeScope } from './scope.js';
import { taskDefinitions, writeTaskDefinitions } from './task-definitions.js';
import { readTemplateText, type Template } from './template.js';
import type { Value } from './values.js';

export interface ApplyOptions {
  templateText: string;
  stackName: string;
  parameters: Map<string, string>;
  dryRun: boolean;
  /** Where task definitions go (undefined: not written). */
  taskDefinitionsDir: string | undefined;
  /** Break the stack's lock, whoever holds it (--force-unlock). */
  forceUnlock: boolean;
  /** A line for people, about the lock (taken over, broken, not released). */
  notify: (line: string) => void;
}

/** How a run that writes takes the lock, or a dry run learns of one held. */
type LockOptions = Pick<ApplyOptions, 'dryRun' | 'forceUnlock' | 'notify'>;

export interface ApplyReport {
  stackName: string;
  stackId: string;
  dryRun: boolean;
  /** True when nothing was (or would be) written to the server. */
  noChanges: boolean;
  changes: Row[];
  skipped: SkippedResource[];
  outputs: Output[];
  taskDefinitions: Array<{ family: string; path: string; written: boolean }>;
  /** Deletions that failed in the clean-up (the apply itself succeeded). */
  cleanupFailures: string[];
  /** For a dry run: the stack is locked by another run, so a run that writes would be refused now. */
  warnings: string[];
}

async function environment(clients: ApplyClients, stackName: string, record: StackRecord | undefined): Promise<Environment> {
  const region = await clients.ssm.config.region();
  const identity = await clients.sts.send(new GetCallerIdentityCommand({}));
  const base = { accountId: identity.Account ?? '', region, stackName };
  return { ...base, stackId: record?.stackId ?? stackIdFor(base, randomUUID()) };
}

function ssmReader(clients: ApplyClients): SsmReader {
  return async (name) => {
    try {
      const out = await clients.ssm.send(new GetParameterCommand({ Name: name }));
      return { type: out.Parameter?.Type ?? 'String', value: out.Parameter?.Value ?? '' };
    } catch (error) {
      if (error instanceof Error && error.name === 'ParameterNotFound') return undefined;
      throw error;
    }
  };
}

const contextFor = (clients: ApplyClients, env: Environment) => (logicalId: string): HandlerContext => ({ clients, logicalId, env });

/**
 * Runs `work` as a run that writes (holding the stack's lock) or as a dry run (no lock; the
 * warnings say whether one is held).
 */
async function underLock<R extends { warnings: string[] }>(clients: ApplyClients, stackName: string, operation: LockRequest['operation'], options: LockOptions, work: () => Promise<R>): Promise<R> {
  if (!options.dryRun) return withStackLock(clients.ssm, { stackName, operation, forceUnlock: options.forceUnlock, notify: options.notify }, work);
  const warning = await lockWarning(clients.ssm, stackName);
  const report = await work();
  report.warnings = warning === undefined ? [] : [warning];
  return report;
}

export async function applyStack(clients: ApplyClients, options: ApplyOptions): Promise<ApplyReport> {
  const template = readTemplateText(options.templateText);
  return underLock(clients, options.stackName, 'apply', options, () => applyTemplate(clients, template, options));
}

async function applyTemplate(clients: ApplyClients, template: Template, options: ApplyOptions): Promise<ApplyReport> {
  const record = await loadRecord(clients.ssm, options.stackName);
  const env = await environment(clients, options.stackName, record);
  const parameters = await bindParameters(template.parameters, options.parameters, ssmReader(clients));
  const context = contextFor(clients, env);

  const planned = new Map<string, { [name: string]: Value } | undefined>();
  const planScope = makeScope({ template, env, parameters, attributesOf: (id) => planned.get(id) });
  const plan = await planStack({ template, scope: planScope, record, planned, context });
  taskDefinitions(template, planScope, options.stackName);
  checkAllBound(parameters);
  const report: ApplyReport = {
    stackName: options.stackName,
    stackId: env.stackId,
    dryRun: options.dryRun,
    noChanges: !hasChanges(plan, record),
    changes: [],
    skipped: plan.skipped,
    outputs: [],
    taskDefinitions: [],
    cleanupFailures: [],
    warnings: [],
  };
  if (options.dryRun || report.noChanges) {
    report.changes = [
      ...plan.resources.map((r) => ({ action: r.action, logicalId: r.logicalId, type: r.type, physicalId: record?.resources[r.logicalId]?.physicalId, detail: r.changed.join(', ') || undefined })),
      ...[...(record?.pendingDeletion ?? []), ...plan.removed].map((r) => ({ action: 'delete', logicalId: r.logicalId, type: r.type, physicalId: r.physicalId })),
    ].map(clean);
    if (options.dryRun) return report;
  }

  const working: StackRecord = record ? structuredClone(record) : emptyRecord(options.stackName, env.stackId);
  const run: Run = {
    template,
    record: working,
    scope: makeScope({ template, env, parameters, attributesOf: (id) => working.resources[id]?.attributes }),
    context,
    save: () => saveRecord(clients.ssm, working),
  };
  if (!report.noChanges) {
    try {
      report.changes = (await execute(plan, run)).map(clean);
    } catch (error) {
      // A first apply that failed and was rolled back entirely leaves no record behind.
      if (!record && Object.keys(working.resources).length === 0 && working.pendingDeletion.length === 0) await deleteRecord(clients.ssm, options.stackName).catch(() => undefined);
      throw error;
    }
    const cleaned = await cleanUp(plan.removed, run);
    report.changes.push(...cleaned.rows.map(clean));
    report.cleanupFailures = cleaned.failures;
  }
  if (options.taskDefinitionsDir !== undefined) {
    report.taskDefinitions = await writeTaskDefinitions(taskDefinitions(template, run.scope, options.stackName), options.taskDefinitionsDir);
  }
  report.outputs = resolveOutputs(template, run.scope);
  return report;
}

export interface DeleteReport {
  stackName: string;
  dryRun: boolean;
  changes: Row[];
  failures: string[];
  /** As ApplyReport's. */
  warnings: string[];
}

export async function deleteStack(clients: ApplyClients, stackName: string, options: LockOptions): Promise<DeleteReport> {
  return underLock(clients, stackName, 'delete', options, () => deleteRecorded(clients, stackName, options.dryRun));
}

async function deleteRecorded(clients: ApplyClients, stackName: string, dryRun: boolean): Promise<DeleteReport> {
  const record = await loadRecord(clients.ssm, stackName);
  if (!record) throw new ApplyError(`no stack named ${stackName} on this server (nothing recorded at ${recordName(stackName)})`);
  const all = Object.entries(record.resources).map(([logicalId, r]) => ({ ...r, logicalId }));
  if (dryRun) {
    const rows = [...record.pendingDeletion, ...all].reverse().map((r) => ({ action: 'delete', logicalId: r.logicalId, type: r.type, physicalId: r.physicalId }));
    return { stackName, dryRun, changes: rows, failures: [], warnings: [] };
  }
  const env = await environment(clients, stackName, record);
  const run = { record, context: contextFor(clients, env), save: () => saveRecord(clients.ssm, record) };
  const cleaned = await cleanUp(all, run);
  if (record.pendingDeletion.length === 0 && Object.keys(record.resources).length === 0) await deleteRecord(clients.ssm, stackName);
  return { stackName, dryRun, changes: cleaned.rows.map(clean), failures: cleaned.failures, warnings: [] };
}

/** Rows without undefined fields (for --output json). */
function clean(row: Row): Row {
  return Object.fromEntries(Object.entries(row).filter(([, v]) => v !== undefined && v !== '')) as Row;
}
