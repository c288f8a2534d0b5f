// The last-known-good file's bytes (fallback.ts writes and reads them): a header in the clear,
// then AES-256-GCM of what one complete read returned.
//
//   magic "KURALKG\n" (8) | format version (1) | written-at, ms since 1970, u64 BE (8) | plan digest, SHA-256 (32)
//   | nonce (12, random per write) | ciphertext | tag (16)
//
// The header is the cipher's additional data: the time and the plan cannot be changed without the
// tag failing, and nothing is believed before the tag has been checked. The plaintext is the
// Fetched result (not the assembled environment), so that a start from the file assembles again
// with that start's options and inherited variables. Pure: no I/O.

import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import type { Fetched, ReadPlan } from './fetch.js';
import type { FetchedParameter, SecretValue } from './reader.js';
import { readKey } from './secret-refs.js';

const MAGIC = Buffer.from('KURALKG\n', 'latin1');
export const FORMAT_VERSION = 1;
const DIGEST_LENGTH = 32;
const HEADER_LENGTH = MAGIC.length + 1 + 8 + DIGEST_LENGTH;
const NONCE_LENGTH = 12;
const TAG_LENGTH = 16;
/** Binds the key given by the user to this one use, should the same key serve anything else too. */
const KEY_INFO = 'kura exec last-known-good file, format 1';

/**
 * What the file is bound to: the distinct paths (and --recursive, which only matters with one),
 * parameters and secret reads. Order does not change what a read returns, so it is not part of it.
 */
export function planDigest(plan: ReadPlan): Buffer {
  const sorted = (items: string[]) => [...new Set(items)].sort();
  const canonical = {
    paths: sorted(plan.paths),
    recursive: plan.paths.length > 0 && plan.recursive,
    parameters: sorted(plan.parameters),
    secrets: sorted(plan.secrets.map(readKey)),
  };
  return createHash('sha256').update(JSON.stringify(canonical)).digest();
}

export function sealFallback(key: Buffer, plan: ReadPlan, fetched: Fetched, writtenAt: Date): Buffer {
  const header = Buffer.alloc(HEADER_LENGTH);
  MAGIC.copy(header, 0);
  header.writeUInt8(FORMAT_VERSION, MAGIC.length);
  header.writeBigUInt64BE(BigInt(Math.max(0, Math.floor(writtenAt.getTime()))), MAGIC.length + 1);
  planDigest(plan).copy(header, MAGIC.length + 9);
  const nonce = randomBytes(NONCE_LENGTH);
  const cipher = createCipheriv('aes-256-gcm', fileKey(key), nonce, { authTagLength: TAG_LENGTH });
  cipher.setAAD(header);
  const body = Buffer.concat([cipher.update(JSON.stringify(toJson(fetched)), 'utf8'), cipher.final()]);
  return Buffer.concat([header, nonce, body, cipher.getAuthTag()]);
}

export type Opened = { ok: true; fetched: Fetched; writtenAt: Date; planDigest: Buffer } | { ok: false; reason: string };

/** The file's content, or why it cannot be used (never a partial result). */
export function openFallback(key: Buffer, data: Buffer): Opened {
  if (data.length < HEADER_LENGTH + NONCE_LENGTH + TAG_LENGTH || !data.subarray(0, MAGIC.length).equals(MAGIC)) {
    return { ok: false, reason: 'it is not a last-known-good file, or it is truncated' };
  }
  const version = data.readUInt8(MAGIC.length);
  if (version !== FORMAT_VERSION) return { ok: false, reason: `it is in format ${version}, and this kura reads format ${FORMAT_VERSION}` };
  const header = data.subarray(0, HEADER_LENGTH);
  const nonce = data.subarray(HEADER_LENGTH, HEADER_LENGTH + NONCE_LENGTH);
  const tag = data.subarray(data.length - TAG_LENGTH);
  let plaintext: string;
  try {
    const decipher = createDecipheriv('aes-256-gcm', fileKey(key), nonce, { authTagLength: TAG_LENGTH });
    decipher.setAAD(header);
    decipher.setAuthTag(tag);
    plaintext = Buffer.concat([decipher.update(data.subarray(HEADER_LENGTH + NONCE_LENGTH, data.length - TAG_LENGTH)), decipher.final()]).toString('utf8');
  } catch {
    return { ok: false, reason: 'it cannot be decrypted (a different key, or the file is damaged)' };
  }
  const fetched = fromJson(plaintext);
  if (!fetched) return { ok: false, reason: 'its content is not what this kura writes' };
  const writtenAt = new Date(Number(header.readBigUInt64BE(MAGIC.length + 1)));
  return { ok: true, fetched, writtenAt, planDigest: Buffer.from(header.subarray(MAGIC.length + 9)) };
}

function fileKey(key: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), KEY_INFO, 32));
}

interface FetchedJson {
  paths: Array<[string, FetchedParameter[]]>;
  values: Array<[string, string]>;
  secrets: Array<[string, SecretValue]>;
}

function toJson(fetched: Fetched): FetchedJson {
  return {
    paths: [...fetched.paths].map(([path, parameters]) => [path, parameters.map((p) => ({ name: p.name, value: p.value, ...(p.selector !== undefined ? { selector: p.selector } : {}) }))]),
    values: [...fetched.values],
    secrets: [...(fetched.secrets ?? [])].map(([read, value]) => [read, value.kind === 'string' ? { kind: 'string', text: value.text } : { kind: 'binary' }]),
  };
}

/** Authenticated, so written by a kura; still checked field by field, as a newer kura may write more. */
function fromJson(text: string): Fetched | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const { paths, values, secrets } = (json ?? {}) as Partial<Record<keyof FetchedJson, unknown>>;
  if (!pairsOf(paths, isParameterList) || !pairsOf(values, isString) || !pairsOf(secrets, isSecretValue)) return undefined;
  return { paths: new Map(paths), values: new Map(values), secrets: new Map(secrets) };
}

function pairsOf<T>(items: unknown, isValue: (value: unknown) => value is T): items is Array<[string, T]> {
  return Array.isArray(items) && items.every((item) => Array.isArray(item) && item.length === 2 && typeof item[0] === 'string' && isValue(item[1]));
}

function isString(value: unknown): value is string {
  return typeof value === 'string';
}

function isParameterList(value: unknown): value is FetchedParameter[] {
  return (
    Array.isArray(value) &&
    value.every((p: Partial<Record<keyof FetchedParameter, unknown>> | null) => p !== null && typeof p === 'object' && isString(p.name) && isString(p.value) && (p.selector === undefined || isString(p.selector)))
  );
}

function isSecretValue(value: unknown): value is SecretValue {
  const secret = value as { kind?: unknown; text?: unknown } | null;
  return secret !== null && typeof secret === 'object' && ((secret.kind === 'string' && isString(secret.text)) || secret.kind === 'binary');
}
