// Test support: inputs for in-process calls of any operation, the way the gateway would see them.
// `plausibleInput` builds one from a test world's values (world.ts) and the model; `decodeAsGateway`
// encodes it for the service's wire protocol (JSON 1.1 or Query) and decodes it back through the
// model, so the operation receives what the gateway would hand it, validation included.

import { shape, type ServiceModel, type Shape, type ShapeRef } from '../../wire/model.js';
import type { InputSource } from '../protocols/protocol.js';
import type { ServiceEntry } from '../types.js';
import type { World } from './world.js';

/** JSON 1.1 text of an input: blobs as base64, timestamps as epoch seconds. */
function toJson(value: unknown): unknown {
  if (Buffer.isBuffer(value)) return value.toString('base64');
  if (value instanceof Date) return value.getTime() / 1000;
  if (Array.isArray(value)) return value.map(toJson);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJson(v)]));
  return value;
}

/** The Query form of an input, flattened as botocore does (`A.member.1.Key=`, `M.entry.1.key=`). */
function toForm(model: ServiceModel, ref: ShapeRef, value: unknown, key: string, out: URLSearchParams): void {
  const target = shape(model, ref.shape);
  if (value === undefined || value === null) return;
  if (target.type === 'structure') {
    for (const [name, member] of Object.entries(target.members ?? {})) {
      toForm(model, member, (value as Record<string, unknown>)[name], join(key, member.locationName ?? name), out);
    }
  } else if (target.type === 'list' && target.member) {
    const items = value as unknown[];
    if (items.length === 0) out.append(key, '');
    const prefix = target.flattened || ref.flattened ? key : `${key}.${target.member.locationName ?? 'member'}`;
    items.forEach((item, i) => toForm(model, target.member as ShapeRef, item, `${prefix}.${i + 1}`, out));
  } else if (target.type === 'map' && target.key && target.value) {
    Object.entries(value as Record<string, unknown>).forEach(([k, v], i) => {
      out.append(`${key}.entry.${i + 1}.key`, k);
      toForm(model, target.value as ShapeRef, v, `${key}.entry.${i + 1}.value`, out);
    });
  } else if (Buffer.isBuffer(value)) out.append(key, value.toString('base64'));
  else if (value instanceof Date) out.append(key, value.toISOString());
  else out.append(key, String(value));
}

const join = (prefix: string, name: string) => (prefix === '' ? name : `${prefix}.${name}`);

/** A value for a required member the world knows nothing about, from its shape alone. */
function generated(model: ServiceModel, target: Shape): unknown {
  if (target.enum) return target.enum[0];
  switch (target.type) {
    case 'string':
      return 'x'.repeat(Math.max(1, target.min ?? 1));
    case 'integer':
    case 'long':
    case 'float':
    case 'double':
      return target.min ?? 1;
    case 'boolean':
      return false;
    case 'blob':
      return Buffer.from('x'.repeat(Math.max(1, target.min ?? 1)));
    case 'timestamp':
      return new Date(0);
    case 'list':
      return target.member ? [generated(model, shape(model, target.member.shape))] : [];
    case 'map':
      return {};
    case 'structure':
      return Object.fromEntries((target.required ?? []).map((name) => [name, generated(model, shape(model, target.members?.[name]?.shape ?? ''))]));
  }
}

export function plausibleInput(entry: ServiceEntry, operation: string, world: Pick<World, 'values' | 'overrides'>, unique: () => number): Record<string, unknown> {
  const inputShape = shape(entry.model, entry.model.operations[operation]?.input?.shape ?? '');
  const required = new Set(inputShape.required ?? []);
  const overrides = world.overrides[operation] ?? {};
  const input: Record<string, unknown> = {};
  for (const [name, ref] of Object.entries(inputShape.members ?? {})) {
    const override = overrides[name];
    const value = Object.hasOwn(overrides, name) ? (typeof override === 'function' ? override(unique()) : override) : world.values[name];
    if (value !== undefined) input[name] = value;
    else if (required.has(name)) input[name] = generated(entry.model, shape(entry.model, ref.shape));
  }
  return input;
}

function form(model: ServiceModel, ref: ShapeRef | undefined, input: Record<string, unknown>): URLSearchParams {
  const out = new URLSearchParams();
  if (ref) toForm(model, ref, input, '', out);
  return out;
}

/** `input` as the operation would receive it from the gateway: encoded for the wire, then decoded and validated. */
export function decodeAsGateway(entry: ServiceEntry, operation: string, input: Record<string, unknown>): Record<string, unknown> {
  const source: InputSource =
    entry.model.metadata.protocol === 'json'
      ? { kind: 'json', body: Buffer.from(JSON.stringify(toJson(input))) }
      : { kind: 'query', params: form(entry.model, entry.model.operations[operation]?.input, input) };
  return entry.protocol.decode(entry.model, operation, source);
}
