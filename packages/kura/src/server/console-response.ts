// Answers for /_kura/console/…: the console's files (console-files.ts) by exact path, with their
// caching, their encodings and the headers that confine the page. GET and HEAD only. A request
// path is only ever a key looked up in memory, never joined to a directory, so no spelling of `..`
// can reach a file the map does not hold; odd spellings are refused anyway, before the lookup.

import { randomUUID } from 'node:crypto';
import { CONSOLE_NOT_BUILT, type ConsoleFile, type ConsoleSite } from './console-files.js';

export const CONSOLE_PATH = '/_kura/console';

export function isConsolePath(pathOnly: string): boolean {
  return pathOnly === CONSOLE_PATH || pathOnly.startsWith(`${CONSOLE_PATH}/`);
}

/**
 * On every console answer, errors and redirects included. The policy fits a Vite build: modules
 * and styles linked from the page's own origin (no inline script or style: console-files.ts warns
 * of any), images also as data: URLs (Vite inlines small ones), and calls to the AWS APIs on the
 * same origin only. No CORS header is ever sent: no other origin may read any of it.
 */
export const CONSOLE_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  // Everything a page could ask the browser for that the console has no use for.
  'permissions-policy':
    'accelerometer=(), autoplay=(), camera=(), display-capture=(), encrypted-media=(), fullscreen=(), geolocation=(), gyroscope=(), hid=(), ' +
    'idle-detection=(), magnetometer=(), microphone=(), midi=(), payment=(), picture-in-picture=(), publickey-credentials-get=(), ' +
    'screen-wake-lock=(), serial=(), usb=(), xr-spatial-tracking=()',
};

const IMMUTABLE = 'public, max-age=31536000, immutable';
/** index.html and other unhashed files: kept, but checked (If-None-Match) before each use. */
const REVALIDATE = 'no-cache';

export interface ConsoleRequest {
  method: string;
  /** The request target as received: path and query. */
  rawUrl: string;
  headers: Readonly<Record<string, string | string[] | undefined>>;
}

export interface ConsoleAnswer {
  status: number;
  /** Complete, content-length included (a HEAD answer has the GET's length and no body). */
  headers: Record<string, string>;
  body: Uint8Array;
}

export const CONSOLE_OFF = 'The web console is turned off on this server (--no-console or KURA_NO_CONSOLE).';
const NO_SUCH_FILE = 'The web console has no such file.';

export function answerConsole(site: ConsoleSite, request: ConsoleRequest): ConsoleAnswer {
  const answered = route(site, request);
  // HEAD: the headers GET would have, its content-length included, and no body.
  return request.method === 'HEAD' ? { ...answered, body: Buffer.alloc(0) } : answered;
}

function route(site: ConsoleSite, request: ConsoleRequest): ConsoleAnswer {
  const [pathOnly = '', query] = splitTarget(request.rawUrl);
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return failure(405, 'MethodNotAllowedException', `The web console answers GET and HEAD, not ${request.method}.`, { allow: 'GET, HEAD' });
  }
  if (pathOnly === CONSOLE_PATH) {
    // The page's relative links resolve against the directory, so it is always reached with the slash.
    const keep = query !== undefined && /^[\x21-\x7e]*$/.test(query) ? `?${query}` : '';
    return answer(301, { location: `${CONSOLE_PATH}/${keep}` });
  }
  if (site.state === 'off') return failure(404, 'NotFoundException', CONSOLE_OFF);
  if (site.state === 'missing') return failure(404, 'NotFoundException', CONSOLE_NOT_BUILT);
  const key = fileKey(pathOnly.slice(CONSOLE_PATH.length + 1));
  const file = key === undefined ? undefined : site.files.get(key);
  if (!file) return failure(404, 'NotFoundException', NO_SUCH_FILE);
  return serveFile(file, request);
}

