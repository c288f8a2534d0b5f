// application/x-www-form-urlencoded, decoded strictly. URLSearchParams decodes `%FF`, an encoded
// lone surrogate (`%ED%A0%80`) or raw bytes that are not UTF-8 into U+FFFD, so a value would be
// stored differently from what was sent; here any of them makes the whole form unreadable. The
// rest follows URLSearchParams: `&` separates pairs, the first `=` splits a pair, `+` is a space
// (unless the caller has already made it `%2B`), and a `%` not followed by two hex digits stays.

import { decodeUtf8 } from './utf8.js';

/** Thrown for a form whose bytes, or whose percent-decoded bytes, are not valid UTF-8. */
export class MalformedForm extends Error {
  constructor() {
    super('the form is not valid UTF-8 once percent-decoded');
    this.name = 'MalformedForm';
  }
}

export function parseForm(input: string | Buffer): URLSearchParams {
  const text = typeof input === 'string' ? input : decodeUtf8(input);
  if (text === undefined) throw new MalformedForm();
  const params = new URLSearchParams();
  for (const pair of text.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const name = eq < 0 ? pair : pair.slice(0, eq);
    const value = eq < 0 ? '' : pair.slice(eq + 1);
    params.append(percentDecode(name), percentDecode(value));
  }
  return params;
}

const HEX = /^[0-9a-fA-F]{2}$/;

function percentDecode(component: string): string {
  const spaced = component.replace(/\+/g, ' ');
  if (!spaced.includes('%')) return spaced;
  const bytes: number[] = [];
  for (let i = 0; i < spaced.length; ) {
    const hex = spaced.slice(i + 1, i + 3);
    if (spaced[i] === '%' && HEX.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      i += 3;
      continue;
    }
    // Characters outside `%XX` are already text: keep their own UTF-8 bytes (a whole code point).
    const codePoint = spaced.codePointAt(i) as number;
    const char = String.fromCodePoint(codePoint);
    for (const byte of Buffer.from(char, 'utf8')) bytes.push(byte);
    i += char.length;
  }
  const decoded = decodeUtf8(Uint8Array.from(bytes));
  if (decoded === undefined) throw new MalformedForm();
  return decoded;
}
