// The order resources are created in: a resource comes after every resource it names (Ref,
// Fn::GetAtt, a Fn::Sub variable) and every one in its DependsOn, as CloudFormation orders them;
// among resources with no order between them, template order. A cycle is an error naming the
// resources in it, as CloudFormation's "Circular dependency between resources".

import { TemplateError } from './errors.js';
import { intrinsicName } from './intrinsics.js';
import { parseSub, splitVariable } from './sub.js';
import { isObject, type Json } from './values.js';

/** Names that `value` refers to through Ref, Fn::GetAtt and Fn::Sub (parameters and pseudo parameters included). */
export function referencedNames(value: Json, into: Set<string> = new Set()): Set<string> {
  if (Array.isArray(value)) {
    for (const item of value) referencedNames(item, into);
    return into;
  }
  if (!isObject(value)) return into;
  const name = intrinsicName(value);
  const argument = name === undefined ? undefined : (value as { [key: string]: Json })[name];
  if (name === 'Ref' && typeof argument === 'string') {
    into.add(argument);
  } else if (name === 'Fn::GetAtt') {
    if (typeof argument === 'string') into.add(splitVariable(argument)[0]);
    else if (Array.isArray(argument) && typeof argument[0] === 'string') into.add(argument[0]);
    if (Array.isArray(argument)) referencedNames(argument.slice(1), into);
  } else if (name === 'Fn::Sub') {
    const [template, variables] = Array.isArray(argument) ? [argument[0], argument[1]] : [argument, undefined];
    const own = isObject(variables) ? new Set(Object.keys(variables)) : new Set<string>();
    if (typeof template === 'string') {
      for (const part of parseSub(template)) if ('variable' in part && !own.has(part.variable)) into.add(splitVariable(part.variable)[0]);
    }
    if (variables !== undefined) referencedNames(variables as Json, into);
  } else {
    for (const item of Object.values(value)) referencedNames(item as Json, into);
  }
  return into;
}

export interface Node {
  id: string;
  /** Ids this node must come after (may name ids not in the graph: those are ignored). */
  after: Iterable<string>;
}

/**
 * Nodes in dependency order (stable: input order among independent nodes). A cycle throws a
 * TemplateError at `Resources` listing the resources of the cycle, in input order.
 */
export function dependencyOrder(nodes: Node[]): string[] {
  const ids = new Set(nodes.map((n) => n.id));
  const position = new Map(nodes.map((n, i) => [n.id, i]));
  const after = new Map(nodes.map((n) => [n.id, new Set([...n.after].filter((d) => ids.has(d) && d !== n.id))]));
  const selfLoops = nodes.filter((n) => [...n.after].includes(n.id)).map((n) => n.id);
  if (selfLoops.length > 0) throw cycleError(selfLoops);
  const done = new Set<string>();
  const order: string[] = [];
  while (order.length < nodes.length) {
    const ready = nodes.find((n) => !done.has(n.id) && [...after.get(n.id)!].every((d) => done.has(d)));
    if (!ready) {
      const left = nodes.filter((n) => !done.has(n.id)).map((n) => n.id);
      throw cycleError(cycleAmong(left, after).sort((a, b) => position.get(a)! - position.get(b)!));
    }
    done.add(ready.id);
    order.push(ready.id);
  }
  return order;
}

/** Of the nodes left when no more can be ordered, the ones on a cycle (not merely after one). */
function cycleAmong(left: string[], after: Map<string, Set<string>>): string[] {
  const remaining = new Set(left);
  // Peel off nodes nothing left depends on: what remains lies on cycles.
  let changed = true;
  while (changed) {
    changed = false;
    for (const id of remaining) {
      const needed = [...remaining].some((other) => after.get(other)!.has(id));
      if (!needed) {
        remaining.delete(id);
        changed = true;
      }
    }
  }
  return [...remaining];
}

function cycleError(ids: string[]): TemplateError {
  return new TemplateError('Resources', `circular dependency between resources: [${ids.join(', ')}]`);
}
