// Mutations of a valid input, chosen by the shape of the value they hit: wrong JSON types, null and
// missing members (required ones included), hostile strings (name tricks, unicode oddities,
// traversal, huge and empty), boundary numbers and NaN, invalid base64, bad timestamps and enums,
// huge or empty lists and maps, unknown and prototype-named members, deep nesting, and bytes that
// are not UTF-8. Each returns a one-line description for the failure report.

import { shape, type ServiceModel, type Shape } from '../../../src/wire/model.js';
import { formEncode, Raw } from './encode.js';
import { hostileString, type FuzzWorld } from './pools.js';
import type { Random } from './random.js';
import { validValue, type Generation } from './values.js';

interface Node {
  parent: Record<string, unknown> | unknown[];
  key: string | number;
  path: string;
  shape?: Shape;
  shapeName?: string;
  member: string;
  required: boolean;
}

/** Applies `count` mutations to the input (held in a box so the root itself can be replaced). */
export function mutateInput(gen: Generation, inputShape: string | undefined, input: Record<string, unknown>, count: number): { input: unknown; applied: string[] } {
  const box: Record<string, unknown> = { input };
  const applied: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const nodes = collect(gen.model, box, inputShape);
    // The root is one node among many: weight the members, they are where the handlers look.
    const node = nodes.length > 1 && gen.rng.chance(0.9) ? gen.rng.pick(nodes.slice(1)) : (nodes[0] as Node);
    applied.push(`${node.path || '(input)'}: ${mutateNode(gen, node)}`);
  }
  return { input: box.input, applied };
}

function collect(model: ServiceModel, box: Record<string, unknown>, inputShape: string | undefined): Node[] {
  const nodes: Node[] = [];
  const visit = (parent: Node['parent'], key: string | number, path: string, shapeName: string | undefined, member: string, required: boolean) => {
    const target = shapeName === undefined ? undefined : shape(model, shapeName);
    nodes.push({ parent, key, path, member, required, ...(target ? { shape: target, shapeName } : {}) });
    const value = (parent as Record<string | number, unknown>)[key];
    if (target?.type === 'structure' && isPlainObject(value)) {
      for (const [name, ref] of Object.entries(target.members ?? {})) {
        if (Object.hasOwn(value, name)) visit(value, name, path ? `${path}.${name}` : name, ref.shape, name, (target.required ?? []).includes(name));
      }
    } else if (target?.type === 'list' && Array.isArray(value)) {
      value.forEach((_, i) => visit(value, i, `${path}[${i}]`, target.member?.shape, member, false));
    } else if (target?.type === 'map' && isPlainObject(value)) {
      for (const k of Object.keys(value)) visit(value, k, `${path}{${k}}`, target.value?.shape, `${member}Value`, false);
    }
  };
  visit(box, 'input', '', inputShape, 'input', true);
  return nodes;
}

function set(node: Node, value: unknown): void {
  // defineProperty: a mutation may use a key such as "__proto__", which must stay a plain member.
  Object.defineProperty(node.parent, node.key, { value, enumerable: true, writable: true, configurable: true });
}

