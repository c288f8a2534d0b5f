// The web console's static files (packages/console, a Vite build), read once at start into memory:
// a few hundred KB, so no request touches the disk and no request path ever reaches the file
// system. A request names a file only by an exact key of the map built here (console-response.ts).
// Their gzip and brotli forms are made at load too, off the main thread (zlib's thread pool), so
// that start-up does not wait for them: until they are ready a file is sent as it is.

import { closeSync, constants, fstatSync, lstatSync, openSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createHash } from 'node:crypto';
import zlib from 'node:zlib';
import { ConfigError, type ServeConfig } from './config.js';
import type { Logger } from './logger.js';

export interface ConsoleFile {
  /** Under assets/: Vite names them by their content's hash, so they are cached for a year. */
  immutable: boolean;
  contentType: string;
  /** The strong ETag of the file as it is; its encoded forms have their own (`"…-br"`, `"…-gzip"`). */
  etag: string;
  body: Buffer;
  /** Filled once compressed, only when it saves something. */
  encoded: { br?: Buffer; gzip?: Buffer };
  /** Whether an encoded form may be made (text, scripts, styles, SVG): the answer then varies by Accept-Encoding. */
  compressible: boolean;
}

export type ConsoleSite =
  | { state: 'served'; files: ReadonlyMap<string, ConsoleFile>; compressed: Promise<void> }
  /** The default directory has no build (a source checkout): the route says how to make one. */
  | { state: 'missing' }
  | { state: 'off' };

declare const KURA_CONSOLE_DIR: string | undefined;

/**
 * Built, the console is copied beside the bundle (packages/kura/dist/console, scripts/build.mjs
 * defines KURA_CONSOLE_DIR); run from source, it is the console workspace's own build output.
 */
export function defaultConsoleDir(): string {
  return fileURLToPath(new URL(typeof KURA_CONSOLE_DIR === 'string' ? KURA_CONSOLE_DIR : '../../../console/dist/', import.meta.url));
}

export const CONSOLE_NOT_BUILT = "This server has no web console: it was started from a source checkout where the console is not built. Run 'npm run build -w packages/console' in the Kura repository, then restart kura serve.";

/** Bounds that keep a mistaken --console-dir (a home directory, /) from being read into memory. */
const MAX_FILES = 1000;
const MAX_BYTES = 32 * 1024 * 1024;

/** A name a URL can name plainly: no control characters, no backslash (a Windows separator), not hidden. */
const SERVABLE_NAME = /^(?!\.)[^\\\p{Cc}]+$/u;

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
};

export class ConsoleDirError extends Error {}

export interface LoadedConsole {
  files: Map<string, ConsoleFile>;
  /** Entries left out (relative paths and why): links leading outside the directory, hidden or odd names, special files. */
  skipped: string[];
  /** What in index.html the console's Content-Security-Policy would block (an inline script or style). */
  blockedByPolicy: string[];
}

/** Reads every file under `dir` (the key is its path relative to `dir`, `/`-separated). Throws ConsoleDirError. */
export function loadConsoleFiles(dir: string): LoadedConsole {
  let root: string;
  try {
    root = realpathSync(dir);
  } catch (error) {
    throw new ConsoleDirError((error as NodeJS.ErrnoException).code === 'ENOENT' ? 'it does not exist' : `it cannot be read (${(error as NodeJS.ErrnoException).code})`);
  }
  if (!statSync(root).isDirectory()) throw new ConsoleDirError('it is not a directory');
  const loaded: LoadedConsole = { files: new Map(), skipped: [], blockedByPolicy: [] };
  let bytes = 0;
  const add = (key: string, file: string) => {
    const body = readRegularFile(file);
    if (body === undefined) return loaded.skipped.push(`${key} (not a regular file)`);
    bytes += body.length;
    if (loaded.files.size >= MAX_FILES || bytes > MAX_BYTES) throw new ConsoleDirError(`it holds more than ${MAX_FILES} files or ${MAX_BYTES / 1024 / 1024} MiB: is it a console build?`);
    loaded.files.set(key, describe(key, body));
  };
  const walk = (relative: string) => {
    const entries = readdirSync(path.join(root, relative), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const entry of entries) {
      const key = relative === '' ? entry.name : `${relative}/${entry.name}`;
      const full = path.join(root, key);
      if (!SERVABLE_NAME.test(entry.name)) loaded.skipped.push(`${key} (a hidden or unusual name)`);
      else if (entry.isDirectory()) walk(key);
      else if (entry.isFile()) add(key, full);
      else if (entry.isSymbolicLink()) {
        // Followed only to a file inside the directory: a link must not publish what lies outside.
        const target = realTarget(full);
        if (target === undefined) loaded.skipped.push(`${key} (a dangling link)`);
        else if (!isInside(root, target)) loaded.skipped.push(`${key} (a link leading outside the directory)`);
        else if (!lstatSync(target).isFile()) loaded.skipped.push(`${key} (a link to a directory, not followed)`);
        else add(key, target);
      } else loaded.skipped.push(`${key} (not a regular file)`);
    }
  };
  walk('');
  const index = loaded.files.get('index.html');
  if (!index) throw new ConsoleDirError('it has no index.html: is it a console build?');
  loaded.blockedByPolicy = inlineContent(index.body.toString('utf8'));
  return loaded;
}

