// The syntax stage: checks the JSON shape of a policy (known elements only, right types, one of
// each Action/NotAction pair…) and turns it into raw statements. Every failure here is AWS's
// "Syntax errors in policy."; the later, meaning-level checks live in parse-policy.ts.

import { conditionValues, parseOperator } from './conditions.js';
import { readPrincipal, type RawPrincipal } from './principals.js';
import type { JsonObject, JsonValue } from './strict-json.js';
import type { ConditionEntry, PolicyVersion } from './types.js';

export interface RawList {
  readonly field: string;
  readonly negated: boolean;
  readonly values: readonly string[];
}

export interface RawStatement {
  readonly sid: string | undefined;
  /** As written; only its case-insensitive form was checked here (AWS checks exact case later). */
  readonly effect: string;
  readonly actions: RawList | undefined;
  readonly resources: RawList | undefined;
  readonly principal: RawPrincipal | undefined;
  readonly conditions: readonly ConditionEntry[];
}

export interface RawDocument {
  readonly version: PolicyVersion | undefined;
  readonly id: string | undefined;
  readonly statements: readonly RawStatement[];
}

const TOP_LEVEL: ReadonlySet<string> = new Set(['Version', 'Id', 'Statement']);
const STATEMENT: ReadonlySet<string> = new Set([
  'Sid',
  'Effect',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Principal',
  'NotPrincipal',
  'Condition',
]);

class SyntaxFailure extends Error {}

function fail(): never {
  throw new SyntaxFailure('syntax');
}

function optionalString(map: JsonObject, key: string): string | undefined {
  const value = map.get(key);
  if (value === undefined) return undefined;
  if (typeof value !== 'string') fail();
  return value;
}

/** At most one of `field` and `Not<field>`. A JSON null counts as present (and is then refused):
 * AWS answers `"Resource": null` with a syntax error, never by reading it as absent. */
function readPair(map: JsonObject, field: string, notField: string): { value: JsonValue; negated: boolean } | undefined {
  const plain = map.get(field);
  const not = map.get(notField);
  if (plain !== undefined && not !== undefined) fail();
  if (plain !== undefined) return { value: plain, negated: false };
  if (not !== undefined) return { value: not, negated: true };
  return undefined;
}

/** `Action`/`NotAction` (or the Resource pair): at most one, a string or an array of strings. */
function readList(map: JsonObject, field: string, notField: string): RawList | undefined {
  const pair = readPair(map, field, notField);
  if (pair === undefined) return undefined;
  const { value, negated } = pair;
  const name = negated ? notField : field;
  if (typeof value === 'string') return { field: name, negated, values: [value] };
  if (Array.isArray(value) && value.every((v): v is string => typeof v === 'string')) {
    return { field: name, negated, values: value };
  }
  return fail();
}

function readConditions(value: JsonValue | undefined): ConditionEntry[] {
  if (value === undefined) return [];
  if (!(value instanceof Map)) fail();
  const entries: ConditionEntry[] = [];
  for (const [name, block] of value) {
    if (!(block instanceof Map)) fail();
    const parsed = parseOperator(name);
    if (parsed === undefined) fail();
    for (const [key, raw] of block) {
      const values = conditionValues(raw);
      if (values === undefined) fail();
      entries.push({ ...parsed, key, values });
    }
  }
  return entries;
}

function readPrincipalField(map: JsonObject): RawPrincipal | undefined {
  const pair = readPair(map, 'Principal', 'NotPrincipal');
  if (pair === undefined) return undefined;
  return readPrincipal(pair.value, pair.negated) ?? fail();
}

function readStatement(value: JsonValue): RawStatement {
  if (!(value instanceof Map)) fail();
  for (const key of value.keys()) if (!STATEMENT.has(key)) fail();
  const effect = optionalString(value, 'Effect');
  if (effect === undefined) fail();
  const lower = effect.toLowerCase();
  if (lower !== 'allow' && lower !== 'deny') fail();
  return {
    sid: optionalString(value, 'Sid'),
    effect,
    actions: readList(value, 'Action', 'NotAction'),
    resources: readList(value, 'Resource', 'NotResource'),
    principal: readPrincipalField(value),
    conditions: readConditions(value.get('Condition')),
  };
}

/** Undefined when the document is not a syntactically valid policy. */
export function readDocument(doc: JsonValue): RawDocument | undefined {
  try {
    if (!(doc instanceof Map)) fail();
    for (const key of doc.keys()) if (!TOP_LEVEL.has(key)) fail();
    const version = optionalString(doc, 'Version');
    if (version !== undefined && version !== '2012-10-17' && version !== '2008-10-17') fail();
    const id = optionalString(doc, 'Id');
    const statement = doc.get('Statement');
    if (statement === undefined) fail();
    const list = Array.isArray(statement) ? statement : [statement];
    if (list.length === 0) fail();
    return { version, id, statements: list.map(readStatement) };
  } catch (error) {
    if (error instanceof SyntaxFailure) return undefined;
    throw error;
  }
}