const show = (value: unknown): string => {
  const text = value instanceof Raw ? value.label : JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}… (${text.length} chars)` : text;
};

function mutateNode(gen: Generation, node: Node): string {
  const { rng, world } = gen;
  const current = (node.parent as Record<string | number, unknown>)[node.key];
  const generic = rng.weighted({ null: 2, delete: node.required ? 3 : 2, wrongType: 2, unknown: 1, deep: 0.3, specific: 6 });
  if (generic === 'null') {
    set(node, null);
    return `null${node.required ? ' (required member)' : ''}`;
  }
  if (generic === 'delete' && !Array.isArray(node.parent) && node.key !== 'input') {
    delete (node.parent as Record<string, unknown>)[node.key as string];
    return `removed${node.required ? ' (required member)' : ''}`;
  }
  if (generic === 'wrongType') {
    const value = rng.pick<unknown>([0, -1, 1.5, true, false, 'text', '', [], {}, [1, 'a', null], { a: 1 }, [[]], [{}], '{}', '[]']);
    set(node, value);
    return `wrong type ${show(value)}`;
  }
  if (generic === 'unknown' && isPlainObject(current)) {
    const name = rng.pick(['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'Unknown', 'name', 'NAME', rng.word(1, 10)]);
    const value = rng.pick<unknown>(['x', 1, null, { polluted: true }, [1], node.shapeName ? validValue(gen, node.shapeName, name) : {}]);
    Object.defineProperty(current, name, { value, enumerable: true, writable: true, configurable: true });
    return `unknown member ${show(name)} = ${show(value)}`;
  }
  if (generic === 'deep') {
    const depth = rng.pick([63, 64, 65, 200, 1000, 10_000]);
    const json = rng.chance(0.5) ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
    set(node, new Raw(Buffer.from(json), formEncode(json.slice(0, 2000)), `nesting ${depth} deep`));
    return `nesting ${depth} deep`;
  }
  return specific(gen, node, current, world, rng);
}

function specific(gen: Generation, node: Node, current: unknown, world: FuzzWorld, rng: Random): string {
  const type = node.shape?.type ?? 'string';
  switch (type) {
    case 'string': {
      if (node.shape?.enum && rng.chance(0.3)) {
        const value = rng.pick([String(current).toLowerCase(), String(current).toUpperCase(), `${String(current)} `, 'NotAnEnumValue', '']);
        set(node, value);
        return `enum ${show(value)}`;
      }
      if (rng.chance(0.25)) return rawBytes(node, typeof current === 'string' ? current : '', rng);
      const value = hostileString(rng, world, typeof current === 'string' && current.length < 200 ? current : undefined);
      set(node, value);
      return `string ${show(value)}`;
    }
    case 'integer':
    case 'long':
    case 'float':
    case 'double':
      return number(node, rng);
    case 'boolean': {
      const value = rng.pick<unknown>(['true', 'false', 1, 0, 'True', new Raw(Buffer.from('True'), 'True', 'True')]);
      set(node, value);
      return `boolean ${show(value)}`;
    }
    case 'timestamp': {
      const value = rng.pick<unknown>([-1, 0, 1e15, 1e20, -1e20, 1.5, '2024-01-01T00:00:00Z', 'yesterday', new Raw(Buffer.from('1e400'), '1e400', '1e400')]);
      set(node, value);
      return `timestamp ${show(value)}`;
    }
    case 'blob': {
      const value = rng.pick<unknown>(['', '!!!', 'abc', 'YQ', 'YQ=', 'YQ===', '====', 'Y Q==', 'YQ==\n', '-_-_', 'AAAA'.repeat(rng.pick([1, 1537, 60_000])), 'ZZZZ'.repeat(2000), 123, rng.bytes(rng.int(1, 10))]);
      set(node, value);
      return `blob ${show(value)}`;
    }
    case 'list': {
      const items = Array.isArray(current) ? current : [];
      const kind = rng.pick(['empty', 'huge', 'nulls', 'nested', 'duplicates'] as const);
      const item = items[0] ?? (node.shape?.member ? validValue(gen, node.shape.member.shape, node.member) : 'x');
      // Copies of a big item are capped at a few MiB in all: past the server's body limit is enough.
      const copies = Math.min(rng.pick([11, 51, 1001]), Math.max(2, Math.floor(4_000_000 / approximateSize(item))));
      // Copies, not one object many times: a later mutation of one item must not grow them all.
      const lists: Record<typeof kind, unknown[]> = {
        empty: [],
        huge: Array.from({ length: copies }, () => copy(item)),
        nulls: [null, copy(item), null],
        nested: [[copy(item)], [[copy(item)]]],
        duplicates: [copy(item), copy(item), copy(item)],
      };
      const value = lists[kind];
      set(node, value);
      return `list ${kind} (${value.length} items)`;
    }
    case 'map': {
      const kind = rng.pick(['empty', 'many', 'proto', 'emptyKey', 'badValue']);
      const value: Record<string, unknown> = {};
      const put = (k: string, v: unknown) => Object.defineProperty(value, k, { value: v, enumerable: true, writable: true, configurable: true });
      if (kind === 'many') for (let i = 0; i < 200; i += 1) put(`k${i}`, 'v');
      if (kind === 'proto') put('__proto__', { polluted: 'yes' });
      if (kind === 'emptyKey') put('', '');
      if (kind === 'badValue') put('k', rng.pick<unknown>([1, [], {}, null, '\ud800']));
      set(node, value);
      return `map ${kind}`;
    }
    default: {
      const value = rng.pick<unknown>([[], 'text', [node.shapeName ? validValue(gen, node.shapeName, node.member) : {}]]);
      set(node, value);
      return `structure replaced by ${show(value)}`;
    }
  }
}

/** A string with bytes no valid UTF-8 text has (or a raw control character JSON forbids). */
function rawBytes(node: Node, around: string, rng: Random): string {
  const bytes = rng.pick([[0xed, 0xa0, 0x80], [0xed, 0xbf, 0xbf], [0xff], [0xfe, 0xff], [0xc0, 0xaf], [0xe0, 0x80, 0xaf], [0xc3], [0x80], [0xf4, 0x90, 0x80, 0x80], [0x00], [0x01], [0x1f]]);
  const hex = bytes.map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');
  const json = Buffer.concat([Buffer.from(JSON.stringify(around).slice(0, -1)), Buffer.from(bytes), Buffer.from('"')]);
  const label = `${show(around)} + bytes ${hex}`;
  set(node, new Raw(json, formEncode(around) + hex, label));
  return label;
}

function number(node: Node, rng: Random): string {
  const literal = rng.pick(['NaN', 'Infinity', '-Infinity', '1e999', '-0', '00', '01', '1.', '.5', '+1', '0x10', '1e-999', '123456789012345678901234567890', '9007199254740993', '2147483648', '-2147483649', '1.0', '1e3']);
  const value = rng.pick<unknown>([0, -1, 1, 2 ** 31 - 1, 2 ** 31, -(2 ** 31) - 1, 2 ** 53, 2 ** 53 + 2, -(2 ** 53), 1e308, 5e-324, 1.5, -0.5, 'NaN', '1', '1e3', new Raw(Buffer.from(literal), literal, literal)]);
  set(node, value);
  return `number ${show(value)}`;
}

/** A deep copy of arrays and plain objects; Raw, Buffer and Date values are never changed in place. */
function copy(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copy);
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) Object.defineProperty(out, k, { value: copy(v), enumerable: true, writable: true, configurable: true });
  return out;
}

function approximateSize(value: unknown): number {
  if (value instanceof Raw) return value.json.length;
  if (Buffer.isBuffer(value)) return value.length * 2;
  return (JSON.stringify(value) ?? '').length + 1;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !Buffer.isBuffer(value) && !(value instanceof Date) && !(value instanceof Raw);
}
