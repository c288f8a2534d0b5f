// CloudFormation's intrinsic functions, resolved as CloudFormation does: Ref, Fn::GetAtt, Fn::Sub
// (both forms), Fn::Join, Fn::Select, Fn::Split, Fn::If, Fn::FindInMap, Fn::Base64, Fn::GetAZs, and
// AWS::NoValue removing a property or list item. What a name refers to (a parameter, a pseudo
// parameter, a resource's Ref or attribute, a condition) is the Scope's business, so the same
// resolver serves planning (attributes of resources not yet created are Unknown) and applying.
// Functions kura apply cannot honour are refused by name; anything else named Fn:: is unknown.

import { childPath, TemplateError } from './errors.js';
import { parseSub, splitVariable } from './sub.js';
import { isObject, kindOf, NO_VALUE, scalarText, Unknown, type Json, type Resolved, type Value } from './values.js';

export interface Scope {
  /** A template parameter's or pseudo parameter's value; undefined when there is none by that name. */
  parameter(name: string, at: string): Resolved | undefined;
  /** Whether the template declares a resource by that name. */
  hasResource(name: string): boolean;
  /** A resource's Ref (attribute undefined) or Fn::GetAtt; throws a TemplateError at `at` when it cannot. */
  resource(name: string, attribute: string | undefined, at: string): Value;
  /** A condition's value (Fn::If). */
  condition(name: string, at: string): boolean;
  mappings: { [name: string]: Json };
  region: string;
}

/** Condition functions: valid in Conditions and nowhere else. */
export const CONDITION_FUNCTIONS = new Set(['Fn::Equals', 'Fn::And', 'Fn::Or', 'Fn::Not']);

const REFUSED: Record<string, string> = {
  'Fn::ImportValue':
    "Fn::ImportValue reads another stack's exports, and kura apply applies one stack without exports: pass the value as a parameter (--parameter) instead",
  'Fn::Cidr': 'Fn::Cidr (subnet arithmetic) is not supported by kura apply',
  'Fn::Transform': 'Fn::Transform runs a macro inside CloudFormation: kura apply reads the processed template',
  'Fn::Length': 'Fn::Length needs the AWS::LanguageExtensions transform, which kura apply does not run',
  'Fn::ToJsonString': 'Fn::ToJsonString needs the AWS::LanguageExtensions transform, which kura apply does not run',
  'Fn::ForEach': 'Fn::ForEach needs the AWS::LanguageExtensions transform, which kura apply does not run',
  'Fn::GetStackOutput': 'Fn::GetStackOutput reads another stack, which kura apply does not do',
};
const RULE_FUNCTIONS = new Set(['Fn::Contains', 'Fn::EachMemberEquals', 'Fn::EachMemberIn', 'Fn::RefAll', 'Fn::ValueOf', 'Fn::ValueOfAll']);

/** The function of a one-key object `{"Ref": …}` / `{"Fn::…": …}`, or undefined for plain data. */
export function intrinsicName(value: Json | Value): string | undefined {
  if (!isObject(value)) return undefined;
  const keys = Object.keys(value);
  if (keys.length !== 1) return undefined;
  const key = keys[0]!;
  return key === 'Ref' || key.startsWith('Fn::') ? key : undefined;
}

/** Resolves every intrinsic function inside `value`; NO_VALUE when the whole value is AWS::NoValue. */
export function resolve(value: Json | Value, at: string, scope: Scope): Resolved {
  if (value instanceof Unknown || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const out: Value[] = [];
    for (const [i, item] of value.entries()) {
      const resolved = resolve(item, childPath(at, i), scope);
      if (resolved !== NO_VALUE) out.push(resolved);
    }
    return out;
  }
  const name = intrinsicName(value);
  if (name !== undefined) return intrinsic(name, value[name] as Json, at, scope);
  const out: { [key: string]: Value } = {};
  for (const [key, item] of Object.entries(value)) {
    const resolved = resolve(item, childPath(at, key), scope);
    if (resolved !== NO_VALUE) out[key] = resolved;
  }
  return out;
}

/** resolve(), where AWS::NoValue has no meaning (a function's argument): it is an error there. */
export function resolveValue(value: Json | Value, at: string, scope: Scope, what: string): Value {
  const resolved = resolve(value, at, scope);
  if (resolved === NO_VALUE) throw new TemplateError(at, `${what}: AWS::NoValue cannot be used here`);
  return resolved;
}

