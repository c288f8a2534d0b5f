// How AWS's service framework ("Coral") words a constraint violation, and how it prints the value
// that broke it:
//   1 validation error detected: Value '51' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 50
// Values print as Java's toString would: lists `[a, b]`, maps `{k=v}`, blobs as the ByteBuffer
// that held them. Anything sensitive, or holding something sensitive, prints as nothing at all.

import { shape } from './model.js';
import type { CoralStyle, ServiceModel, Shape } from './model.js';

/** At most this many violations are listed, as the AWS framework does. */
export const MAX_LISTED_VIOLATIONS = 10;

/** One violated constraint; `value` is already rendered: `'x'`, `null`, or absent when hidden. */
export interface Violation {
  path: string;
  value: string | undefined;
  constraint: string;
}

/** The message for `violations`, ended as the service's `style` ends it (bare without one). */
export function formatViolations(violations: readonly Violation[], style?: CoralStyle): string {
  const listed = violations.slice(0, MAX_LISTED_VIOLATIONS);
  const noun = listed.length === 1 ? 'error' : 'errors';
  const parts = listed.map((v) => {
    const value = v.value === undefined ? 'Value' : `Value ${v.value}`;
    return `${value} at '${v.path}' failed to satisfy constraint: ${v.constraint}`;
  });
  const bare = style === undefined || listed.some((v) => style.keepsBare?.(v) === true);
  return `${listed.length} validation ${noun} detected: ${parts.join('; ')}${bare ? '' : style.end}`;
}

/** `RoleSessionName` → `roleSessionName`: Coral names members by their Java field names. */
export function lowerFirst(name: string): string {
  return name.length === 0 ? name : (name[0] as string).toLowerCase() + name.slice(1);
}

export const constraints = {
  notNull: 'Member must not be null',
  maxLength: (n: number) => `Member must have length less than or equal to ${n}`,
  minLength: (n: number) => `Member must have length greater than or equal to ${n}`,
  maxValue: (n: number) => `Member must have value less than or equal to ${n}`,
  minValue: (n: number) => `Member must have value greater than or equal to ${n}`,
  pattern: (p: string) => `Member must satisfy regular expression pattern: ${p}`,
  enumSet: (values: readonly string[]) => `Member must satisfy enum value set: [${values.join(', ')}]`,
};

/**
 * Every constraint a scalar shape carries, in Coral's order (max, min, pattern, enum). Used when
 * the violation is reported once for a whole list or map: `Member must satisfy constraint: […]`.
 */
export function allConstraints(target: Shape): string[] {
  const list: string[] = [];
  const isNumber = ['integer', 'long', 'float', 'double'].includes(target.type);
  if (target.max !== undefined) list.push(isNumber ? constraints.maxValue(target.max) : constraints.maxLength(target.max));
  if (target.min !== undefined) list.push(isNumber ? constraints.minValue(target.min) : constraints.minLength(target.min));
  if (target.pattern !== undefined) list.push(constraints.pattern(target.pattern));
  if (target.enum !== undefined) list.push(constraints.enumSet(target.enum));
  return list;
}

const sensitiveCache = new WeakMap<ServiceModel, Map<string, boolean>>();

/** Whether a value of this shape could carry something sensitive anywhere inside it. */
export function holdsSensitive(model: ServiceModel, shapeName: string): boolean {
  let memo = sensitiveCache.get(model);
  if (!memo) {
    memo = new Map();
    sensitiveCache.set(model, memo);
  }
  const known = memo.get(shapeName);
  if (known !== undefined) return known;
  // A walk over every shape reachable from this one: models have recursive shapes, so a
  // memo filled in mid-walk could record "clean" for a shape whose cycle leads to a secret.
  const seen = new Set<string>([shapeName]);
  const queue = [shapeName];
  let result = false;
  while (queue.length > 0 && !result) {
    const target = shape(model, queue.pop() as string);
    if (target.sensitive === true) result = true;
    const refs = [...Object.values(target.members ?? {}), target.member, target.key, target.value];
    for (const ref of refs) {
      if (ref && !seen.has(ref.shape)) {
        seen.add(ref.shape);
        queue.push(ref.shape);
      }
    }
  }
  memo.set(shapeName, result);
  return result;
}

/**
 * The value as Coral quotes it, or undefined when it must not be echoed: sensitive shapes and
 * anything holding one, and structures (Coral prints those as opaque objects; we print nothing).
 */
export function renderValue(model: ServiceModel, shapeName: string, value: unknown): string | undefined {
  if (holdsSensitive(model, shapeName)) return undefined;
  const text = plain(model, shapeName, value);
  return text === undefined ? undefined : `'${text}'`;
}

function plain(model: ServiceModel, shapeName: string, value: unknown): string | undefined {
  const target = shape(model, shapeName);
  switch (target.type) {
    case 'structure':
      return undefined;
    case 'list': {
      if (!Array.isArray(value) || !target.member) return undefined;
      const memberShape = target.member.shape;
      const items = value.map((item) => plain(model, memberShape, item));
      return items.includes(undefined) ? undefined : `[${items.join(', ')}]`;
    }
    case 'map': {
      if (value === null || typeof value !== 'object' || !target.key || !target.value) return undefined;
      const keyShape = target.key.shape;
      const valueShape = target.value.shape;
      const entries = Object.entries(value).map(([k, v]) => {
        const key = plain(model, keyShape, k);
        const val = plain(model, valueShape, v);
        return key === undefined || val === undefined ? undefined : `${key}=${val}`;
      });
      return entries.includes(undefined) ? undefined : `{${entries.join(', ')}}`;
    }
    case 'blob': {
      const length = Buffer.isBuffer(value) ? value.length : 0;
      return `java.nio.HeapByteBuffer[pos=0 lim=${length} cap=${length}]`;
    }
    case 'timestamp':
      return value instanceof Date ? value.toISOString() : String(value);
    default:
      return String(value);
  }
}
