// AWS Query output (IAM, STS): the XML document botocore's QueryParser and SDK v3 read.
//   <OpResponse xmlns="…"><OpResult>…</OpResult><ResponseMetadata><RequestId>…</RequestId></ResponseMetadata></OpResponse>
// `<OpResult>` (the model's resultWrapper) is present only when the operation has an output shape.
// Lists are `<X><member>…</member></X>`, maps `<X><entry><key/><value/></entry></X>`, timestamps
// ISO 8601 UTC, booleans true/false, blobs base64. Only members the model declares are written.

import { operation, shape } from './model.js';
import type { ServiceModel } from './model.js';

export function encodeQueryOutput(model: ServiceModel, operationName: string, output: unknown, requestId: string): string {
  const op = operation(model, operationName);
  const name = op?.name ?? operationName;
  const parts: string[] = [];
  const namespace = model.metadata.xmlNamespace;
  parts.push(namespace === undefined ? `<${name}Response>` : `<${name}Response xmlns="${escapeXml(namespace)}">`);
  if (op?.output) {
    const wrapper = op.output.resultWrapper ?? `${name}Result`;
    parts.push(`<${wrapper}>`);
    writeMembers(model, op.output.shape, output, parts);
    parts.push(`</${wrapper}>`);
  }
  parts.push(`<ResponseMetadata><RequestId>${escapeXml(requestId)}</RequestId></ResponseMetadata>`);
  parts.push(`</${name}Response>`);
  return parts.join('');
}

function writeMembers(model: ServiceModel, shapeName: string, value: unknown, parts: string[]): void {
  if (!isRecord(value)) return;
  for (const [name, ref] of Object.entries(shape(model, shapeName).members ?? {})) {
    const member = Object.hasOwn(value, name) ? value[name] : undefined;
    if (member === undefined || member === null) continue;
    writeValue(model, ref.shape, member, ref.locationName ?? name, ref.flattened === true, parts);
  }
}

function writeValue(model: ServiceModel, shapeName: string, value: unknown, element: string, flattenedRef: boolean, parts: string[]): void {
  const target = shape(model, shapeName);
  switch (target.type) {
    case 'structure':
      parts.push(`<${element}>`);
      writeMembers(model, shapeName, value, parts);
      parts.push(`</${element}>`);
      return;
    case 'list': {
      const member = target.member;
      if (!Array.isArray(value) || !member) return;
      const items = value.filter((item) => item !== undefined && item !== null);
      if (target.flattened === true || flattenedRef) {
        for (const item of items) writeValue(model, member.shape, item, member.locationName ?? element, false, parts);
        return;
      }
      parts.push(`<${element}>`);
      for (const item of items) writeValue(model, member.shape, item, member.locationName ?? 'member', false, parts);
      parts.push(`</${element}>`);
      return;
    }
    case 'map': {
      const { key, value: valueRef } = target;
      if (!key || !valueRef || !isRecord(value)) return;
      const flattened = target.flattened === true || flattenedRef;
      if (!flattened) parts.push(`<${element}>`);
      for (const [k, v] of Object.entries(value)) {
        if (v === undefined || v === null) continue;
        parts.push(flattened ? `<${element}>` : '<entry>');
        writeValue(model, key.shape, k, key.locationName ?? 'key', false, parts);
        writeValue(model, valueRef.shape, v, valueRef.locationName ?? 'value', false, parts);
        parts.push(flattened ? `</${element}>` : '</entry>');
      }
      if (!flattened) parts.push(`</${element}>`);
      return;
    }
    default:
      parts.push(`<${element}>${escapeXml(scalarText(target.type, value))}</${element}>`);
  }
}

function scalarText(type: string, value: unknown): string {
  if (type === 'timestamp') return isoTimestamp(value);
  if (type === 'blob') {
    if (Buffer.isBuffer(value)) return value.toString('base64');
    if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  }
  return String(value);
}

/** `2019-11-09T13:34:41Z`, as IAM writes it; milliseconds only when there are some. */
export function isoTimestamp(value: unknown): string {
  const date = value instanceof Date ? value : typeof value === 'number' ? new Date(value * 1000) : new Date(String(value));
  if (Number.isNaN(date.getTime())) return String(value);
  return date.toISOString().replace('.000Z', 'Z');
}

// XML 1.0 cannot carry these at all, not even as character references.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Escapes text and attribute values; characters XML cannot hold become U+FFFD. */
export function escapeXml(text: string): string {
  return text
    .replace(NOT_XML, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\r/g, '&#xD;');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value) && !(value instanceof Date);
}
