// The template's Outputs, resolved after the apply for the report. An output that cannot be resolved
// (it reads an attribute only AWS knows, like a load balancer's DNS name) is reported as such rather
// than failing an apply whose resources all exist: nothing reads outputs but people. Exports are
// not kept: kura apply has no Fn::ImportValue.

import { childPath, TemplateError } from './errors.js';
import { resolve } from './intrinsics.js';
import type { StackScope } from './scope.js';
import type { Template } from './template.js';
import { isObject, NO_VALUE, type Value } from './values.js';

export type Output = { name: string; value: Value; description?: string } | { name: string; problem: string };

export function resolveOutputs(template: Template, scope: StackScope): Output[] {
  const outputs: Output[] = [];
  for (const [name, declaration] of Object.entries(template.outputs)) {
    const at = `Outputs.${name}`;
    if (!isObject(declaration)) {
      outputs.push({ name, problem: 'an output is an object with a Value' });
      continue;
    }
    const condition = declaration['Condition'];
    try {
      if (typeof condition === 'string' && !scope.conditions.value(condition, childPath(at, 'Condition'))) continue;
      const value = resolve(declaration['Value'] ?? null, childPath(at, 'Value'), scope);
      const description = typeof declaration['Description'] === 'string' ? declaration['Description'] : undefined;
      outputs.push({ name, value: value === NO_VALUE ? null : value, ...(description ? { description } : {}) });
    } catch (error) {
      if (!(error instanceof TemplateError)) throw error;
      outputs.push({ name, problem: error.problem });
    }
  }
  return outputs;
}
