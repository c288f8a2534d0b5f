// CloudFormation YAML: YAML 1.2 with the short-form tags (`!Ref X`, `!GetAtt A.B`, `!Sub …`), each
// turned into its long form (`{"Ref": "X"}`, `{"Fn::GetAtt": ["A", "B"]}`, `{"Fn::Sub": …}`) so the
// resolver sees one shape. A number keeps the text it was written as (`1.10` stays "1.10", `0755`
// stays "0755"): CloudFormation hands numbers to services as text, and a parameter value or a port
// must not be rewritten on the way. A tag CloudFormation does not define is an error naming its line.

import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { TemplateError } from './errors.js';
import type { Json } from './values.js';

/** CloudFormation's short forms, as `!Name` → `Fn::Name` (Ref and Condition keep their own key). */
const FUNCTION_TAGS = new Set([
  'Base64',
  'Cidr',
  'FindInMap',
  'GetAZs',
  'ImportValue',
  'Join',
  'Select',
  'Split',
  'Sub',
  'Transform',
  'If',
  'Equals',
  'Not',
  'And',
  'Or',
  'Length',
  'ToJsonString',
  'Contains',
  'EachMemberEquals',
  'EachMemberIn',
  'RefAll',
  'ValueOf',
  'ValueOfAll',
  'GetAtt',
]);

export function parseYamlTemplate(text: string): Json {
  const lines = new LineCounter();
  const doc = parseDocument(text, { version: '1.2', uniqueKeys: true, lineCounter: lines, prettyErrors: false });
  const error = doc.errors[0];
  if (error) throw new TemplateError('', `not valid YAML: ${error.message.split('\n')[0]} (line ${lines.linePos(error.pos[0]).line})`);
  if (doc.contents === null) return null;
  return convert(doc.contents, doc, lines);
}

function lineOf(node: Node, lines: LineCounter): number {
  return lines.linePos(node.range?.[0] ?? 0).line;
}

function convert(node: Node, doc: Document, lines: LineCounter): Json {
  if (isAlias(node)) {
    const target = node.resolve(doc);
    if (!target) throw new TemplateError('', `line ${lineOf(node, lines)}: the alias *${node.source} names no anchor`);
    return convert(target as Node, doc, lines);
  }
  const tag = node.tag;
  if (tag !== undefined && tag.startsWith('!') && !tag.startsWith('!!')) return shortForm(tag.slice(1), node, doc, lines);
  return plain(node, doc, lines);
}

function plain(node: Node, doc: Document, lines: LineCounter): Json {
  if (isMap(node)) {
    const out: { [key: string]: Json } = {};
    for (const pair of node.items) {
      const key = pair.key as Node | null;
      const name = key === null ? '' : isScalar(key) ? String(key.value) : JSON.stringify(convert(key, doc, lines));
      out[name] = pair.value === null ? null : convert(pair.value as Node, doc, lines);
    }
    return out;
  }
  if (isSeq(node)) return node.items.map((item) => (item === null ? null : convert(item as Node, doc, lines)));
  if (isScalar(node)) {
    const value = node.value;
    if (typeof value === 'number' || typeof value === 'bigint') return node.source ?? String(value);
    if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
    return String(value);
  }
  return null;
}

function shortForm(name: string, node: Node, doc: Document, lines: LineCounter): Json {
  const argument = plain(node, doc, lines);
  if (name === 'Ref' || name === 'Condition') {
    if (!isScalar(node)) throw new TemplateError('', `line ${lineOf(node, lines)}: !${name} takes a name`);
    return { [name]: argument };
  }
  if (!FUNCTION_TAGS.has(name)) {
    throw new TemplateError('', `line ${lineOf(node, lines)}: unknown tag !${name}: CloudFormation's short forms are !Ref, !Condition and !${[...FUNCTION_TAGS].join(', !')}`);
  }
  // `!GetAtt Resource.Attribute`: the resource is up to the first dot; the attribute may hold more.
  if (name === 'GetAtt' && typeof argument === 'string') {
    const dot = argument.indexOf('.');
    return { 'Fn::GetAtt': dot < 0 ? [argument] : [argument.slice(0, dot), argument.slice(dot + 1)] };
  }
  return { [`Fn::${name}`]: argument };
}
