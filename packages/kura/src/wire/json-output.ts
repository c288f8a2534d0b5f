// AWS JSON 1.1 output: a handler's result walked against the operation's output shape. Only members
// the model declares are written, so an internal field a handler leaves on its result object never
// reaches the wire. Dates become epoch seconds (fractions allowed), bytes become base64.

import { operation, shape } from './model.js';
import type { ServiceModel } from './model.js';

export function encodeJsonOutput(model: ServiceModel, operationName: string, output: unknown): Record<string, unknown> {
  const op = operation(model, operationName);
  if (!op?.output || !isRecord(output)) return {};
  return encodeValue(model, op.output.shape, output) as Record<string, unknown>;
}

function encodeValue(model: ServiceModel, shapeName: string, value: unknown): unknown {
  const target = shape(model, shapeName);
  switch (target.type) {
    case 'structure': {
      const out: Record<string, unknown> = {};
      if (!isRecord(value)) return out;
      for (const [name, ref] of Object.entries(target.members ?? {})) {
        const member = Object.hasOwn(value, name) ? value[name] : undefined;
        if (member === undefined || member === null) continue;
        out[name] = encodeValue(model, ref.shape, member);
      }
      return out;
    }
    case 'list': {
      const memberShape = target.member?.shape;
      if (!Array.isArray(value) || memberShape === undefined) return [];
      return value.filter((item) => item !== undefined && item !== null).map((item) => encodeValue(model, memberShape, item));
    }
    case 'map': {
      const out: Record<string, unknown> = {};
      const valueShape = target.value?.shape;
      if (!isRecord(value) || valueShape === undefined) return out;
      const entries = value instanceof Map ? [...(value as Map<string, unknown>).entries()] : Object.entries(value);
      for (const [key, entry] of entries) {
        if (entry === undefined || entry === null) continue;
        Object.defineProperty(out, key, { value: encodeValue(model, valueShape, entry), enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
    case 'timestamp':
      return epochSeconds(value);
    case 'blob':
      if (Buffer.isBuffer(value)) return value.toString('base64');
      if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
      return value;
    default:
      return value;
  }
}

/** Epoch seconds with millisecond precision: 1530018761.888. */
export function epochSeconds(value: unknown): unknown {
  if (value instanceof Date) return value.getTime() / 1000;
  if (typeof value === 'string') {
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? value : ms / 1000;
  }
  return value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value) && !(value instanceof Date);
}
