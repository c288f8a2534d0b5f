// The rules ECS applies to `dependsOn` when a task definition is registered, so an ordering that
// would never resolve (a cycle, waiting for an essential container to finish, waiting for the
// health of a container without a health check) is refused before anything starts.

import { fail } from './json-fields.js';

interface Node {
  name: string;
  essential: boolean;
  healthCheck?: unknown;
  dependsOn: ReadonlyArray<{ containerName: string; condition: string }>;
}

export function checkDependencies(containers: readonly Node[]): void {
  const byName = new Map(containers.map((c) => [c.name, c]));
  for (const [i, c] of containers.entries()) {
    for (const [j, d] of c.dependsOn.entries()) {
      const at = `taskDefinition.containerDefinitions[${i}].dependsOn[${j}]`;
      const target = byName.get(d.containerName);
      if (!target) fail(`${at}.containerName`, `no container named '${d.containerName}' in this task definition`);
      if (target === c) fail(`${at}.containerName`, `container '${c.name}' cannot depend on itself`);
      // A task stops when an essential container exits, so waiting for one to exit can never end well.
      if ((d.condition === 'COMPLETE' || d.condition === 'SUCCESS') && target.essential) {
        fail(`${at}.condition`, `${d.condition} cannot be set on an essential container ('${target.name}'); mark it "essential": false`);
      }
      if (d.condition === 'HEALTHY' && target.healthCheck === undefined) {
        fail(`${at}.condition`, `HEALTHY needs a healthCheck on '${target.name}'`);
      }
    }
  }
  const cycle = findCycle(containers);
  if (cycle) fail('taskDefinition.containerDefinitions', `dependsOn forms a cycle: ${cycle.join(' -> ')}`);
}

function findCycle(containers: readonly Node[]): string[] | undefined {
  const byName = new Map(containers.map((c) => [c.name, c]));
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (name: string): string[] | undefined => {
    if (state.get(name) === 'done') return undefined;
    if (state.get(name) === 'visiting') return [...stack.slice(stack.indexOf(name)), name];
    state.set(name, 'visiting');
    stack.push(name);
    for (const d of byName.get(name)?.dependsOn ?? []) {
      const found = visit(d.containerName);
      if (found) return found;
    }
    stack.pop();
    state.set(name, 'done');
    return undefined;
  };
  for (const c of containers) {
    const found = visit(c.name);
    if (found) return found;
  }
  return undefined;
}
