// Strict text for request bodies. Node's default decoding replaces invalid UTF-8 with U+FFFD, and
// JSON.parse turns a `\ud800` escape into a lone surrogate that becomes U+FFFD (or `?`) when it is
// written out again: either way what is stored and read back differs from what was sent. Both are
// refused at the wire instead, so no value changes on its way in.

const strict = new TextDecoder('utf-8', { fatal: true });

/** The text of `bytes`, or undefined when they are not valid UTF-8 (overlong forms and encoded surrogates included). */
export function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return strict.decode(bytes);
  } catch {
    return undefined;
  }
}

// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function hasLoneSurrogate(text: string): boolean {
  return LONE_SURROGATE.test(text);
}

// Valid UTF-8 decodes to well-formed text, so after strict decoding a surrogate can only come from
// a `\uD800`–`\uDFFF` escape: a JSON text without one needs no walk.
const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F]/;

/**
 * Whether the value JSON.parse made of `text` holds a lone surrogate in any string or object key.
 * The walk is iterative: a hostile body nests deeper than the call stack would allow.
 */
export function jsonHoldsLoneSurrogate(text: string, value: unknown): boolean {
  if (!SURROGATE_ESCAPE.test(text)) return false;
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const next = pending.pop();
    if (typeof next === 'string') {
      if (hasLoneSurrogate(next)) return true;
    } else if (Array.isArray(next)) {
      // One by one: spreading a very long array into push() would overflow the stack.
      for (const item of next) pending.push(item);
    } else if (next !== null && typeof next === 'object') {
      for (const [key, entry] of Object.entries(next)) {
        if (hasLoneSurrogate(key)) return true;
        pending.push(entry);
      }
    }
  }
  return false;
}
