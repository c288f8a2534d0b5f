// Input validation from the model's constraint traits (required, min, max, pattern, enum), run on
// a value already decoded to JavaScript types. Every violation is collected, so one response lists
// them all as AWS does. Where each one is reported follows AWS:
//   - structure members:              `parameterFilters.1.member.key` (lists of structures are walked)
//   - lists and maps of plain values: once at the collection, `Member must satisfy constraint: […]`,
//                                     `Map keys must satisfy constraint: […]`, `Map value must …`
//   - a missing required member:      `Value null at 'name' … Member must not be null`

import { allConstraints, constraints, lowerFirst, renderValue } from './coral.js';
import type { Violation } from './coral.js';
import { matchesJavaPattern } from './java-regex.js';
import { shape } from './model.js';
import type { ServiceModel, Shape } from './model.js';

const NUMBER_TYPES = new Set(['integer', 'long', 'float', 'double']);
const CONTAINER_TYPES = new Set(['structure', 'list', 'map']);

/** All violations in a decoded input structure, in model member order. */
export function collectViolations(model: ServiceModel, shapeName: string, value: Record<string, unknown>): Violation[] {
  const out: Violation[] = [];
  checkStructure(model, shape(model, shapeName), value, '', out);
  return out;
}

function join(path: string, segment: string): string {
  return path === '' ? segment : `${path}.${segment}`;
}

function checkStructure(model: ServiceModel, target: Shape, value: Record<string, unknown>, path: string, out: Violation[]): void {
  const required = new Set(target.required ?? []);
  for (const [name, ref] of Object.entries(target.members ?? {})) {
    const memberPath = join(path, lowerFirst(name));
    const member = Object.hasOwn(value, name) ? value[name] : undefined;
    if (member === undefined || member === null) {
      if (required.has(name)) out.push({ path: memberPath, value: 'null', constraint: constraints.notNull });
      continue;
    }
    checkValue(model, ref.shape, member, memberPath, out);
  }
}

function checkValue(model: ServiceModel, shapeName: string, value: unknown, path: string, out: Violation[]): void {
  const target = shape(model, shapeName);
  const report = (constraint: string) => out.push({ path, value: renderValue(model, shapeName, value), constraint });
  switch (target.type) {
    case 'structure':
      if (isRecord(value)) checkStructure(model, target, value, path, out);
      return;
    case 'list':
      if (!Array.isArray(value)) return;
      checkLength(target, value.length, report);
      if (target.member) checkListMembers(model, target.member.shape, value, path, report, out);
      return;
    case 'map':
      if (!isRecord(value)) return;
      checkLength(target, Object.keys(value).length, report);
      checkMapEntries(model, target, value, path, report, out);
      return;
    default:
      for (const failed of scalarFailures(target, value)) report(failed);
  }
}

function checkListMembers(
  model: ServiceModel,
  memberShape: string,
  items: unknown[],
  path: string,
  report: (constraint: string) => void,
  out: Violation[],
): void {
  const member = shape(model, memberShape);
  if (CONTAINER_TYPES.has(member.type)) {
    items.forEach((item, i) => checkValue(model, memberShape, item, `${path}.${i + 1}.member`, out));
    return;
  }
  if (items.some((item) => scalarFailures(member, item).length > 0)) {
    report(`Member must satisfy constraint: [${allConstraints(member).join(', ')}]`);
  }
}

function checkMapEntries(
  model: ServiceModel,
  target: Shape,
  value: Record<string, unknown>,
  path: string,
  report: (constraint: string) => void,
  out: Violation[],
): void {
  if (target.key) {
    const keyShape = shape(model, target.key.shape);
    if (Object.keys(value).some((key) => scalarFailures(keyShape, key).length > 0)) {
      report(`Map keys must satisfy constraint: [${allConstraints(keyShape).join(', ')}]`);
    }
  }
  if (!target.value) return;
  const valueName = target.value.shape;
  const valueShape = shape(model, valueName);
  if (valueShape.type === 'list' && valueShape.member && !CONTAINER_TYPES.has(shape(model, valueShape.member.shape).type)) {
    // Lists of plain values inside a map (SSM's Parameters) are reported once, like scalars.
    const memberShape = shape(model, valueShape.member.shape);
    const lists = Object.values(value).filter((entry): entry is unknown[] => Array.isArray(entry));
    if (lists.some((list) => lengthFailure(valueShape, list.length) !== undefined)) {
      report(`Map value must satisfy constraint: [${allConstraints(valueShape).join(', ')}]`);
    }
    if (lists.some((list) => list.some((item) => scalarFailures(memberShape, item).length > 0))) {
      report(`Map value must satisfy constraint: [Member must satisfy constraint: [${allConstraints(memberShape).join(', ')}]]`);
    }
    return;
  }
  if (CONTAINER_TYPES.has(valueShape.type)) {
    for (const [key, entry] of Object.entries(value)) checkValue(model, valueName, entry, `${path}.${key}.member`, out);
    return;
  }
  if (Object.values(value).some((entry) => scalarFailures(valueShape, entry).length > 0)) {
    report(`Map value must satisfy constraint: [${allConstraints(valueShape).join(', ')}]`);
  }
}

function checkLength(target: Shape, length: number, report: (constraint: string) => void): void {
  const failed = lengthFailure(target, length);
  if (failed !== undefined) report(failed);
}

function lengthFailure(target: Shape, length: number): string | undefined {
  if (target.max !== undefined && length > target.max) return constraints.maxLength(target.max);
  if (target.min !== undefined && length < target.min) return constraints.minLength(target.min);
  return undefined;
}

/** The constraints a plain (non-container) value breaks, in the order AWS lists them. */
function scalarFailures(target: Shape, value: unknown): string[] {
  const failed: string[] = [];
  if (NUMBER_TYPES.has(target.type)) {
    if (typeof value !== 'number') return failed;
    if (target.max !== undefined && value > target.max) failed.push(constraints.maxValue(target.max));
    if (target.min !== undefined && value < target.min) failed.push(constraints.minValue(target.min));
    return failed;
  }
  if (target.type === 'blob') {
    if (Buffer.isBuffer(value)) {
      const length = lengthFailure(target, value.length);
      if (length !== undefined) failed.push(length);
    }
    return failed;
  }
  if (target.type !== 'string' || typeof value !== 'string') return failed;
  // Length in Unicode code points, as Smithy defines string length, not UTF-16 units.
  const length = lengthFailure(target, codePointLength(value));
  if (length !== undefined) failed.push(length);
  if (target.pattern !== undefined && !matchesJavaPattern(target.pattern, value)) failed.push(constraints.pattern(target.pattern));
  if (target.enum !== undefined && !target.enum.includes(value)) failed.push(constraints.enumSet(target.enum));
  return failed;
}

function codePointLength(value: string): number {
  let count = 0;
  for (let i = 0; i < value.length; i += 1) {
    const unit = value.charCodeAt(i);
    // A high surrogate followed by a low one is a single code point.
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < value.length) {
      const low = value.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) i += 1;
    }
    count += 1;
  }
  return count;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !Buffer.isBuffer(value) && !(value instanceof Date);
}
