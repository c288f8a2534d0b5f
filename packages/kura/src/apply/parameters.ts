// The Parameters section, bound to values: `--parameter K=V`, else the Default. Checked as
// CloudFormation checks them (Type, AllowedValues, AllowedPattern, Min/MaxLength, Min/MaxValue, with
// the ConstraintDescription when given). A NoEcho parameter's value never appears in a message.
// `AWS::SSM::Parameter::Value<…>` types read the named parameter from the server; one that cannot be
// read is an error only where something uses it (CDK's BootstrapVersion is read only by Rules, which
// kura apply does not evaluate).

/** A parameter without a value that nothing used still fails the apply, as in CloudFormation. */
export function checkAllBound(bound: Map<string, Binding>): void {
  for (const [name, binding] of bound) {
    if ('missing' in binding) throw new TemplateError(`Parameters.${name}`, binding.problem);
  }
}

import { TemplateError } from './errors.js';
import { isObject, type Json, type Value } from './values.js';

/** A value, or why there is none: `missing` when nothing gave one (an error even when unused). */
export type Binding = { value: Value } | { problem: string; missing?: true };

/** Reads a String or StringList parameter; undefined when there is none by that name. */
export type SsmReader = (name: string) => Promise<{ type: string; value: string } | undefined>;

const PLAIN_TYPES = new Set(['String', 'Number', 'List<Number>', 'CommaDelimitedList', 'AWS::SSM::Parameter::Name']);
const SSM_VALUE = /^AWS::SSM::Parameter::Value<(.+)>$/;

export async function bindParameters(declared: { [name: string]: Json }, supplied: Map<string, string>, readSsm: SsmReader): Promise<Map<string, Binding>> {
  for (const name of supplied.keys()) {
    if (!(name in declared)) throw new TemplateError('Parameters', `--parameter ${name}: the template declares no parameter named ${name}`);
  }
  const bound = new Map<string, Binding>();
  for (const [name, declaration] of Object.entries(declared)) {
    const at = `Parameters.${name}`;
    if (!isObject(declaration)) throw new TemplateError(at, 'a parameter is an object with a Type');
    const d = declaration as { [key: string]: Json };
    const type = d['Type'];
    if (typeof type !== 'string') throw new TemplateError(at, 'a parameter needs a Type');
    const fallback = d['Default'];
    const given = supplied.get(name) ?? (fallback === undefined || fallback === null ? undefined : text(fallback, `${at}.Default`));
    if (given === undefined) {
      // Reported where it is used (naming the resource and property), or at the end if unused.
      bound.set(name, { problem: `has no value (the template gives no Default): pass --parameter ${name}=VALUE`, missing: true });
      continue;
    }
    const ssm = SSM_VALUE.exec(type);
    if (ssm) {
      bound.set(name, await readSsmValue(ssm[1]!, given, readSsm));
      continue;
    }
    const value = typed(type, given, at);
    check(d, value, at);
    bound.set(name, { value });
  }
  return bound;
}

function typed(type: string, given: string, at: string): Value {
  const isList = type === 'CommaDelimitedList' || type === 'List<Number>' || /^List<AWS::.+>$/.test(type);
  if (!PLAIN_TYPES.has(type) && !isList && !/^AWS::[A-Za-z0-9]+::[A-Za-z0-9:]+$/.test(type)) {
    throw new TemplateError(`${at}.Type`, `unknown parameter type ${type}`);
  }
  if (!isList) return given;
  // "Each member string is space-trimmed", as the CloudFormation user guide says of CommaDelimitedList.
  return given === '' ? [] : given.split(',').map((item) => item.trim());
}

function check(d: { [key: string]: Json }, value: Value, at: string): void {
  const secret = d['NoEcho'] === true || d['NoEcho'] === 'true';
  const type = String(d['Type']);
  const constraint = typeof d['ConstraintDescription'] === 'string' ? d['ConstraintDescription'] : undefined;
  const shown = (v: string) => (secret ? 'the value' : `'${v}'`);
  const fail = (v: string, rule: string) => new TemplateError(at, `${shown(v)} ${constraint ? `failed to satisfy constraint: ${constraint}` : rule}`);
  const items = Array.isArray(value) ? (value as string[]) : [value as string];
  const numeric = type === 'Number' || type === 'List<Number>';
  const allowed = d['AllowedValues'];
  if (allowed !== undefined && !Array.isArray(allowed)) throw new TemplateError(`${at}.AllowedValues`, 'must be a list');
  const pattern = d['AllowedPattern'];
  let regex: RegExp | undefined;
  if (pattern !== undefined) {
    try {
      regex = new RegExp(`^(?:${text(pattern, `${at}.AllowedPattern`)})$`, 'u');
    } catch {
      throw new TemplateError(`${at}.AllowedPattern`, 'is not a valid regular expression');
    }
  }
  for (const item of items) {
    if (numeric && !/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(item.trim())) throw new TemplateError(at, `${shown(item)} must be a number`);
    if (allowed !== undefined && !allowed.some((a) => a !== null && text(a, `${at}.AllowedValues`) === item)) {
      throw fail(item, `must be one of AllowedValues (${allowed.map((a) => String(a)).join(', ')})`);
    }
    if (regex && !regex.test(item)) throw fail(item, `must match pattern ${String(pattern)}`);
    const length = [...item].length;
    if (d['MinLength'] !== undefined && length < Number(d['MinLength'])) throw fail(item, `must be at least ${String(d['MinLength'])} characters`);
    if (d['MaxLength'] !== undefined && length > Number(d['MaxLength'])) throw fail(item, `must be at most ${String(d['MaxLength'])} characters`);
    if (numeric && d['MinValue'] !== undefined && Number(item) < Number(d['MinValue'])) throw fail(item, `must be at least ${String(d['MinValue'])}`);
    if (numeric && d['MaxValue'] !== undefined && Number(item) > Number(d['MaxValue'])) throw fail(item, `must be at most ${String(d['MaxValue'])}`);
  }
}

async function readSsmValue(valueType: string, parameterName: string, readSsm: SsmReader): Promise<Binding> {
  const found = await readSsm(parameterName);
  if (found === undefined) return { problem: `names the SSM parameter ${parameterName}, which does not exist on the server` };
  if (found.type === 'SecureString') return { problem: `names ${parameterName}, a SecureString: SSM parameter types read String and StringList parameters only` };
  const isList = valueType === 'CommaDelimitedList' || valueType.startsWith('List<');
  return { value: isList ? found.value.split(',').map((item) => item.trim()) : found.value };
}

function text(value: Json, at: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value) && value.every((v) => typeof v === 'string' || typeof v === 'number')) return value.join(',');
  throw new TemplateError(at, 'must be a string');
}