function intrinsic(name: string, argument: Json, at: string, scope: Scope): Resolved {
  switch (name) {
    case 'Ref':
      return ref(argument, at, scope);
    case 'Fn::GetAtt':
      return getAtt(argument, at, scope);
    case 'Fn::Sub':
      return sub(argument, at, scope);
    case 'Fn::Join':
      return join(argument, at, scope);
    case 'Fn::Select':
      return select(argument, at, scope);
    case 'Fn::Split':
      return split(argument, at, scope);
    case 'Fn::If': {
      const args = list(argument, 3, at, 'Fn::If', '[condition name, value if true, value if false]');
      if (typeof args[0] !== 'string') throw new TemplateError(at, 'Fn::If: the first item is the name of a condition');
      return resolve(scope.condition(args[0], at) ? args[1]! : args[2]!, at, scope);
    }
    case 'Fn::FindInMap':
      return findInMap(argument, at, scope);
    case 'Fn::Base64': {
      const text = text1(resolveValue(argument, at, scope, 'Fn::Base64'), at, 'Fn::Base64');
      return text instanceof Unknown ? text : Buffer.from(text, 'utf8').toString('base64');
    }
    case 'Fn::GetAZs': {
      const region = text1(resolveValue(argument, at, scope, 'Fn::GetAZs'), at, 'Fn::GetAZs');
      const r = region === '' ? scope.region : region;
      // Kura has no availability zones; three names in the usual form stand in for them.
      return r instanceof Unknown ? r : [`${r}a`, `${r}b`, `${r}c`];
    }
  }
  if (CONDITION_FUNCTIONS.has(name)) throw new TemplateError(at, `${name} is a condition function: it belongs in the Conditions section (Fn::If names a condition)`);
  const refused = REFUSED[name];
  if (refused !== undefined) throw new TemplateError(at, refused);
  if (RULE_FUNCTIONS.has(name)) throw new TemplateError(at, `${name} is a rule function: it belongs in the Rules section`);
  throw new TemplateError(at, `unknown intrinsic function ${name}`);
}

function ref(argument: Json, at: string, scope: Scope): Resolved {
  if (typeof argument !== 'string') throw new TemplateError(at, 'Ref takes the name of a parameter or resource');
  if (argument === 'AWS::NoValue') return NO_VALUE;
  const parameter = scope.parameter(argument, at);
  if (parameter !== undefined) return parameter;
  if (scope.hasResource(argument)) return scope.resource(argument, undefined, at);
  throw new TemplateError(at, `Ref ${argument}: no parameter or resource named ${argument}`);
}

function getAtt(argument: Json, at: string, scope: Scope): Value {
  let parts: Json[];
  if (typeof argument === 'string') parts = splitVariable(argument);
  else if (Array.isArray(argument)) parts = argument;
  else throw new TemplateError(at, 'Fn::GetAtt takes [resource, attribute]');
  if (parts.length !== 2 || typeof parts[0] !== 'string') throw new TemplateError(at, 'Fn::GetAtt takes [resource, attribute]');
  const attribute = text1(resolveValue(parts[1]!, at, scope, 'Fn::GetAtt'), at, 'Fn::GetAtt');
  if (attribute instanceof Unknown) throw new TemplateError(at, 'Fn::GetAtt: the attribute name must be known before apply');
  if (!scope.hasResource(parts[0])) throw new TemplateError(at, `Fn::GetAtt ${parts[0]}.${attribute}: no resource named ${parts[0]}`);
  return scope.resource(parts[0], attribute, at);
}

function sub(argument: Json, at: string, scope: Scope): Value {
  let template: Json;
  let variables: { [name: string]: Json } = {};
  if (Array.isArray(argument)) {
    if (argument.length !== 2 || !isObject(argument[1])) throw new TemplateError(at, 'Fn::Sub takes a string, or [string, {variables}]');
    template = argument[0]!;
    variables = argument[1] as { [name: string]: Json };
  } else {
    template = argument;
  }
  if (typeof template !== 'string') throw new TemplateError(at, 'Fn::Sub: the template must be a string');
  let out = '';
  let unknown: Unknown | undefined;
  for (const part of parseSub(template)) {
    if ('literal' in part) {
      out += part.literal;
      continue;
    }
    const value = subVariable(part.variable, variables, at, scope);
    if (value instanceof Unknown) unknown ??= value;
    else out += value;
  }
  return unknown ?? out;
}

