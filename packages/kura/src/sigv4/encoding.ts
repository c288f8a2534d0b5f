// Byte-level helpers for SigV4: percent-decoding and AWS's URI encoding, hashing and HMAC.
// Everything works on bytes, not on JavaScript strings, so that malformed escapes or invalid
// UTF-8 can never make a decoder throw: a verifier must answer every input with a verdict.

import crypto, { createHash, createHmac } from 'node:crypto';

/** RFC 3986 unreserved characters, which SigV4 leaves as they are. */
function isUnreserved(byte: number): boolean {
  return (
    (byte >= 0x41 && byte <= 0x5a) || // A-Z
    (byte >= 0x61 && byte <= 0x7a) || // a-z
    (byte >= 0x30 && byte <= 0x39) || // 0-9
    byte === 0x2d || // -
    byte === 0x2e || // .
    byte === 0x5f || // _
    byte === 0x7e // ~
  );
}

const HEX_UPPER = '0123456789ABCDEF';

function hexValue(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  if (code >= 0x41 && code <= 0x46) return code - 0x41 + 10;
  if (code >= 0x61 && code <= 0x66) return code - 0x61 + 10;
  return -1;
}

/**
 * Percent-decodes `text` into bytes. Characters that are not part of a `%XX` escape stand for
 * their own UTF-8 bytes (node never hands us raw non-ASCII in a URL, but AWS's test suite writes
 * `ሴ` unescaped). A `%` not followed by two hex digits stays a literal `%`, and `+` stays a
 * literal `+`: SigV4 is not form-decoding, and SDKs send a space as `%20`.
 */
export function percentDecode(text: string): Buffer {
  const input = Buffer.from(text, 'utf8');
  const out = Buffer.alloc(input.length);
  let length = 0;
  for (let i = 0; i < input.length; i++) {
    const byte = input[i] as number;
    if (byte === 0x25 && i + 2 < input.length) {
      const high = hexValue(input[i + 1] as number);
      const low = hexValue(input[i + 2] as number);
      if (high >= 0 && low >= 0) {
        out[length++] = high * 16 + low;
        i += 2;
        continue;
      }
    }
    out[length++] = byte;
  }
  return out.subarray(0, length);
}

/** AWS's URI encoding: every byte outside the unreserved set (and `/` when kept) as `%XX`. */
export function uriEncodeBytes(bytes: Uint8Array, keepSlash: boolean): string {
  let out = '';
  for (const byte of bytes) {
    if (isUnreserved(byte) || (keepSlash && byte === 0x2f)) out += String.fromCharCode(byte);
    else out += '%' + HEX_UPPER[byte >> 4] + HEX_UPPER[byte & 0x0f];
  }
  return out;
}

/**
 * The bytes a canonical request stands for. Header values come from node as latin1 strings (one
 * character per byte received), and everything else in a canonical request is ASCII, so latin1
 * gives back exactly the bytes the client hashed. A character above U+00FF cannot have come off
 * the wire; such strings (built in code, not received) are taken as UTF-8.
 */
export function wireBytes(text: string): Buffer {
  // eslint-disable-next-line no-control-regex
  return /[^\u0000-\u00ff]/.test(text) ? Buffer.from(text, 'utf8') : Buffer.from(text, 'latin1');
}

// crypto.hash (Node ≥ 20.12) hashes in one call, without a Hash object per digest.
const oneShotHash = (crypto as { hash?: (algorithm: string, data: Uint8Array, encoding: 'hex') => string }).hash;

export function sha256Hex(data: Uint8Array | string): string {
  const bytes = typeof data === 'string' ? wireBytes(data) : data;
  return oneShotHash ? oneShotHash('sha256', bytes, 'hex') : createHash('sha256').update(bytes).digest('hex');
}

export function hmacSha256(key: Uint8Array | string, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

/** True for 64 lower-case hex characters: the only shape a SHA-256 hex digest takes. */
export function isLowerHex64(value: string): boolean {
  return /^[0-9a-f]{64}$/.test(value);
}
