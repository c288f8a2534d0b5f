// A scope over a template written as an object, for the resolver's and planner's tests: parameters
// bound from their Defaults (or given values), a fixed account and region, and attributes of created
// resources given by the test (absent: not created yet, so Unknown).

import type { Binding } from '../parameters.js';
import type { Environment } from '../pseudo.js';
import { makeScope, type StackScope } from '../scope.js';
import { readTemplate, type Template } from '../template.js';
import type { Json, Value } from '../values.js';

export const ENV: Environment = {
  accountId: '123456789012',
  region: 'eu-west-1',
  stackName: 'app',
  stackId: 'arn:aws:cloudformation:eu-west-1:123456789012:stack/app/00000000-0000-4000-8000-000000000000',
};

export function testScope(
  document: Json,
  options: { parameters?: { [name: string]: Value | Binding }; attributes?: { [logicalId: string]: { [name: string]: Value } } } = {},
): { template: Template; scope: StackScope } {
  const template = readTemplate(document);
  const parameters = new Map<string, Binding>();
  for (const [name, declaration] of Object.entries(template.parameters)) {
    const { Default: fallback, Type: type } = declaration as { Default?: Json; Type?: string };
    if (typeof fallback === 'string' && (type === 'CommaDelimitedList' || type?.startsWith('List<'))) parameters.set(name, { value: fallback.split(',') });
    else if (fallback !== undefined) parameters.set(name, { value: fallback as Value });
  }
  for (const [name, value] of Object.entries(options.parameters ?? {})) {
    const binding = typeof value === 'object' && value !== null && !Array.isArray(value) && ('value' in value || 'problem' in value) ? (value as Binding) : { value: value as Value };
    parameters.set(name, binding);
  }
  const scope = makeScope({ template, env: ENV, parameters, attributesOf: (id) => options.attributes?.[id] });
  return { template, scope };
}

/** The message of the TemplateError (or any error) `fn` throws. */
export function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  throw new Error('did not throw');
}