function subVariable(variable: string, variables: { [name: string]: Json }, at: string, scope: Scope): string | Unknown {
  const what = `Fn::Sub \${${variable}}`;
  if (variable in variables) return text1(resolveValue(variables[variable]!, at, scope, what), at, what);
  const [name, attribute] = splitVariable(variable);
  if (attribute === undefined) {
    const parameter = scope.parameter(name, at);
    if (parameter !== undefined) {
      if (parameter === NO_VALUE) throw new TemplateError(at, `${what}: AWS::NoValue cannot be substituted`);
      return text1(parameter, at, what);
    }
  }
  if (scope.hasResource(name)) return text1(scope.resource(name, attribute, at), at, what);
  throw new TemplateError(at, `${what}: no parameter or resource named ${name}`);
}

function join(argument: Json, at: string, scope: Scope): Value {
  const [delimiter, items] = list(argument, 2, at, 'Fn::Join', '[delimiter, [values]]');
  if (typeof delimiter !== 'string') throw new TemplateError(at, 'Fn::Join: the delimiter must be a string');
  const values = resolveValue(items!, at, scope, 'Fn::Join');
  if (values instanceof Unknown) return values;
  if (!Array.isArray(values)) throw new TemplateError(at, `Fn::Join: the second item must be a list, not ${kindOf(values)}`);
  const texts: string[] = [];
  for (const item of values) {
    const text = text1(item, at, 'Fn::Join');
    if (text instanceof Unknown) return text;
    texts.push(text);
  }
  return texts.join(delimiter);
}

function select(argument: Json, at: string, scope: Scope): Value {
  const [indexRaw, itemsRaw] = list(argument, 2, at, 'Fn::Select', '[index, [values]]');
  const index = resolveValue(indexRaw!, at, scope, 'Fn::Select');
  const items = resolveValue(itemsRaw!, at, scope, 'Fn::Select');
  if (index instanceof Unknown) return index;
  if (items instanceof Unknown) return items;
  const n = typeof index === 'number' ? index : typeof index === 'string' && /^\d+$/.test(index) ? Number(index) : NaN;
  if (!Number.isInteger(n) || n < 0) throw new TemplateError(at, 'Fn::Select: the index must be a whole number');
  if (!Array.isArray(items)) throw new TemplateError(at, `Fn::Select: the second item must be a list, not ${kindOf(items)}`);
  if (n >= items.length) throw new TemplateError(at, `Fn::Select: index ${n} is out of range (the list has ${items.length} item${items.length === 1 ? '' : 's'})`);
  return items[n]!;
}

function split(argument: Json, at: string, scope: Scope): Value {
  const [delimiter, sourceRaw] = list(argument, 2, at, 'Fn::Split', '[delimiter, string]');
  if (typeof delimiter !== 'string' || delimiter === '') throw new TemplateError(at, 'Fn::Split: the delimiter must be a non-empty string');
  const source = text1(resolveValue(sourceRaw!, at, scope, 'Fn::Split'), at, 'Fn::Split');
  return source instanceof Unknown ? source : source.split(delimiter);
}

function findInMap(argument: Json, at: string, scope: Scope): Value {
  const args = list(argument, 3, at, 'Fn::FindInMap', '[map, top-level key, second-level key]');
  const keys: string[] = [];
  for (const raw of args) {
    const key = text1(resolveValue(raw, at, scope, 'Fn::FindInMap'), at, 'Fn::FindInMap');
    if (key instanceof Unknown) throw new TemplateError(at, 'Fn::FindInMap: the keys must be known before apply');
    keys.push(key);
  }
  const [map, top, second] = keys as [string, string, string];
  const mapping = scope.mappings[map];
  if (!isObject(mapping)) throw new TemplateError(at, `Fn::FindInMap: no mapping named ${map} in Mappings`);
  const level = mapping[top];
  if (!isObject(level)) throw new TemplateError(at, `Fn::FindInMap: mapping ${map} has no key ${top}`);
  const found = level[second];
  if (found === undefined) throw new TemplateError(at, `Fn::FindInMap: mapping ${map} has no key ${top}.${second}`);
  return found as Value;
}

function list(argument: Json, length: number, at: string, name: string, shape: string): Json[] {
  if (!Array.isArray(argument) || argument.length !== length) throw new TemplateError(at, `${name} takes ${shape}`);
  return argument;
}

/** A value that must be text (numbers and booleans become their text); Unknown passes. */
function text1(value: Value, at: string, what: string): string | Unknown {
  if (value instanceof Unknown) return value;
  const text = scalarText(value);
  if (text === undefined) throw new TemplateError(at, `${what}: expected a string, got ${kindOf(value)}`);
  return text;
}
