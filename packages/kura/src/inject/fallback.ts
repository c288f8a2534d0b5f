// `kura exec --fallback FILE`: the last-known-good file. After every complete read Kura keeps what it
// read in FILE, encrypted (fallback-format.ts) under a key the runtime hands it in a variable; when
// the store cannot be reached at start, and only then, the program starts from the file if it is
// recent enough. The key is not a KMS key on purpose: the file is needed exactly when the store is
// down, and KMS is reached through the same server or region as SSM and Secrets Manager; a key
// delivered by the runtime (an ECS task definition secret, a mounted file) does not depend on it.
// Messages name the file and the variable, never a value.

import { closeSync, fchmodSync, fstatSync, fsyncSync, openSync, readSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { describeFailure, ExecError, EXIT, isExecError } from './errors.js';
import { openFallback, planDigest, sealFallback } from './fallback-format.js';
import type { Fetched, ReadPlan } from './fetch.js';
import type { FallbackOptions } from './options.js';
import { isUnreachableFailure } from './unreachable.js';

const KEY_BYTES = 32;
const MAKE_ONE = 'make one with: openssl rand -base64 32';
/** A clock set a little differently on the machine that wrote the file is not a reason to refuse it. */
export const FUTURE_TOLERANCE_SECONDS = 5 * 60;
/** Far beyond any read (a secret is at most 64 KiB); a bigger file is not one of ours. */
const MAX_FILE_BYTES = 64 * 1024 * 1024;

/** The 32-byte key in `keyEnv`, given as base64 (44 characters) or hex (64). */
export function fallbackKey(env: NodeJS.ProcessEnv, keyEnv: string): Buffer {
  const text = (env[keyEnv] ?? '').trim(); // a key read from a file often ends with a newline
  if (text === '') throw new ExecError(`--fallback-key-env ${keyEnv}: the variable is not set; it must hold a 32-byte key (${MAKE_ONE})`, EXIT.usage);
  if (/^[0-9a-fA-F]{64}$/.test(text)) return Buffer.from(text, 'hex');
  if (/^[A-Za-z0-9+/]{43}=$/.test(text)) {
    const key = Buffer.from(text, 'base64');
    if (key.length === KEY_BYTES) return key;
  }
  throw new ExecError(`--fallback-key-env ${keyEnv}: not a 32-byte key as base64 (44 characters) or hex (64 characters); ${MAKE_ONE}`, EXIT.usage);
}

/**
 * Replaces FILE whole with this read: a temporary file beside it (mode 0600 from its creation),
 * flushed, renamed over FILE, and the directory flushed, so that a crash leaves the old file or the
 * new one, never a mix. Throws on any I/O failure, naming the file and the error code.
 */
export function saveFallback(options: FallbackOptions, key: Buffer, plan: ReadPlan, fetched: Fetched, now: Date): void {
  const data = sealFallback(key, plan, fetched, now);
  const dir = path.dirname(options.file);
  const temp = path.join(dir, `.${path.basename(options.file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  let fd: number | undefined;
  let created = false;
  try {
    fd = ioStep(`cannot create a temporary file in ${dir}`, () => openSync(temp, 'wx', 0o600));
    const opened = fd;
    created = true;
    // The umask may only have removed bits; set exactly 0600 so that the owner can always read it back.
    ioStep(`cannot write ${temp}`, () => {
      fchmodSync(opened, 0o600);
      for (let offset = 0; offset < data.length; ) offset += writeSync(opened, data, offset);
      fsyncSync(opened);
    });
    closeSync(opened);
    fd = undefined;
    ioStep(`cannot replace ${options.file}`, () => renameSync(temp, options.file));
  } catch (error) {
    if (fd !== undefined) closeSync(fd);
    if (created) {
      try {
        unlinkSync(temp);
      } catch {
        // best effort: the failure being thrown is what matters
      }
    }
    throw error;
  }
  syncDirectory(dir);
}

/**
 * The read kept in the file, when the read at start failed with `cause` because the store could not
 * be reached. Anything that makes the file unusable is an ExecError (exit 3) whose message is the
 * original failure followed by why the file cannot be used.
 */
export function loadFallback(options: FallbackOptions, key: Buffer, plan: ReadPlan, now: Date, cause: unknown): { fetched: Fetched; writtenAt: Date } {
  const refuse = (reason: string) => new ExecError(`${describeFailure(cause)}; the last-known-good file ${options.file} cannot be used: ${reason}`, EXIT.fetch);
  const data = readWhole(options.file, refuse);
  const opened = openFallback(key, data);
  if (!opened.ok) throw refuse(opened.reason);
  if (!opened.planDigest.equals(planDigest(plan))) throw refuse('it was written for other sources (--path, --map, --secret, --file or a reference has changed since)');
  const ageSeconds = (now.getTime() - opened.writtenAt.getTime()) / 1000;
  if (ageSeconds < -FUTURE_TOLERANCE_SECONDS) throw refuse(`it was written ${formatDuration(-ageSeconds)} in the future (${opened.writtenAt.toISOString()}); check the clock`);
  if (ageSeconds > options.maxAgeSeconds) throw refuse(`it is ${formatDuration(ageSeconds)} old, older than --fallback-max-age ${formatDuration(options.maxAgeSeconds)}`);
  return { fetched: opened.fetched, writtenAt: opened.writtenAt };
}

/**
 * True only when `error` (a read's failure) means the store could not be reached. fetch.ts decides
 * on the raw error and records it on the ExecError; checked by shape, not instanceof, because the
 * SDK bundles carry their own copy of the class.
 */
export function isUnreachable(error: unknown): boolean {
  if (isExecError(error)) return (error as { unreachable?: unknown }).unreachable === true;
  return isUnreachableFailure(error);
}

function readWhole(file: string, refuse: (reason: string) => ExecError): Buffer {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw refuse(code === 'ENOENT' ? 'it does not exist' : `it cannot be read (${code ?? 'error'})`);
  }
  try {
    const { size } = fstatSync(fd);
    if (size > MAX_FILE_BYTES) throw refuse(`it is ${size} bytes, more than any last-known-good file`);
    const data = Buffer.alloc(size);
    let offset = 0;
    while (offset < size) {
      const got = readSync(fd, data, offset, size - offset, offset);
      if (got === 0) break;
      offset += got;
    }
    return data.subarray(0, offset);
  } catch (error) {
    if (isExecError(error)) throw error;
    throw refuse(`it cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  } finally {
    closeSync(fd);
  }
}

function ioStep<T>(what: string, step: () => T): T {
  try {
    return step();
  } catch (error) {
    throw new Error(`${what} (${(error as NodeJS.ErrnoException).code ?? 'error'})`, { cause: error });
  }
}

/** Makes the rename durable. A file system that cannot flush a directory (EINVAL) is left as it is. */
function syncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EINVAL' && code !== 'ENOTSUP' && code !== 'EISDIR') throw new Error(`cannot flush ${dir} (${code ?? 'error'})`, { cause: error });
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** `42s`, `1.5s`, `17m 3s`, `26h 3m`, `3d 4h`: two units at most; days only from 2 days, so that 24h reads as 24h. */
export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${Math.round(seconds * 10) / 10}s`;
  const units: Array<[string, number]> = seconds >= 2 * 86400 ? [['d', 86400], ['h', 3600], ['m', 60], ['s', 1]] : [['h', 3600], ['m', 60], ['s', 1]];
  let rest = Math.floor(seconds);
  const parts: string[] = [];
  for (const [unit, size] of units) {
    const count = Math.floor(rest / size);
    rest -= count * size;
    if (count > 0 || parts.length > 0) parts.push(`${count}${unit}`);
  }
  return parts
    .slice(0, 2)
    .filter((part) => !/^0/.test(part))
    .join(' ');
}
