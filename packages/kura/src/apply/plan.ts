// The plan: for each resource, what applying the template does to it, decided as CloudFormation
// decides: create what the record lacks; compare each property with the one recorded; a change to a
// property whose update requires replacement replaces the resource (create the new one now, delete
// the old one once everything else succeeded); any other change updates it in place; nothing changed
// leaves it alone. Every problem the template has is found here, before anything is written.

import { referencedNames, dependencyOrder } from './dependencies.js';
import { childPath, TemplateError } from './errors.js';
import { resolve } from './intrinsics.js';
import type { RecordedResource, StackRecord } from './record.js';
import { HANDLERS } from './resources/index.js';
import { SECRET_MARK, type HandlerContext, type Props, type ResourceHandler } from './resources/types.js';
import type { StackScope } from './scope.js';
import { TASK_DEFINITION } from './task-definitions.js';
import type { Template, TemplateResource } from './template.js';
import { hasUnknown, NO_VALUE, sameValue, type Value } from './values.js';

export type Action = 'create' | 'update' | 'replace' | 'unchanged';

export interface PlannedResource {
  logicalId: string;
  type: string;
  action: Action;
  /** The properties whose change decided the action. */
  changed: string[];
  /** Resources it names or lists in DependsOn (the order of deletion, later). */
  dependsOn: string[];
  /** Only what the record keeps beside the resource changed (DependsOn, the deletion policies). */
  recordChanged: boolean;
}

export interface SkippedResource {
  logicalId: string;
  type: string;
  reason: string;
}

export interface Plan {
  /** Resources kura apply creates, in dependency order. */
  resources: PlannedResource[];
  /** Recorded resources the template no longer has (or no longer creates). */
  removed: Array<RecordedResource & { logicalId: string }>;
  skipped: SkippedResource[];
}

/** Resources each resource must come after: what it names (Ref, Fn::GetAtt, Fn::Sub) and its DependsOn. */
export function dependenciesOf(resource: TemplateResource, template: Template): string[] {
  const named = [...referencedNames(resource.properties)].filter((name) => template.resources.has(name));
  return [...new Set([...named, ...resource.dependsOn])];
}

/** The order of every resource of the template; a cycle anywhere is an error, as in CloudFormation. */
export function resourceOrder(template: Template): string[] {
  return dependencyOrder([...template.resources.values()].map((r) => ({ id: r.logicalId, after: dependenciesOf(r, template) })));
}

/** A resource's properties resolved, checked against what its handler knows and requires. */
export function resolveProperties(resource: TemplateResource, handler: ResourceHandler, scope: StackScope): Props {
  const at = `Resources.${resource.logicalId}.Properties`;
  const resolved = resolve(resource.properties, at, scope);
  const props = (resolved === NO_VALUE ? {} : resolved) as Props;
  for (const name of Object.keys(props)) {
    if (!(name in handler.properties)) {
      throw new TemplateError(childPath(at, name), `an ${handler.type} has no property ${name} that kura apply knows (${Object.keys(handler.properties).join(', ')})`);
    }
  }
  for (const [name, spec] of Object.entries(handler.properties)) {
    if (spec.required && (props[name] === undefined || props[name] === null)) throw new TemplateError(childPath(at, name), `is required by ${handler.type}`);
  }
  handler.check?.(props, at);
  return props;
}

/** The properties as the record keeps them: secret ones marked, never their value. */
export function recordable(props: Props, handler: ResourceHandler): Props {
  const out: Props = {};
  for (const [name, value] of Object.entries(props)) out[name] = handler.properties[name]?.secret ? SECRET_MARK : value;
  return out;
}

