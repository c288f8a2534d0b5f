// Typed readings of condition values, shared by policy values (read once, when a policy is
// compiled) and request values (read per request). Every reader returns undefined for text it
// cannot read; the comparison then fails for that value, so a malformed value can never satisfy
// a positive operator.

import { Buffer } from 'node:buffer';
import { isIPv4, isIPv6 } from 'node:net';

/** Decimal numbers as AWS writes them (`10`, `-1.5`, `1e3`). */
export function readNumber(text: string): number | undefined {
  if (!/^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/.test(text)) return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}

const DATE = /^(-?\d+)(?:-(\d{1,2}))?(?:-(\d{1,2}))?(?:t(\d{0,2})(?::(\d{1,2}))?(?::(\d{1,2})(?:\.(\d{1,9}))?)?)?(z|[+-]\d{2}(?::?\d{2})?)?$/;

/** Milliseconds since the epoch. Accepts epoch seconds (digits only) and the ISO 8601 forms AWS
 * accepts, including its lenient ones (`2016-12-13t2:00:00.5+23`, a bare year, `01T`); a missing
 * month or day is the first, missing time parts are zero, a missing offset is UTC. */
export function readDate(text: string): number | undefined {
  if (/^\d+$/.test(text)) {
    const seconds = Number(text);
    return Number.isSafeInteger(seconds * 1000) ? seconds * 1000 : undefined;
  }
  const m = DATE.exec(text.toLowerCase());
  if (m === null) return undefined;
  const num = (s: string | undefined, fallback: number): number => (s === undefined || s === '' ? fallback : Number(s));
  const date = new Date(0);
  date.setUTCFullYear(num(m[1], 0), num(m[2], 1) - 1, num(m[3], 1));
  const fraction = m[7] === undefined ? 0 : Math.floor(Number(`0.${m[7]}`) * 1000);
  date.setUTCHours(num(m[4], 0), num(m[5], 0), num(m[6], 0), fraction);
  let ms = date.getTime();
  const zone = m[8];
  if (zone !== undefined && zone !== 'z') {
    const z = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone);
    if (z === null) return undefined;
    const minutes = Number(z[2]) * 60 + num(z[3], 0);
    ms -= (z[1] === '-' ? -1 : 1) * minutes * 60_000;
  }
  return Number.isFinite(ms) ? ms : undefined;
}

export interface IpValue {
  readonly version: 4 | 6;
  readonly value: bigint;
}

export interface Cidr extends IpValue {
  readonly prefix: number;
}

function ipv4Bits(text: string): bigint {
  return text.split('.').reduce((acc, octet) => (acc << 8n) | BigInt(Number(octet)), 0n);
}

function ipv6Bits(text: string): bigint | undefined {
  let groups: string[];
  let tail = text;
  let v4: bigint | undefined;
  const lastColon = text.lastIndexOf(':');
  if (text.includes('.')) {
    v4 = ipv4Bits(text.slice(lastColon + 1));
    tail = `${text.slice(0, lastColon + 1)}0:0`;
  }
  const halves = tail.split('::');
  if (halves.length > 2) return undefined;
  const head = halves[0] === '' ? [] : (halves[0] ?? '').split(':');
  const rest = halves.length === 2 ? (halves[1] === '' ? [] : (halves[1] ?? '').split(':')) : [];
  if (halves.length === 2) groups = [...head, ...Array<string>(8 - head.length - rest.length).fill('0'), ...rest];
  else groups = head;
  if (groups.length !== 8) return undefined;
  let bits = groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n);
  if (v4 !== undefined) bits = (bits & ~0xffffffffn) | v4;
  return bits;
}

/** An IPv4 or IPv6 address (no zone ids, no prefix). */
export function readIp(text: string): IpValue | undefined {
  if (isIPv4(text)) return { version: 4, value: ipv4Bits(text) };
  if (isIPv6(text) && !text.includes('%')) {
    const value = ipv6Bits(text);
    return value === undefined ? undefined : { version: 6, value };
  }
  return undefined;
}

/** `203.0.113.0/24`, `2001:DB8::/64`, or a bare address (AWS then assumes /32, and /128 for v6). */
export function readCidr(text: string): Cidr | undefined {
  const slash = text.indexOf('/');
  const ip = readIp(slash < 0 ? text : text.slice(0, slash));
  if (ip === undefined) return undefined;
  const max = ip.version === 4 ? 32 : 128;
  if (slash < 0) return { ...ip, prefix: max };
  const suffix = text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(suffix) || Number(suffix) > max) return undefined;
  return { ...ip, prefix: Number(suffix) };
}

export function cidrContains(cidr: Cidr, ip: IpValue): boolean {
  if (cidr.version !== ip.version) return false;
  const width = BigInt(cidr.version === 4 ? 32 : 128);
  const hostBits = width - BigInt(cidr.prefix);
  return ip.value >> hostBits === cidr.value >> hostBits;
}

/** Base64 normalized to its canonical form, so padding and line breaks do not matter; undefined
 * for text that is not base64. */
export function readBase64(text: string): string | undefined {
  const compact = text.replace(/[\r\n]/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) return undefined;
  return Buffer.from(compact, 'base64').toString('base64');
}