/** The file's bytes, opened without following a link (one swapped in since the listing is refused); undefined unless a regular file. */
function readRegularFile(file: string): Buffer | undefined {
  const fd = openSync(file, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
  try {
    return fstatSync(fd).isFile() ? readFileSync(fd) : undefined;
  } finally {
    closeSync(fd);
  }
}

function realTarget(link: string): string | undefined {
  try {
    return realpathSync(link);
  } catch {
    return undefined; // a dangling link
  }
}

function isInside(root: string, target: string): boolean {
  const relative = path.relative(root, target);
  return relative !== '' && relative.split(path.sep)[0] !== '..' && !path.isAbsolute(relative);
}

function describe(key: string, body: Buffer): ConsoleFile {
  const extension = path.extname(key).toLowerCase();
  const contentType = TYPES[extension] ?? 'application/octet-stream';
  const compressible = /^(text\/|application\/(json|manifest\+json|wasm)|image\/svg\+xml)/.test(contentType) && body.length >= 256;
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
  return { immutable: key.startsWith('assets/'), contentType, etag, body, encoded: {}, compressible };
}

/**
 * What a Vite build should never hold, and the policy would block: an inline <script> (Vite links
 * its modules with src), a <style> element, a style attribute or an on* handler.
 */
export function inlineContent(html: string): string[] {
  const found: string[] = [];
  if (/<script\b(?![^>]*\bsrc\s*=)[^>]*>/i.test(html)) found.push('an inline <script>');
  if (/<style\b/i.test(html)) found.push('a <style> element');
  if (/<[a-z][^>]*\sstyle\s*=/i.test(html)) found.push('a style attribute');
  if (/<[a-z][^>]*\son[a-z]+\s*=/i.test(html)) found.push('an on… event handler attribute');
  return found;
}

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/** Fills each compressible file's encoded forms (kept only when they are smaller). Never rejects. */
export async function compressConsoleFiles(files: ReadonlyMap<string, ConsoleFile>): Promise<void> {
  await Promise.all(
    [...files.values()]
      .filter((file) => file.compressible)
      .map(async (file) => {
        const [br, gz] = await Promise.all([
          // Quality 9: within a few percent of 11 at a twentieth of the time.
          brotli(file.body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 9, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: file.body.length } }),
          gzip(file.body, { level: 9 }),
        ]);
        if (br.length < file.body.length * 0.95) file.encoded.br = br;
        if (gz.length < file.body.length * 0.95) file.encoded.gzip = gz;
      }),
  ).catch(() => undefined); // a file stays uncompressed: still served
}

/**
 * The console as `kura serve` is configured: off; a --console-dir that must load (a ConfigError
 * otherwise: the operator asked for it); or the default directory, whose absence (a source
 * checkout not built) is one log line and a route that says how to build it.
 */
export function openConsole(setting: ServeConfig['console'], logger: Logger, defaultDir = defaultConsoleDir()): ConsoleSite {
  if (setting === false) return { state: 'off' };
  const dir = setting.dir ?? defaultDir;
  let loaded: LoadedConsole;
  try {
    loaded = loadConsoleFiles(dir);
  } catch (error) {
    if (!(error instanceof ConsoleDirError)) throw error;
    if (setting.dir !== undefined) throw new ConfigError(`--console-dir ${dir}: ${error.message}`);
    logger.log('warn', "the web console is not built: /_kura/console/ answers 404 until 'npm run build -w packages/console' is run and the server restarted", { dir, reason: error.message });
    return { state: 'missing' };
  }
  if (loaded.skipped.length > 0) logger.log('warn', 'web console files left out', { dir, skipped: loaded.skipped.slice(0, 20) });
  if (loaded.blockedByPolicy.length > 0) {
    logger.log('warn', "the web console's index.html holds what its Content-Security-Policy blocks", { dir, found: loaded.blockedByPolicy });
  }
  return { state: 'served', files: loaded.files, compressed: compressConsoleFiles(loaded.files) };
}
