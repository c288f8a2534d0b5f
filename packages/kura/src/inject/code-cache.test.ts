import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { requireWithCodeCache, writeCodeCache } from './code-cache.js';

const dir = mkdtempSync(path.join(tmpdir(), 'kura-code-cache-test-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Whether a fresh node uses the cache. In this process V8 would find the script in its own
 * compilation cache and never look at the file, so the answer has to come from another process.
 */
function cacheStatusInFreshNode(bundle: string): string {
  const code = `import { requireWithCodeCache } from ${JSON.stringify(path.join(import.meta.dirname, 'code-cache.ts'))}; process.stdout.write(requireWithCodeCache(${JSON.stringify(bundle)}).cache);`;
  return execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { encoding: 'utf8' });
}

describe('loading a bundle through the V8 code cache', () => {
  const bundle = path.join(dir, 'bundle.cjs');
  writeFileSync(bundle, 'exports.twice = (n) => n * 2; exports.dir = __dirname; exports.os = require("node:os").platform();');

  test('runs a CommonJS bundle with its own require, __dirname and exports', () => {
    const loaded = requireWithCodeCache<{ twice(n: number): number; dir: string; os: string }>(bundle);
    assert.equal(loaded.exports.twice(21), 42);
    assert.equal(loaded.exports.dir, dir);
    assert.equal(loaded.exports.os, process.platform);
    assert.equal(loaded.cache, 'absent');
  });

  test('a cache written after a run is used by the next load', () => {
    const first = requireWithCodeCache<{ twice(n: number): number }>(bundle);
    first.exports.twice(1);
    writeCodeCache(bundle, first.script);
    assert.equal(cacheStatusInFreshNode(bundle), 'used');
  });

  test('a cache from another build of the bundle is ignored, even at the same length', () => {
    const other = path.join(dir, 'other.cjs');
    writeFileSync(other, 'exports.value = 1;');
    writeCodeCache(other, requireWithCodeCache(other).script);
    writeFileSync(other, 'exports.value = 2;'); // same length: V8's own check would accept the old cache
    const loaded = requireWithCodeCache<{ value: number }>(other);
    assert.equal(loaded.cache, 'absent');
    assert.equal(loaded.exports.value, 2);
  });

  test('a damaged cache file is ignored', () => {
    writeFileSync(`${bundle}.cache`, Buffer.concat([readFileSync(`${bundle}.cache`).subarray(0, 40), Buffer.alloc(10)]));
    assert.equal(cacheStatusInFreshNode(bundle), 'rejected');
  });
});
