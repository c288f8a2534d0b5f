// Condition blocks: operator names, value lists and the value checks AWS applies at write time.
// An unknown operator is refused even when its block is empty (AWS accepts `{"Foo": {}}`): Kura
// fails closed so that a typo can never turn into a condition that is silently skipped.

import { isIPv4, isIPv6 } from 'node:net';
import { JsonNumber, type JsonValue } from './strict-json.js';
import { CONDITION_OPERATORS, type ConditionOperator, type ConditionSet } from './types.js';

const OPERATORS: ReadonlySet<string> = new Set(CONDITION_OPERATORS);

export interface ParsedOperator {
  readonly operator: ConditionOperator;
  readonly ifExists: boolean;
  readonly set: ConditionSet | undefined;
}

/** `ForAnyValue:StringEqualsIfExists` → StringEquals + IfExists + ForAnyValue; undefined if unknown.
 * Names are case-sensitive, as AWS writes them; `Null` takes no `IfExists` (AWS documents it so). */
export function parseOperator(name: string): ParsedOperator | undefined {
  let rest = name;
  let set: ConditionSet | undefined;
  for (const prefix of ['ForAllValues', 'ForAnyValue'] as const) {
    if (rest.startsWith(`${prefix}:`)) {
      set = prefix;
      rest = rest.slice(prefix.length + 1);
      break;
    }
  }
  let ifExists = false;
  if (rest.endsWith('IfExists')) {
    ifExists = true;
    rest = rest.slice(0, -'IfExists'.length);
  }
  if (!OPERATORS.has(rest)) return undefined;
  const operator = rest as ConditionOperator;
  if (operator === 'Null' && ifExists) return undefined;
  return { operator, ifExists, set };
}

function scalarText(value: JsonValue): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof JsonNumber) return value.raw;
  return undefined;
}

/** A condition key's value: a scalar or an array of scalars (AWS accepts `false` and `10` as well
 * as `"false"` and `"10"`). Undefined when the shape is wrong (objects, nulls, nested arrays). */
export function conditionValues(value: JsonValue): string[] | undefined {
  if (Array.isArray(value)) {
    const out: string[] = [];
    for (const item of value) {
      const text = scalarText(item);
      if (text === undefined) return undefined;
      out.push(text);
    }
    return out;
  }
  const text = scalarText(value);
  return text === undefined ? undefined : [text];
}

const INTEGER = /^[+-]?\d+$/;
const inRange = (text: string | undefined, min: number, max: number): boolean =>
  text !== undefined && INTEGER.test(text) && Number(text) >= min && Number(text) <= max;

/** `1-2-3T4:5:6.7+08:00` style checks that AWS's legacy parser applies (as recorded by moto
 * against AWS). Lenient on purpose: AWS accepts e.g. `01T` and `2016-12-13t2:00:00.5+23`. */
function isLegacyIsoDate(lower: string): boolean {
  const t = lower.indexOf('t');
  const datePart = t < 0 ? lower : lower.slice(0, t);
  const timePart = t < 0 ? '' : lower.slice(t + 1);
  const negative = datePart.startsWith('-');
  const dateParts = (negative ? datePart.slice(1) : datePart).split('-');
  if (dateParts.length > 3) return false;
  if (!inRange((negative ? '-' : '') + (dateParts[0] ?? ''), -292275054, 292278993)) return false;
  if (dateParts.length > 1 && !inRange(dateParts[1], 1, 12)) return false;
  if (dateParts.length > 2 && !inRange(dateParts[2], 1, 31)) return false;

  const timeParts = timePart.split(':');
  if (timeParts[0] !== '' && !inRange(timeParts[0], 0, 23)) return false;
  if (timeParts.length > 1 && !inRange(timeParts[1], 0, 59)) return false;
  if (timeParts.length > 2) {
    const rest = timeParts.slice(2).join(':');
    // Seconds with an optional fraction, then `z` or a signed `hh[:mm]` offset (AWS's recorded
    // behaviour covers `+`; `-` offsets are standard ISO 8601 and accepted too).
    const m = /^(\d+)(?:\.(\d+))?(?:z|[+-](\d{2})(?::(\d{2}))?)?$/.exec(rest);
    if (m === null || !inRange(m[1], 0, 59)) return false;
    if (m[2] !== undefined && m[2].length > 9) return false;
    if (m[3] !== undefined && !inRange(m[3], 0, 23)) return false;
    if (m[4] !== undefined && !inRange(m[4], 0, 59)) return false;
  }
  return true;
}

function isDateValue(value: string): boolean {
  const lower = value.toLowerCase();
  if (lower.includes('t') || value.includes('-')) return isLegacyIsoDate(lower);
  // Epoch seconds, up to Java's Long.MAX_VALUE.
  return /^\d+$/.test(value) && BigInt(value) <= 9223372036854775807n;
}

function isNumericValue(value: string): boolean {
  return /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/.test(value);
}

function isIpValue(value: string): boolean {
  const slash = value.indexOf('/');
  const address = slash < 0 ? value : value.slice(0, slash);
  const bits = isIPv4(address) ? 32 : isIPv6(address) ? 128 : -1;
  if (bits < 0) return false;
  return slash < 0 || inRange(value.slice(slash + 1), 0, bits);
}

/** Whether `value` is acceptable for `operator`. Date values follow AWS's recorded legacy rules.
 * Numeric and IP values are checked by Kura (AWS's behaviour there is unrecorded) so that a typo
 * in, say, a `NotIpAddress` Deny is refused at write time instead of never matching; a value
 * holding a policy variable is left for the evaluator when variables are active. */
export function isValidConditionValue(operator: ConditionOperator, value: string, variablesActive: boolean): boolean {
  if (operator.startsWith('Date')) return isDateValue(value);
  if (variablesActive && value.includes('${')) return true;
  if (operator.startsWith('Numeric')) return isNumericValue(value);
  if (operator === 'IpAddress' || operator === 'NotIpAddress') return isIpValue(value);
  return true;
}
