// Writes a (possibly mutated) input in its protocol: an AWS JSON 1.1 body, or an AWS Query form.
// Mutated values need not fit their shape any more, so both writers follow the value first and the
// model only where the value still looks like what the model expects. `Raw` carries bytes no valid
// value can produce (invalid UTF-8, NaN, 10,000 levels of nesting), written out verbatim.

import { shape, type ServiceModel, type ShapeRef } from '../../../src/wire/model.js';

export class Raw {
  /** `json`: bytes for a JSON body; `query`: already percent-encoded text for a form value. */
  constructor(
    readonly json: Buffer,
    readonly query: string,
    readonly label: string,
  ) {}
}

// ---- JSON ----

export function encodeJson(value: unknown): Buffer {
  const parts: Buffer[] = [];
  writeJson(value, parts);
  return Buffer.concat(parts);
}

function writeJson(value: unknown, out: Buffer[]): void {
  if (value instanceof Raw) {
    out.push(value.json);
  } else if (Buffer.isBuffer(value)) {
    out.push(Buffer.from(JSON.stringify(value.toString('base64'))));
  } else if (value instanceof Date) {
    // AWS JSON timestamps are epoch seconds, fractions allowed.
    out.push(Buffer.from(String(value.getTime() / 1000)));
  } else if (Array.isArray(value)) {
    out.push(Buffer.from('['));
    value.forEach((item, i) => {
      if (i > 0) out.push(Buffer.from(','));
      writeJson(item === undefined ? null : item, out);
    });
    out.push(Buffer.from(']'));
  } else if (value !== null && typeof value === 'object') {
    out.push(Buffer.from('{'));
    let first = true;
    for (const [key, item] of Object.entries(value)) {
      if (item === undefined) continue;
      if (!first) out.push(Buffer.from(','));
      first = false;
      // JSON.stringify escapes a lone surrogate as \udXXX, as the JavaScript SDK would send it.
      out.push(Buffer.from(`${JSON.stringify(key)}:`));
      writeJson(item, out);
    }
    out.push(Buffer.from('}'));
  } else {
    out.push(Buffer.from(JSON.stringify(value) ?? 'null'));
  }
}

// ---- Query ----

export type FormPair = [key: string, value: string | Raw];

/** The form pairs of an input: `A.B`, `X.member.N`, `X.entry.N.key` / `.value`, as botocore writes them. */
export function queryPairs(model: ServiceModel, inputShape: string | undefined, input: Record<string, unknown>): FormPair[] {
  const out: FormPair[] = [];
  writeQuery(model, inputShape === undefined ? undefined : { shape: inputShape }, input, '', out);
  return out;
}

function writeQuery(model: ServiceModel, ref: ShapeRef | undefined, value: unknown, key: string, out: FormPair[]): void {
  if (value === undefined) return;
  const target = ref ? shape(model, ref.shape) : undefined;
  const join = (name: string) => (key === '' ? name : `${key}.${name}`);
  if (value instanceof Raw) {
    out.push([key, value]);
  } else if (value === null) {
    out.push([key, '']);
  } else if (Array.isArray(value)) {
    if (value.length === 0) out.push([key, '']);
    const member = target?.type === 'list' ? target.member : undefined;
    const flattened = target?.flattened === true || ref?.flattened === true;
    const prefix = flattened ? key : join(member?.locationName ?? 'member');
    value.forEach((item, i) => writeQuery(model, member, item, `${prefix}.${i + 1}`, out));
  } else if (Buffer.isBuffer(value)) {
    out.push([key, value.toString('base64')]);
  } else if (value instanceof Date) {
    out.push([key, value.toISOString()]);
  } else if (typeof value === 'object') {
    const entries = Object.entries(value);
    if (target?.type === 'map') {
      const prefix = target.flattened === true || ref?.flattened === true ? key : join('entry');
      entries.forEach(([k, v], i) => {
        out.push([`${prefix}.${i + 1}.${target.key?.locationName ?? 'key'}`, k]);
        writeQuery(model, target.value, v, `${prefix}.${i + 1}.${target.value?.locationName ?? 'value'}`, out);
      });
      return;
    }
    const members = target?.type === 'structure' ? (target.members ?? {}) : {};
    for (const [name, item] of entries) {
      const memberRef = Object.hasOwn(members, name) ? members[name] : undefined;
      writeQuery(model, memberRef, item, join(memberRef?.locationName ?? name), out);
    }
  } else {
    out.push([key, String(value)]);
  }
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Percent-encodes everything but unreserved characters; a lone surrogate becomes its WTF-8 bytes. */
export function formEncode(text: string): string {
  if (!LONE_SURROGATE.test(text)) return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  let out = '';
  for (const byte of wtf8(text)) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-_.~]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

export function formBody(pairs: FormPair[]): Buffer {
  const text = pairs.map(([k, v]) => `${formEncode(k)}=${v instanceof Raw ? v.query : formEncode(v)}`).join('&');
  return Buffer.from(text, 'latin1');
}

/** UTF-8, except that unpaired surrogates are encoded as if they were code points (ED A0 80…). */
export function wtf8(text: string): Buffer {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i += 1) {
    let cp = text.charCodeAt(i);
    const next = text.charCodeAt(i + 1);
    if (cp >= 0xd800 && cp <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      cp = 0x10000 + ((cp - 0xd800) << 10) + (next - 0xdc00);
      i += 1;
    }
    if (cp < 0x80) bytes.push(cp);
    else if (cp < 0x800) bytes.push(0xc0 | (cp >> 6), 0x80 | (cp & 63));
    else if (cp < 0x10000) bytes.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
    else bytes.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
  }
  return Buffer.from(bytes);
}

/** Whether a form value can go in a signed URL as the SDK's own query-string builder writes it. */
export function urlSafe(value: string | Raw): value is string {
  return typeof value === 'string' && Buffer.from(value, 'utf8').equals(wtf8(value));
}
