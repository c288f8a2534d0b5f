// The two date forms a SigV4 request may carry, parsed strictly: X-Amz-Date in ISO 8601 basic
// format, or (when that is absent) the HTTP Date header in RFC 1123 form. Anything looser would let
// two different strings name one instant, and the string is part of what is signed.

/** Parses `YYYYMMDD'T'HHMMSS'Z'`; undefined unless it is exactly that and a real instant. */
export function parseAmzDate(value: string): Date | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s] = match.map(Number) as [number, number, number, number, number, number, number];
  return validInstant(y, mo, d, h, mi, s);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** Parses an RFC 1123 date (`Sun, 06 Nov 1994 08:49:37 GMT`); undefined for anything else. */
export function parseHttpDate(value: string): Date | undefined {
  const match = /^(Sun|Mon|Tue|Wed|Thu|Fri|Sat), (\d{2}) ([A-Z][a-z]{2}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$/.exec(value);
  if (!match) return undefined;
  const month = MONTHS.indexOf(match[3] as string) + 1;
  if (month === 0) return undefined;
  const date = validInstant(Number(match[4]), month, Number(match[2]), Number(match[5]), Number(match[6]), Number(match[7]));
  // A weekday that contradicts the date is a malformed date, not a detail to skip over.
  if (date && WEEKDAYS[date.getUTCDay()] !== match[1]) return undefined;
  return date;
}

function validInstant(y: number, mo: number, d: number, h: number, mi: number, s: number): Date | undefined {
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  // Date.UTC rolls 31 February into March; a round trip catches every out-of-range field.
  if (
    date.getUTCFullYear() !== y ||
    date.getUTCMonth() !== mo - 1 ||
    date.getUTCDate() !== d ||
    date.getUTCHours() !== h ||
    date.getUTCMinutes() !== mi ||
    date.getUTCSeconds() !== s
  ) {
    return undefined;
  }
  return date;
}

/** `YYYYMMDD'T'HHMMSS'Z'`, milliseconds dropped: the form AWS signs and quotes in its messages. */
export function isoBasic(date: Date): string {
  const ms = date.getTime();
  if (!Number.isFinite(ms)) return 'invalid-date';
  const clamped = new Date(Math.min(Math.max(ms, -62135596800000), 253402300799000));
  // Years 1–9999 only (clamped above), so toISOString always gives `YYYY-MM-DDTHH:MM:SS.sssZ`.
  const iso = clamped.toISOString();
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
}
