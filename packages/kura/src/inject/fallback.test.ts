import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { ExecError, EXIT } from './errors.js';
import { fallbackKey, formatDuration, loadFallback, saveFallback } from './fallback.js';
import type { Fetched, ReadPlan } from './fetch.js';
import type { FallbackOptions } from './options.js';
import { parseSecretRef } from './secret-refs.js';

const root = mkdtempSync(path.join(tmpdir(), 'kura-fallback-test-'));
after(() => rmSync(root, { recursive: true, force: true }));

const VALUES = { password: 'fallback-password-Ω', host: 'db.fallback.internal', token: 'sk-fallback-token', pinned: 'pinned-value-7' };
const secret = parseSecretRef('app/api:token', 'test');
const plan: ReadPlan = { paths: ['/app/db'], recursive: false, parameters: ['/app/pinned:3'], secrets: [secret] };
const fetched: Fetched = {
  paths: new Map([['/app/db', [{ name: '/app/db/password', value: VALUES.password }, { name: '/app/db/host', value: VALUES.host }]]]),
  values: new Map([['/app/pinned:3', VALUES.pinned]]),
  secrets: new Map([
    [JSON.stringify(['app/api', '', '']), { kind: 'string', text: JSON.stringify({ token: VALUES.token }) }],
    [JSON.stringify(['app/blob', '', '']), { kind: 'binary' }],
  ]),
};
const key = randomBytes(32);
const NOW = new Date('2026-03-01T12:00:00Z');
const cause = new ExecError('cannot read --path /app/db: ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:4566', EXIT.fetch, { unreachable: true });
let count = 0;

function options(overrides: Partial<FallbackOptions> = {}): FallbackOptions {
  count += 1;
  const dir = mkdtempSync(path.join(root, `case-${count}-`));
  return { file: path.join(dir, 'lkg.bin'), keyEnv: 'KURA_FALLBACK_KEY', maxAgeSeconds: 24 * 3600, ...overrides };
}

/** loadFallback's refusal: an exit-3 ExecError starting with the read's failure. */
function refusal(run: () => unknown, reason: RegExp): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof ExecError);
    assert.equal(error.exitCode, EXIT.fetch);
    assert.ok(error.message.startsWith(`${cause.message}; the last-known-good file `), error.message);
    assert.match(error.message, reason);
    for (const value of Object.values(VALUES)) assert.ok(!error.message.includes(value), 'names only');
    return true;
  });
}