/** What to do with a resource given its resolved properties and its record (undefined: never created). */
export async function decide(
  logicalId: string,
  handler: ResourceHandler,
  props: Props,
  recorded: RecordedResource | undefined,
  ctx: HandlerContext,
): Promise<{ action: Action; changed: string[] }> {
  if (recorded === undefined) return { action: 'create', changed: [] };
  if (recorded.type !== handler.type) return { action: 'replace', changed: ['Type'] };
  const changed: string[] = [];
  for (const [name, spec] of Object.entries(handler.properties)) {
    const before = recorded.properties[name];
    const after = props[name];
    if (spec.secret) {
      if ((before === undefined) !== (after === undefined)) changed.push(name);
      else if (after !== undefined && (hasUnknown(after) || (handler.secretChanged && (await handler.secretChanged(recorded, props, ctx))))) changed.push(name);
    } else if (!sameValue(before, after)) {
      changed.push(name);
    }
  }
  const replacing = changed.filter((name) => handler.properties[name]?.replace);
  if (replacing.length === 0) return { action: changed.length > 0 ? 'update' : 'unchanged', changed };
  const nameProperty = handler.nameProperty;
  if (nameProperty !== undefined && props[nameProperty] !== undefined && sameValue(recorded.properties[nameProperty], props[nameProperty])) {
    throw new TemplateError(
      `Resources.${logicalId}`,
      `CloudFormation cannot update a stack when a custom-named resource requires replacing. Rename ${String(props[nameProperty])} and update the stack again. (${replacing.join(', ')} changed, which replaces the ${handler.type})`,
    );
  }
  return { action: 'replace', changed: replacing };
}

export interface PlanInput {
  template: Template;
  scope: StackScope;
  record: StackRecord | undefined;
  /** Filled in by the planner: the attributes each resource will have, Unknown for those to be created. */
  planned: Map<string, { [name: string]: Value } | undefined>;
  context(logicalId: string): HandlerContext;
}

export async function planStack(input: PlanInput): Promise<Plan> {
  const { template, scope, record, planned } = input;
  scope.conditions.all();
  const order = resourceOrder(template);
  const resources: PlannedResource[] = [];
  const skipped: SkippedResource[] = [];
  for (const logicalId of order) {
    const resource = template.resources.get(logicalId)!;
    if (!scope.included(logicalId)) {
      skipped.push({ logicalId, type: resource.type, reason: `its condition ${resource.condition} is false` });
      continue;
    }
    const handler = HANDLERS.get(resource.type);
    if (handler === undefined) {
      const reason = resource.type === TASK_DEFINITION ? 'written as a task definition file for kura run-task' : 'not emulated by Kura';
      skipped.push({ logicalId, type: resource.type, reason });
      continue;
    }
    const props = resolveProperties(resource, handler, scope);
    const recorded = record?.resources[logicalId];
    const { action, changed } = await decide(logicalId, handler, props, recorded, input.context(logicalId));
    planned.set(
      logicalId,
      action === 'create' || action === 'replace' ? undefined : action === 'update' ? (handler.plannedAttributes?.(recorded!, props) ?? recorded!.attributes) : recorded!.attributes,
    );
    const dependsOn = dependenciesOf(resource, template);
    const recordChanged =
      recorded !== undefined &&
      (recorded.deletionPolicy !== resource.deletionPolicy || recorded.updateReplacePolicy !== resource.updateReplacePolicy || !sameValue([...recorded.dependsOn].sort(), [...dependsOn].sort()));
    resources.push({ logicalId, type: resource.type, action, changed, dependsOn, recordChanged });
  }
  // Skipped resources come in template order, not dependency order.
  const position = new Map([...template.resources.keys()].map((id, i) => [id, i]));
  skipped.sort((a, b) => position.get(a.logicalId)! - position.get(b.logicalId)!);
  const kept = new Set(resources.map((r) => r.logicalId));
  const removed = Object.entries(record?.resources ?? {})
    .filter(([logicalId]) => !kept.has(logicalId))
    .map(([logicalId, r]) => ({ ...r, logicalId }));
  return { resources, removed, skipped };
}

/** Whether applying the plan would write anything at all. */
export function hasChanges(plan: Plan, record: StackRecord | undefined): boolean {
  return plan.resources.some((r) => r.action !== 'unchanged' || r.recordChanged) || plan.removed.length > 0 || (record?.pendingDeletion.length ?? 0) > 0;
}
