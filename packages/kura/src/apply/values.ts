// The values a template resolves to. Plain JSON, plus `Unknown`: while planning, an attribute of a
// resource that this run will create (a new role's ARN) is not known yet, and anything computed from it
// (a Fn::Join, a Fn::Sub) is unknown too. Execution resolves the same properties again once the
// resource exists, so an Unknown never reaches a service call.

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A value known only after this run creates `what` (e.g. `TaskRole.Arn`). */
export class Unknown {
  constructor(readonly what: string) {}
  toJSON(): string {
    return `(known after apply: ${this.what})`;
  }
}

export type Value = null | boolean | number | string | Unknown | Value[] | { [key: string]: Value };

/** `Ref: AWS::NoValue`: the property or list item is removed, as if the template had not written it. */
export const NO_VALUE: unique symbol = Symbol('AWS::NoValue');
export type Resolved = Value | typeof NO_VALUE;

export function isObject(value: unknown): value is { [key: string]: Value } {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Unknown);
}

/** Whether anything inside is Unknown. */
export function hasUnknown(value: Value | undefined): boolean {
  if (value instanceof Unknown) return true;
  if (Array.isArray(value)) return value.some(hasUnknown);
  if (isObject(value)) return Object.values(value).some(hasUnknown);
  return false;
}

/**
 * JSON with object keys sorted, so two equal documents compare equal whatever their key order. An
 * Unknown becomes a text no template can produce, so it never equals a recorded value.
 */
export function canonical(value: Value | undefined): string {
  if (value === undefined) return 'undefined';
  if (value instanceof Unknown) return `\u0000unknown:${value.what}`;
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isObject(value)) {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical(value[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

export function sameValue(a: Value | undefined, b: Value | undefined): boolean {
  return canonical(a) === canonical(b);
}

/** A scalar as CloudFormation turns it into text (Fn::Join, Fn::Sub, string properties). */
export function scalarText(value: Value): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** A short description of a value for an error message (never the value itself: it may be secret). */
export function kindOf(value: Value | undefined): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (value instanceof Unknown) return 'a value known only after apply';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}