describe('the last-known-good file', () => {
  test('round trip: what was read comes back whole, with the time it was written', () => {
    const o = options();
    saveFallback(o, key, plan, fetched, NOW);
    const kept = loadFallback(o, key, plan, new Date(NOW.getTime() + 60_000), cause);
    assert.deepEqual(kept.fetched, fetched);
    assert.equal(kept.writtenAt.toISOString(), NOW.toISOString());
  });

  test('mode 0600, and no value in the clear', () => {
    const o = options();
    saveFallback(o, key, plan, fetched, NOW);
    assert.equal(statSync(o.file).mode & 0o777, 0o600);
    const bytes = readFileSync(o.file);
    for (const value of [...Object.values(VALUES), '/app/db/password']) assert.equal(bytes.indexOf(Buffer.from(value)), -1, `${value} in the clear`);
  });

  test('0600 even under a permissive umask and over a world-readable file', () => {
    const o = options();
    writeFileSync(o.file, 'old and world-readable');
    chmodSync(o.file, 0o644);
    const before = process.umask(0o000);
    try {
      saveFallback(o, key, plan, fetched, NOW);
    } finally {
      process.umask(before);
    }
    assert.equal(statSync(o.file).mode & 0o777, 0o600);
  });

  test('atomic: an existing file is replaced whole, and no temporary file is left behind', () => {
    const o = options();
    saveFallback(o, key, plan, fetched, NOW);
    const first = readFileSync(o.file);
    const later = new Date(NOW.getTime() + 3_600_000);
    const changed: Fetched = { ...fetched, values: new Map([['/app/pinned:3', 'changed']]) };
    saveFallback(o, key, plan, changed, later);
    assert.notDeepEqual(readFileSync(o.file), first);
    const kept = loadFallback(o, key, plan, later, cause);
    assert.equal(kept.fetched.values.get('/app/pinned:3'), 'changed');
    assert.equal(kept.writtenAt.toISOString(), later.toISOString());
    assert.deepEqual(readdirSync(path.dirname(o.file)), ['lkg.bin']);
  });

  test('a write that fails leaves nothing behind and names the place and the error code', () => {
    const o = options();
    const dir = path.dirname(o.file);
    assert.throws(() => saveFallback({ ...o, file: path.join(dir, 'missing-dir', 'lkg.bin') }, key, plan, fetched, NOW), {
      message: `cannot create a temporary file in ${path.join(dir, 'missing-dir')} (ENOENT)`,
    });
    // The rename fails (FILE is a directory that is not empty): the temporary file is removed.
    mkdirSync(path.join(o.file, 'inside'), { recursive: true });
    assert.throws(() => saveFallback(o, key, plan, fetched, NOW), { message: new RegExp(`^cannot replace ${o.file} \\((EISDIR|ENOTEMPTY|EEXIST)\\)$`) });
    assert.deepEqual(readdirSync(dir), ['lkg.bin']);
  });

  test('a directory it may not write to: the old file stays as it was', { skip: process.getuid?.() === 0 ? 'root writes anyway' : false }, () => {
    const o = options();
    saveFallback(o, key, plan, fetched, NOW);
    const before = readFileSync(o.file);
    const dir = path.dirname(o.file);
    chmodSync(dir, 0o500);
    try {
      assert.throws(() => saveFallback(o, key, plan, fetched, NOW), { message: `cannot create a temporary file in ${dir} (EACCES)` });
    } finally {
      chmodSync(dir, 0o700);
    }
    assert.deepEqual(readFileSync(o.file), before);
    assert.deepEqual(readdirSync(dir), ['lkg.bin']);
  });

  test('a missing or unreadable file is refused', () => {
    const o = options();
    refusal(() => loadFallback(o, key, plan, NOW, cause), new RegExp(`${o.file} cannot be used: it does not exist$`));
    refusal(() => loadFallback({ ...o, file: path.dirname(o.file) }, key, plan, NOW, cause), /cannot be used: it cannot be read \(EISDIR\)$/);
  });

  test('a wrong key, a flipped byte anywhere, a truncated file: refused, never a partial read', () => {
    const o = options();
    saveFallback(o, key, plan, fetched, NOW);
    const good = readFileSync(o.file);
    refusal(() => loadFallback(o, randomBytes(32), plan, NOW, cause), /it cannot be decrypted \(a different key, or the file is damaged\)$/);
    // Every region: the header (time, plan digest), the nonce, the ciphertext, the tag.
    for (const at of [9, 12, 30, 60, 70, good.length - 20, good.length - 1]) {
      const flipped = Buffer.from(good);
      flipped[at] = (flipped[at] ?? 0) ^ 0x01;
      writeFileSync(o.file, flipped);
      refusal(() => loadFallback(o, key, plan, NOW, cause), /it cannot be decrypted \(a different key, or the file is damaged\)$/);
    }
    for (const length of [good.length - 1, 80, 40, 0]) {
      writeFileSync(o.file, good.subarray(0, length));
      refusal(() => loadFallback(o, key, plan, NOW, cause), /cannot be used: it (cannot be decrypted|is not a last-known-good file, or it is truncated)/);
    }
    writeFileSync(o.file, 'PARAM=value\n');
    refusal(() => loadFallback(o, key, plan, NOW, cause), /it is not a last-known-good file, or it is truncated$/);
    const otherVersion = Buffer.from(good);
    otherVersion[8] = 2;
    writeFileSync(o.file, otherVersion);
    refusal(() => loadFallback(o, key, plan, NOW, cause), /it is in format 2, and this kura reads format 1$/);
  });

  test('a file written for other sources is refused; the order of sources does not matter', () => {
    const o = options();
    saveFallback(o, key, plan, fetched, NOW);
    const others: ReadPlan[] = [
      { ...plan, paths: ['/app/other'] },
      { ...plan, recursive: true },
      { ...plan, parameters: ['/app/pinned:4'] },
      { ...plan, secrets: [parseSecretRef('app/api:token:AWSPREVIOUS', 'test')] },
      { ...plan, secrets: [] },
    ];
    for (const other of others) refusal(() => loadFallback(o, key, other, NOW, cause), /it was written for other sources \(--path, --map, --secret, --file or a reference has changed since\)$/);
    const reordered: ReadPlan = { paths: ['/app/db'], recursive: false, parameters: ['/app/pinned:3'], secrets: [parseSecretRef('app/api:other-key', 'test')] };
    assert.deepEqual(loadFallback(o, key, reordered, NOW, cause).fetched, fetched, 'another key of the same secret read is the same read');
    const noPaths = options();
    saveFallback(noPaths, key, { ...plan, paths: [] }, fetched, NOW);
    assert.ok(loadFallback(noPaths, key, { ...plan, paths: [], recursive: true }, NOW, cause), '--recursive without a path reads the same');
  });

  test('older than --fallback-max-age: refused, with its age and the limit', () => {
    const o = options();
    saveFallback(o, key, plan, fetched, NOW);
    const at = (seconds: number) => new Date(NOW.getTime() + seconds * 1000);
    assert.ok(loadFallback(o, key, plan, at(24 * 3600), cause), 'exactly the limit is still accepted');
    refusal(() => loadFallback(o, key, plan, at(26 * 3600 + 180), cause), /it is 26h 3m old, older than --fallback-max-age 24h$/);
    refusal(() => loadFallback({ ...o, maxAgeSeconds: 1 }, key, plan, at(2.5), cause), /it is 2.5s old, older than --fallback-max-age 1s$/);
  });

  test('written in the future beyond a few minutes of clock difference: refused', () => {
    const o = options();
    saveFallback(o, key, plan, fetched, NOW);
    assert.ok(loadFallback(o, key, plan, new Date(NOW.getTime() - 4 * 60_000), cause), 'a clock four minutes behind is tolerated');
    refusal(() => loadFallback(o, key, plan, new Date(NOW.getTime() - 3 * 3600_000), cause), /it was written 3h in the future \(2026-03-01T12:00:00.000Z\); check the clock$/);
  });

  test('the cause may be any error: its description leads the message', () => {
    const o = options();
    const raw = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:4566'), { code: 'ECONNREFUSED' });
    assert.throws(() => loadFallback(o, key, plan, NOW, raw), { message: `ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:4566; the last-known-good file ${o.file} cannot be used: it does not exist` });
  });
});

