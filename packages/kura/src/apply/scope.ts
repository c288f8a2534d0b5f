// What names in a template refer to, for the resolver: template parameters, pseudo parameters,
// conditions, and resources. A resource kura apply creates gives its recorded attributes (or Unknown
// while it is still to be created); a skipped one gives only what CloudFormation would compute from
// the template (skipped.ts); one whose Condition is false gives nothing.

import { Conditions } from './conditions.js';
import { TemplateError } from './errors.js';
import { resolve, type Scope } from './intrinsics.js';
import type { Binding } from './parameters.js';
import { pseudoParameter, type Environment } from './pseudo.js';
import { HANDLERS } from './resources/index.js';
import { skippedAttribute } from './skipped.js';
import type { Template } from './template.js';
import { NO_VALUE, Unknown, type Value } from './values.js';

export interface ScopeInputs {
  template: Template;
  env: Environment;
  parameters: Map<string, Binding>;
  /** A created resource's attributes; undefined while this run has yet to create it. */
  attributesOf(logicalId: string): { [name: string]: Value } | undefined;
}

export interface StackScope extends Scope {
  conditions: Conditions;
  /** Whether a resource is part of the stack (no Condition, or a true one). */
  included(logicalId: string): boolean;
}

export function makeScope(inputs: ScopeInputs): StackScope {
  const { template, env, parameters } = inputs;
  const parameter = (name: string, at: string) => {
    if (name === 'AWS::NoValue') return NO_VALUE;
    const pseudo = pseudoParameter(name, env);
    if (pseudo !== undefined) return pseudo;
    const bound = parameters.get(name);
    if (bound === undefined) return undefined;
    if ('problem' in bound) throw new TemplateError(at, `parameter ${name} ${bound.problem}`);
    return bound.value;
  };
  // Conditions see parameters and mappings, never resources (as in CloudFormation).
  const conditionScope: Scope = {
    parameter: (name, at) => parameter(name, at),
    hasResource: (name) => template.resources.has(name),
    resource: (name, _attribute, at) => {
      throw new TemplateError(at, `conditions can refer to parameters, not to resources (${name})`);
    },
    condition: (name, at) => conditions.value(name, at),
    mappings: template.mappings,
    region: env.region,
  };
  const conditions = new Conditions(template.conditions, () => conditionScope);
  const included = (logicalId: string) => {
    const condition = template.resources.get(logicalId)?.condition;
    return condition === undefined || conditions.value(condition, `Resources.${logicalId}.Condition`);
  };
  const scope: StackScope = {
    conditions,
    included,
    parameter: (name, at) => parameter(name, at),
    hasResource: (name) => template.resources.has(name),
    condition: (name, at) => conditions.value(name, at),
    mappings: template.mappings,
    region: env.region,
    resource(name, attribute, at) {
      const resource = template.resources.get(name)!;
      const what = attribute === undefined ? `Ref ${name}` : `Fn::GetAtt ${name}.${attribute}`;
      if (!included(name)) throw new TemplateError(at, `${what}: ${name} is not created: its condition ${resource.condition} is false`);
      const handler = HANDLERS.get(resource.type);
      if (handler === undefined) {
        return skippedAttribute(name, resource.type, attribute, at, env, (property) => {
          const value = resource.properties[property];
          if (value === undefined) return undefined;
          const resolved = resolve(value, `Resources.${name}.Properties.${property}`, scope);
          return resolved === NO_VALUE ? undefined : resolved;
        });
      }
      if (attribute !== undefined && !handler.attributes.includes(attribute)) {
        const offered = handler.attributes.length > 0 ? `it has ${handler.attributes.join(', ')}` : 'only its Ref';
        throw new TemplateError(at, `${what}: an ${resource.type} has no attribute ${attribute} that kura apply provides (${offered})`);
      }
      const attributes = inputs.attributesOf(name);
      if (attributes === undefined) return new Unknown(attribute === undefined ? name : `${name}.${attribute}`);
      return attributes[attribute ?? 'Ref'] ?? null;
    },
  };
  return scope;
}
