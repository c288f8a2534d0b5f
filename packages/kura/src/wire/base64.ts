// Strict base64 for blob members. Node's decoder skips anything it does not understand, so a
// ciphertext with a stray character would silently decode to other bytes; AWS rejects it instead.
// The reasons are AWS's texts (DynamoDB's, recorded against the real service; "dectected" sic).

export type Base64Result = { ok: true; bytes: Buffer } | { ok: false; reason: string };

const ALPHABET = /^[A-Za-z0-9+/=]*$/;

export function decodeBase64(text: string): Base64Result {
  if (text.length % 4 !== 0) {
    return { ok: false, reason: `Base64 encoded length is expected a multiple of 4 bytes but found: ${text.length}` };
  }
  if (!ALPHABET.test(text)) {
    // Only the offending character is named, never the value: blobs are often secrets.
    const bad = [...text].find((c) => !/[A-Za-z0-9+/=]/.test(c)) ?? '';
    return { ok: false, reason: `Invalid Base64 character: '${bad}'` };
  }
  const firstPad = text.indexOf('=');
  const bytes = Buffer.from(text, 'base64');
  if ((firstPad !== -1 && firstPad < text.length - 2) || /=[^=]/.test(text) || bytes.toString('base64') !== text) {
    return { ok: false, reason: 'Invalid last non-pad Base64 character dectected' };
  }
  return { ok: true, bytes };
}
