// Loads a CommonJS bundle through V8's code cache. Compiling the SDK's ~370 KB of JavaScript is most
// of what `kura exec` costs at start-up: with the cache written at build time after a warm-up
// (warm-up.ts), V8 deserializes compiled code instead of parsing, about 30 ms less on the machine of
// bench/exec. Node's own module.enableCompileCache (22+) would not do: it writes its cache at the
// first run, and every container starts as the first run, often on a read-only file system.
//
// The cache file is `<bundle>.cache`: the SHA-256 of the bundle's source, then V8's data. V8 itself
// checks only the source's length, its own version and flags; the digest makes a cache left over from
// another build harmless. A cache V8 rejects (another Node version) only costs the compile time.

import { createHash } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Script } from 'node:vm';

/** Node's own CommonJS wrapper; writer and reader must wrap identically for V8 to accept the cache. */
const HEAD = '(function (exports, require, module, __filename, __dirname) { ';
const TAIL = '\n})';
const DIGEST_BYTES = 32;

export interface LoadedBundle<T> {
  exports: T;
  script: Script;
  cache: 'used' | 'rejected' | 'absent';
}

export function requireWithCodeCache<T>(file: string): LoadedBundle<T> {
  const source = readFileSync(file, 'utf8');
  const cachedData = readCache(`${file}.cache`, source);
  const script = new Script(HEAD + source + TAIL, { filename: file, ...(cachedData ? { cachedData } : {}) });
  const module = { exports: {} as T };
  const wrapper = script.runInThisContext() as (exports: T, require: NodeJS.Require, module: { exports: T }, filename: string, dirname: string) => void;
  wrapper.call(module.exports, module.exports, createRequire(file), module, file, path.dirname(file));
  return { exports: module.exports, script, cache: !cachedData ? 'absent' : script.cachedDataRejected ? 'rejected' : 'used' };
}

/** Writes `<bundle>.cache` from a script that has run (so that it holds the functions compiled meanwhile). */
export function writeCodeCache(file: string, script: Script): number {
  const data = Buffer.concat([digest(readFileSync(file, 'utf8')), script.createCachedData()]);
  const temporary = `${file}.cache.${process.pid}`;
  writeFileSync(temporary, data);
  renameSync(temporary, `${file}.cache`);
  return data.length;
}

function readCache(cacheFile: string, source: string): Buffer | undefined {
  let data: Buffer;
  try {
    data = readFileSync(cacheFile);
  } catch {
    return undefined;
  }
  if (data.length <= DIGEST_BYTES || !data.subarray(0, DIGEST_BYTES).equals(digest(source))) return undefined;
  return data.subarray(DIGEST_BYTES);
}

function digest(source: string): Buffer {
  return createHash('sha256').update(source).digest();
}
