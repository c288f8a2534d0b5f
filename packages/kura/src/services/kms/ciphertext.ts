// Kura's KMS ciphertext blob (versioned; clients treat it as opaque, as they must with AWS's):
//   0      1 byte   format version (1)
//   1..16  16 bytes key id (the UUID's bytes)
//   17..20 4 bytes  key material version, big-endian
//   21..   AES-256-GCM output: nonce (12) | ciphertext | tag (16)
// The AAD is the 21-byte header followed by the canonical encryption context, so neither the key
// reference nor the context can be changed without the blob failing to open.

import { AEAD_OVERHEAD } from '../../crypto/aead.js';

const FORMAT = 1;
export const HEADER_LENGTH = 21;

export interface BlobHeader {
  keyId: string;
  materialVersion: number;
}

export function encodeHeader(header: BlobHeader): Buffer {
  const out = Buffer.alloc(HEADER_LENGTH);
  out[0] = FORMAT;
  Buffer.from(header.keyId.replace(/-/g, ''), 'hex').copy(out, 1);
  out.writeUInt32BE(header.materialVersion, 17);
  return out;
}

/** Undefined when the bytes cannot be a Kura blob (the caller answers InvalidCiphertextException). */
export function parseBlob(blob: Buffer): { header: BlobHeader; headerBytes: Buffer; sealed: Buffer } | undefined {
  if (blob.length < HEADER_LENGTH + AEAD_OVERHEAD || blob[0] !== FORMAT) return undefined;
  const hex = blob.subarray(1, 17).toString('hex');
  const keyId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  return {
    header: { keyId, materialVersion: blob.readUInt32BE(17) },
    headerBytes: blob.subarray(0, HEADER_LENGTH),
    sealed: blob.subarray(HEADER_LENGTH),
  };
}

/** A canonical, unambiguous encoding of an encryption context: sorted pairs as JSON. */
export function contextAad(context: Record<string, string>): Buffer {
  const pairs = Object.keys(context)
    .sort()
    .map((k) => [k, context[k]]);
  return Buffer.from(JSON.stringify(pairs), 'utf8');
}
