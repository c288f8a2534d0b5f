// AWS Query input (IAM, STS): the form parameters walked against the operation's input shape.
// Structures flatten as `A.B`, lists as `X.member.N` (1-based; `X=` alone is an empty
// list), maps as `X.entry.N.key` / `.value`; flattened traits drop the `member` / `entry` level.
// Values arrive as text and are converted by type; the constraints are then checked exactly as for
// JSON and reported in one ValidationError.

import { decodeBase64 } from './base64.js';
import { formatViolations } from './coral.js';
import { ServiceError } from './errors.js';
import { operation, shape } from './model.js';
import type { ServiceModel, Shape, ShapeRef } from './model.js';
import { collectViolations } from './validate.js';

/** The Query-protocol counterparts of jsonErrors (IAM and STS answer with these codes). */
export const queryErrors = {
  validation: (message: string) => new ServiceError('ValidationError', message, { status: 400, messageMember: 'Message' }),
  invalidAction: (action: string, apiVersion: string) =>
    new ServiceError('InvalidAction', `Could not find operation ${action} for version ${apiVersion}`, { status: 400, messageMember: 'Message' }),
};

const TARGET_NAMES: Partial<Record<Shape['type'], string>> = {
  integer: 'an Integer',
  long: 'a Long',
  float: 'a Float',
  double: 'a Double',
  boolean: 'a Boolean',
  timestamp: 'a Timestamp',
};

export function decodeQueryInput(model: ServiceModel, operationName: string, params: URLSearchParams): Record<string, unknown> {
  const op = operation(model, operationName);
  if (!op) throw queryErrors.invalidAction(operationName, model.metadata.apiVersion);
  if (!op.input) return {};
  const reader = new ParamReader(model, params);
  const input = reader.structure(shape(model, op.input.shape), '');
  const violations = collectViolations(model, op.input.shape, input);
  if (violations.length > 0) throw queryErrors.validation(formatViolations(violations));
  return input;
}

class ParamReader {
  private readonly keys: string[];

  constructor(
    private readonly model: ServiceModel,
    private readonly params: URLSearchParams,
  ) {
    this.keys = [...new Set(params.keys())];
  }

  structure(target: Shape, prefix: string): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [name, ref] of Object.entries(target.members ?? {})) {
      const value = this.value(ref, join(prefix, ref.locationName ?? name));
      if (value !== undefined) out[name] = value;
    }
    return out;
  }

  private value(ref: ShapeRef, key: string): unknown {
    const target = shape(this.model, ref.shape);
    switch (target.type) {
      case 'structure':
        return this.keys.some((k) => k.startsWith(`${key}.`)) ? this.structure(target, key) : undefined;
      case 'list':
        return this.list(target, ref, key);
      case 'map':
        return this.map(target, ref, key);
      default: {
        const text = this.params.get(key);
        return text === null ? undefined : convert(target, text);
      }
    }
  }

  private list(target: Shape, ref: ShapeRef, key: string): unknown[] | undefined {
    const member = target.member;
    if (!member) return undefined;
    const flattened = target.flattened === true || ref.flattened === true;
    const itemPrefix = flattened ? key : `${key}.${member.locationName ?? 'member'}`;
    const indices = this.indices(itemPrefix);
    if (indices.length === 0) return this.params.has(key) ? [] : undefined;
    const items = indices.map((n) => this.value(member, `${itemPrefix}.${n}`));
    return items.filter((item) => item !== undefined);
  }

  private map(target: Shape, ref: ShapeRef, key: string): Record<string, unknown> | undefined {
    const keyRef = target.key;
    const valueRef = target.value;
    if (!keyRef || !valueRef) return undefined;
    const flattened = target.flattened === true || ref.flattened === true;
    const entryPrefix = flattened ? key : `${key}.entry`;
    const indices = this.indices(entryPrefix);
    if (indices.length === 0) return this.params.has(key) ? {} : undefined;
    const out: Record<string, unknown> = {};
    for (const n of indices) {
      const entryKey = this.params.get(`${entryPrefix}.${n}.${keyRef.locationName ?? 'key'}`);
      if (entryKey === null) continue;
      const entryValue = this.value(valueRef, `${entryPrefix}.${n}.${valueRef.locationName ?? 'value'}`);
      if (entryValue === undefined) continue;
      // defineProperty: a user key such as "__proto__" must stay a plain entry.
      Object.defineProperty(out, entryKey, { value: entryValue, enumerable: true, writable: true, configurable: true });
    }
    return out;
  }

  /** The distinct positive N of every `<prefix>.N…` parameter, in numeric order. */
  private indices(prefix: string): number[] {
    const found = new Set<number>();
    const start = `${prefix}.`;
    for (const k of this.keys) {
      if (!k.startsWith(start)) continue;
      const segment = /^(\d{1,9})(?:\.|$)/.exec(k.slice(start.length))?.[1];
      if (segment !== undefined && Number(segment) >= 1) found.add(Number(segment));
    }
    return [...found].sort((a, b) => a - b);
  }
}

function convert(target: Shape, text: string): unknown {
  const mismatch = () => queryErrors.validation(`STRING_VALUE can not be converted to ${TARGET_NAMES[target.type] ?? target.type}`);
  switch (target.type) {
    case 'boolean':
      if (text === 'true') return true;
      if (text === 'false') return false;
      throw mismatch();
    case 'integer':
    case 'long':
      if (!/^[-+]?\d{1,20}$/.test(text)) throw mismatch();
      return Number(text);
    case 'float':
    case 'double': {
      const n = Number(text);
      if (text.trim() === '' || !Number.isFinite(n)) throw mismatch();
      return n;
    }
    case 'timestamp': {
      // botocore and SDK v3 send ISO 8601; epoch seconds are accepted too (lenient, unverified on AWS).
      const ms = /^-?\d+(\.\d+)?$/.test(text) ? Number(text) * 1000 : Date.parse(text);
      if (Number.isNaN(ms) || Number.isNaN(new Date(ms).getTime())) throw mismatch();
      return new Date(ms);
    }
    case 'blob': {
      const decoded = decodeBase64(text);
      if (!decoded.ok) throw queryErrors.validation(decoded.reason);
      return decoded.bytes;
    }
    default:
      return text;
  }
}

function join(prefix: string, name: string): string {
  return prefix === '' ? name : `${prefix}.${name}`;
}