function splitTarget(rawUrl: string): [string, string | undefined] {
  const at = rawUrl.indexOf('?');
  return at === -1 ? [rawUrl, undefined] : [rawUrl.slice(0, at), rawUrl.slice(at + 1)];
}

/**
 * The map key a request path names, or undefined for one no file can have: percent-decoded once
 * (a file name with a space is asked for as %20), then refused when it holds a NUL or any control
 * character, a backslash, or an empty, `.` or `..` segment (`%2e%2e` included, being decoded first).
 */
export function fileKey(rest: string): string | undefined {
  if (rest === '') return 'index.html';
  let decoded: string;
  try {
    decoded = decodeURIComponent(rest);
  } catch {
    return undefined;
  }
  if (/[\p{Cc}\\]/u.test(decoded)) return undefined;
  if (decoded.split('/').some((segment) => segment === '' || segment === '.' || segment === '..')) return undefined;
  return decoded;
}

function serveFile(file: ConsoleFile, request: ConsoleRequest): ConsoleAnswer {
  const encoding = chooseEncoding(file, header(request.headers, 'accept-encoding'));
  const body = encoding === 'identity' ? file.body : file.encoded[encoding]!;
  const etag = encoding === 'identity' ? file.etag : `${file.etag.slice(0, -1)}-${encoding}"`;
  const headers: Record<string, string> = {
    etag,
    'cache-control': file.immutable ? IMMUTABLE : REVALIDATE,
    // Whether an encoded form is ready or not, what is sent depends on Accept-Encoding.
    ...(file.compressible ? { vary: 'Accept-Encoding' } : {}),
  };
  if (matches(header(request.headers, 'if-none-match'), etag)) return answer(304, headers);
  return answer(200, { ...headers, 'content-type': file.contentType, ...(encoding === 'identity' ? {} : { 'content-encoding': encoding }) }, body);
}

function header(headers: ConsoleRequest['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

/** Brotli, else gzip, when the client accepts it (q > 0, by name or by `*`) and the form is ready. */
export function chooseEncoding(file: Pick<ConsoleFile, 'encoded'>, acceptEncoding: string | undefined): 'br' | 'gzip' | 'identity' {
  if (acceptEncoding === undefined) return 'identity';
  const weights = new Map<string, number>();
  for (const part of acceptEncoding.split(',')) {
    const [name = '', ...parameters] = part.split(';').map((p) => p.trim().toLowerCase());
    const q = parameters.find((p) => p.startsWith('q='));
    weights.set(name, q === undefined ? 1 : Number(q.slice(2)) || 0);
  }
  const accepts = (coding: string) => (weights.get(coding) ?? weights.get('*') ?? 0) > 0;
  if (file.encoded.br && accepts('br')) return 'br';
  if (file.encoded.gzip && accepts('gzip')) return 'gzip';
  return 'identity';
}

/** If-None-Match by weak comparison (RFC 9110 13.1.2): `*`, or any listed tag equal to ours but for W/. */
function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  return ifNoneMatch.split(',').some((tag) => {
    const trimmed = tag.trim();
    return trimmed === '*' || trimmed.replace(/^W\//, '') === etag;
  });
}

function failure(status: number, code: string, message: string, extra: Record<string, string> = {}): ConsoleAnswer {
  // As Kura's other /_kura routes answer: JSON, with the error's type also in a header.
  const body = Buffer.from(JSON.stringify({ __type: code, message }));
  return answer(status, { 'content-type': 'application/json', 'cache-control': 'no-store', 'x-amzn-requestid': randomUUID(), 'x-amzn-errortype': code, ...extra }, body);
}

function answer(status: number, headers: Record<string, string>, body: Uint8Array = Buffer.alloc(0)): ConsoleAnswer {
  const length: Record<string, string> = status === 304 ? {} : { 'content-length': String(body.length) };
  return { status, headers: { ...CONSOLE_HEADERS, ...headers, ...length }, body };
}