describe('the key', () => {
  const hex = randomBytes(32).toString('hex');
  const base64 = Buffer.from(hex, 'hex').toString('base64');

  test('32 bytes as base64 (44 characters) or hex (64), surrounding whitespace ignored', () => {
    assert.equal(fallbackKey({ K: base64 }, 'K').toString('hex'), hex);
    assert.equal(fallbackKey({ K: hex.toUpperCase() }, 'K').toString('hex'), hex);
    assert.equal(fallbackKey({ K: `${base64}\n` }, 'K').toString('hex'), hex);
  });

  test('unset or empty: a usage error naming the variable and how to make a key', () => {
    for (const env of [{}, { K: '' }, { K: '  \n' }]) {
      assert.throws(() => fallbackKey(env, 'K'), (error: unknown) => {
        assert.ok(error instanceof ExecError);
        assert.equal(error.exitCode, EXIT.usage);
        assert.equal(error.message, '--fallback-key-env K: the variable is not set; it must hold a 32-byte key (make one with: openssl rand -base64 32)');
        return true;
      });
    }
  });

  test('anything else is refused, and the message never repeats it', () => {
    const wrong = [
      randomBytes(16).toString('base64'),
      randomBytes(31).toString('hex'),
      randomBytes(33).toString('hex'),
      randomBytes(48).toString('base64'),
      `${base64.slice(0, 43)}!`,
      base64.replace(/=$/, ''),
      'correct horse battery staple correct horse battery',
      `${hex.slice(0, 63)}g`,
    ];
    for (const value of wrong) {
      assert.throws(() => fallbackKey({ K: value }, 'K'), (error: unknown) => {
        assert.ok(error instanceof ExecError);
        assert.equal(error.exitCode, EXIT.usage);
        assert.equal(error.message, '--fallback-key-env K: not a 32-byte key as base64 (44 characters) or hex (64 characters); make one with: openssl rand -base64 32');
        return true;
      }, value);
    }
  });
});

test('durations in messages', () => {
  assert.deepEqual(
    [0.04, 1, 2.5, 59, 61, 3600, 3661, 86400, 26 * 3600 + 180, 3 * 86400 + 4 * 3600 + 5].map(formatDuration),
    ['0s', '1s', '2.5s', '59s', '1m 1s', '1h', '1h 1m', '24h', '26h 3m', '3d 4h'],
  );
});
