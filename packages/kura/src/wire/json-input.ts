// AWS JSON 1.1 input: the parsed body walked against the operation's input shape. Wrong JSON types
// fail at once with a SerializationException, as AWS's deserializer does; then every constraint is
// checked and all violations are reported in one ValidationException. Members the model does not
// declare are ignored, and `null` counts as absent (both as AWS does).
//
// The type-error texts are AWS's, as measured on JSON 1.1 services (Athena, SES): `NUMBER_VALUE can
// not be converted to a String`, `Start of list found where not expected`, `Expected null`…

import { decodeBase64 } from './base64.js';
import { formatViolations } from './coral.js';
import { ServiceError, jsonErrors } from './errors.js';
import { operation, shape } from './model.js';
import type { ServiceModel, Shape } from './model.js';
import { collectViolations } from './validate.js';

/** Deeper than any AWS input nests; stops a hostile body from exhausting the stack. */
const MAX_DEPTH = 64;

/** The articles are AWS's own: "a String", "an Integer". */
const TARGET_NAMES: Partial<Record<Shape['type'], string>> = {
  string: 'a String',
  integer: 'an Integer',
  long: 'a Long',
  float: 'a Float',
  double: 'a Double',
  boolean: 'a Boolean',
  blob: 'a Blob',
  timestamp: 'milliseconds since epoch',
};

export function decodeJsonInput(model: ServiceModel, operationName: string, body: unknown): Record<string, unknown> {
  const op = operation(model, operationName);
  if (!op) throw jsonErrors.unknownOperation();
  const raw = body === null || body === undefined ? {} : body;
  if (!op.input) {
    structureOrThrow(raw);
    return {};
  }
  const input = decodeStructure(model, shape(model, op.input.shape), structureOrThrow(raw), 0);
  const violations = collectViolations(model, op.input.shape, input);
  if (violations.length > 0) throw jsonErrors.validation(formatViolations(violations, model.coralStyle));
  return input;
}

function structureOrThrow(raw: unknown): Record<string, unknown> {
  if (Array.isArray(raw)) throw jsonErrors.serialization('Start of list found where not expected');
  if (typeof raw !== 'object' || raw === null) throw jsonErrors.serialization('Expected null');
  return raw as Record<string, unknown>;
}

function decodeStructure(model: ServiceModel, target: Shape, raw: Record<string, unknown>, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, ref] of Object.entries(target.members ?? {})) {
    if (!Object.hasOwn(raw, name)) continue;
    const value = raw[name];
    if (value === null || value === undefined) continue;
    out[name] = decodeValue(model, ref.shape, value, depth + 1);
  }
  return out;
}

function decodeValue(model: ServiceModel, shapeName: string, raw: unknown, depth: number): unknown {
  if (depth > MAX_DEPTH) throw jsonErrors.serialization('Document nesting depth exceeds the maximum allowed');
  const target = shape(model, shapeName);
  switch (target.type) {
    case 'structure':
      return decodeStructure(model, target, structureOrThrow(raw), depth);
    case 'list': {
      if (!Array.isArray(raw)) {
        if (isObject(raw)) throw jsonErrors.serialization('Start of structure or map found where not expected.');
        throw jsonErrors.serialization('Expected list or null');
      }
      const memberShape = target.member?.shape;
      if (memberShape === undefined) return [];
      // AWS drops null elements rather than rejecting them.
      return raw.filter((item) => item !== null).map((item) => decodeValue(model, memberShape, item, depth + 1));
    }
    case 'map': {
      if (Array.isArray(raw)) throw jsonErrors.serialization('Start of list found where not expected');
      if (!isObject(raw)) throw jsonErrors.serialization('Expected map or null');
      const out: Record<string, unknown> = {};
      const valueShape = target.value?.shape;
      if (valueShape === undefined) return out;
      for (const [key, value] of Object.entries(raw)) {
        if (value === null) continue;
        // defineProperty: a user key such as "__proto__" must stay a plain entry.
        Object.defineProperty(out, key, { value: decodeValue(model, valueShape, value, depth + 1), enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
    default:
      return decodeScalar(target, raw);
  }
}

function decodeScalar(target: Shape, raw: unknown): unknown {
  if (Array.isArray(raw)) throw jsonErrors.serialization('Start of list found where not expected');
  if (isObject(raw)) throw jsonErrors.serialization('Start of structure or map found where not expected.');
  const mismatch = () => jsonErrors.serialization(`${jsonKind(raw)} can not be converted to ${TARGET_NAMES[target.type] ?? target.type}`);
  switch (target.type) {
    case 'string':
      if (typeof raw !== 'string') throw mismatch();
      return raw;
    case 'boolean':
      if (typeof raw !== 'boolean') throw mismatch();
      return raw;
    case 'integer':
    case 'long':
      if (typeof raw !== 'number') throw mismatch();
      // AWS answers a fractional integer with a SerializationException that has no message.
      if (!Number.isInteger(raw)) throw new ServiceError('SerializationException', '', { messageMember: 'none' });
      return raw;
    case 'float':
    case 'double':
      if (typeof raw !== 'number') throw mismatch();
      return raw;
    case 'timestamp': {
      if (typeof raw !== 'number') throw mismatch();
      const date = new Date(raw * 1000);
      // Past ±8.64e15 ms a Date is invalid; handlers must never see one.
      if (Number.isNaN(date.getTime())) throw mismatch();
      return date;
    }
    case 'blob': {
      if (typeof raw !== 'string') throw mismatch();
      const decoded = decodeBase64(raw);
      if (!decoded.ok) throw jsonErrors.serialization(decoded.reason);
      return decoded.bytes;
    }
    default:
      return raw;
  }
}

function jsonKind(raw: unknown): string {
  if (raw === true) return 'TRUE_VALUE';
  if (raw === false) return 'FALSE_VALUE';
  if (typeof raw === 'number') return 'NUMBER_VALUE';
  return 'STRING_VALUE';
}

function isObject(raw: unknown): raw is Record<string, unknown> {
  return typeof raw === 'object' && raw !== null && !Array.isArray(raw);
}
