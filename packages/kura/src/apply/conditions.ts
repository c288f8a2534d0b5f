// The Conditions section: Fn::Equals, Fn::And, Fn::Or, Fn::Not and Condition (another condition),
// over parameters, pseudo parameters and mappings. Each condition is evaluated once, on first use;
// a condition that names itself through others is an error naming the chain.

import { childPath, TemplateError } from './errors.js';
import { CONDITION_FUNCTIONS, intrinsicName, resolveValue, type Scope } from './intrinsics.js';
import { canonical, isObject, scalarText, Unknown, type Json, type Value } from './values.js';

export class Conditions {
  private readonly values = new Map<string, boolean>();
  private readonly evaluating: string[] = [];

  constructor(
    private readonly declared: { [name: string]: Json },
    /** Resolves Refs and Fn::FindInMap inside Fn::Equals: parameters only, never resources. */
    private readonly scope: () => Scope,
  ) {}

  value(name: string, at: string): boolean {
    const known = this.values.get(name);
    if (known !== undefined) return known;
    if (!(name in this.declared)) throw new TemplateError(at, `no condition named ${name} in Conditions`);
    if (this.evaluating.includes(name)) {
      throw new TemplateError(`Conditions.${name}`, `circular reference between conditions: ${[...this.evaluating.slice(this.evaluating.indexOf(name)), name].join(' → ')}`);
    }
    this.evaluating.push(name);
    try {
      const result = this.evaluate(this.declared[name]!, `Conditions.${name}`);
      this.values.set(name, result);
      return result;
    } finally {
      this.evaluating.pop();
    }
  }

  /** Every declared condition, evaluated (so that an error in an unused one is still found). */
  all(): Map<string, boolean> {
    for (const name of Object.keys(this.declared)) this.value(name, `Conditions.${name}`);
    return new Map(this.values);
  }

  private evaluate(value: Json, at: string): boolean {
    if (isObject(value) && Object.keys(value).length === 1 && typeof value['Condition'] === 'string') {
      return this.value(value['Condition'], at);
    }
    const name = intrinsicName(value);
    if (name === undefined || !CONDITION_FUNCTIONS.has(name)) {
      throw new TemplateError(at, 'a condition is Fn::Equals, Fn::And, Fn::Or, Fn::Not or {"Condition": name}');
    }
    const argument = (value as { [key: string]: Json })[name]!;
    if (!Array.isArray(argument)) throw new TemplateError(at, `${name} takes a list`);
    const inner = childPath(at, name);
    switch (name) {
      case 'Fn::Equals': {
        if (argument.length !== 2) throw new TemplateError(inner, 'Fn::Equals takes [value, value]');
        const [a, b] = argument.map((item, i) => resolveValue(item, childPath(inner, i), this.scope(), 'Fn::Equals'));
        return equal(a!, b!, inner);
      }
      case 'Fn::Not':
        if (argument.length !== 1) throw new TemplateError(inner, 'Fn::Not takes [condition]');
        return !this.evaluate(argument[0]!, childPath(inner, 0));
      default: {
        if (argument.length < 2 || argument.length > 10) throw new TemplateError(inner, `${name} takes 2 to 10 conditions`);
        const results = argument.map((item, i) => this.evaluate(item, childPath(inner, i)));
        return name === 'Fn::And' ? results.every(Boolean) : results.some(Boolean);
      }
    }
  }
}

/** Scalars compare as text (a Number parameter's Ref is text, its literal in YAML may not be). */
function equal(a: Value, b: Value, at: string): boolean {
  if (a instanceof Unknown || b instanceof Unknown) throw new TemplateError(at, 'Fn::Equals: conditions cannot depend on values known only after apply');
  const ta = scalarText(a);
  const tb = scalarText(b);
  if (ta !== undefined && tb !== undefined) return ta === tb;
  return canonical(a) === canonical(b);
}
