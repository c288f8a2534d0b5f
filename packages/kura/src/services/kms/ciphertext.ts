// Kura's KMS ciphertext blob (versioned; clients treat it as opaque, as they must with AWS's).
// Format 2, written today:
//   0      1 byte   format version (2)
//   1..16  16 bytes key id (the UUID's bytes)
//   17..20 4 bytes  key material version, big-endian
//   21..24 4 bytes  header check: the first 4 bytes of SHA-256(bytes 0..20)
//   25..   AES-256-GCM output: nonce (12) | ciphertext | tag (16)
// Format 1 (the first release) is format 2 without the header check; it is still read.
// The AAD is the whole header followed by the canonical encryption context, so neither the key
// reference nor the context can be changed without the blob failing to open. The header check is
// not a secret: it tells a damaged header (InvalidCiphertextException, like any other altered byte)
// from an intact blob whose key is simply not here (deleted, or another region: AccessDenied, as AWS).

import { createHash } from 'node:crypto';
import { AEAD_OVERHEAD } from '../../crypto/aead.js';

const FORMAT_V1 = 1;
const FORMAT_V2 = 2;
const V1_HEADER_LENGTH = 21;
export const HEADER_LENGTH = 25;

export interface BlobHeader {
  keyId: string;
  materialVersion: number;
}

const check = (bytes: Buffer) => createHash('sha256').update(bytes).digest().subarray(0, 4);

export function encodeHeader(header: BlobHeader): Buffer {
  const out = Buffer.alloc(HEADER_LENGTH);
  out[0] = FORMAT_V2;
  Buffer.from(header.keyId.replace(/-/g, ''), 'hex').copy(out, 1);
  out.writeUInt32BE(header.materialVersion, 17);
  check(out.subarray(0, V1_HEADER_LENGTH)).copy(out, V1_HEADER_LENGTH);
  return out;
}

/** Undefined when the bytes cannot be a Kura blob (the caller answers InvalidCiphertextException). */
export function parseBlob(blob: Buffer): { header: BlobHeader; headerBytes: Buffer; sealed: Buffer } | undefined {
  const format = blob[0];
  const headerLength = format === FORMAT_V2 ? HEADER_LENGTH : format === FORMAT_V1 ? V1_HEADER_LENGTH : undefined;
  if (headerLength === undefined || blob.length < headerLength + AEAD_OVERHEAD) return undefined;
  if (format === FORMAT_V2 && !check(blob.subarray(0, V1_HEADER_LENGTH)).equals(blob.subarray(V1_HEADER_LENGTH, HEADER_LENGTH))) {
    return undefined;
  }
  const hex = blob.subarray(1, 17).toString('hex');
  const keyId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  return {
    header: { keyId, materialVersion: blob.readUInt32BE(17) },
    headerBytes: blob.subarray(0, headerLength),
    sealed: blob.subarray(headerLength),
  };
}

/** A canonical, unambiguous encoding of an encryption context: sorted pairs as JSON. */
export function contextAad(context: Record<string, string>): Buffer {
  const pairs = Object.keys(context)
    .sort()
    .map((k) => [k, context[k]]);
  return Buffer.from(JSON.stringify(pairs), 'utf8');
}
