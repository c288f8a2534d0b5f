import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { put } from '../testing/contract/fixtures.js';
import { createPolicy } from '../testing/contract/iam-fixtures.js';
import { DatabaseInUseError, openSqliteStore } from './index.js';
import { lockDatabase } from './lock.js';

const dir = mkdtempSync(join(tmpdir(), 'kura-lock-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const freshPath = () => join(dir, `data-${++files}.db`);

/** Another process holding `path`'s lock the way lock.ts takes it; resolves once it holds it. */
async function lockInChild(path: string) {
  const betterSqlite = createRequire(import.meta.url).resolve('better-sqlite3');
  const code = `const D = require(${JSON.stringify(betterSqlite)}); const db = new D(${JSON.stringify(`${path}.lock`)});
    db.pragma('locking_mode = EXCLUSIVE'); db.exec('BEGIN EXCLUSIVE'); console.log('held'); setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => d.toString().includes('held') && resolve());
    child.once('exit', (c) => reject(new Error(`lock holder exited ${c}`)));
  });
  return child;
}

describe('the database process lock', () => {
  it('lets one exclusive store at a time open a database, and the next one after close', async () => {
    const path = freshPath();
    const first = openSqliteStore({ path, exclusive: true });
    assert.equal(statSync(`${path}.lock`).mode & 0o777, 0o600);
    assert.throws(() => openSqliteStore({ path, exclusive: true }), (error: unknown) => {
      assert.ok(error instanceof DatabaseInUseError);
      assert.equal(error.message, `${path} is in use by another Kura process (its lock file ${path}.lock is held); stop that process first`);
      return true;
    });
    await first.close();
    const second = openSqliteStore({ path, exclusive: true });
    await second.close();
  });

  it('is refused while another process holds it, and free again when that process is killed', async () => {
    const path = freshPath();
    const holder = await lockInChild(path);
    try {
      assert.throws(() => lockDatabase(path), DatabaseInUseError);
    } finally {
      const exited = new Promise((resolve) => holder.once('exit', resolve));
      holder.kill('SIGKILL');
      await exited;
    }
    // kill -9 leaves no stale lock: the OS dropped it with the process.
    const store = openSqliteStore({ path, exclusive: true });
    await store.close();
  });

  it('does not stop a plain reader such as a backup', async () => {
    const path = freshPath();
    const store = openSqliteStore({ path, exclusive: true });
    const reader = new Database(path, { readonly: true });
    assert.equal(reader.prepare('SELECT count(*) FROM parameters').pluck().get(), 0);
    reader.close();
    await store.close();
  });
});

describe('the IAM generation of an exclusive store', () => {
  const bumpBehindTheStore = (path: string) => {
    const db = new Database(path);
    db.prepare('UPDATE iam_generation SET value = value + 100 WHERE id = 1').run();
    db.close();
  };

  it('is read once and kept until the store writes again', async () => {
    const path = freshPath();
    const store = openSqliteStore({ path, exclusive: true });
    const start = await store.policies.generation();
    // A write behind the store's back (which the lock exists to rule out) is not seen: proof that
    // the value is kept rather than read per call.
    bumpBehindTheStore(path);
    assert.equal(await store.policies.generation(), start);
    // A parameter write does not touch IAM: the value is still kept.
    await put(store.parameters, '/a');
    assert.equal(await store.policies.generation(), start);
    // The store's own IAM write forgets it: the next call reads again, and sees both changes.
    await createPolicy(store.policies, 'p');
    assert.equal(await store.policies.generation(), start + 101);
    // So does a reset (which moves the generation itself).
    bumpBehindTheStore(path);
    await store.reset({ accessKeyIds: [] });
    assert.equal(await store.policies.generation(), start + 202);
    await store.close();
  });

  it('is read every time by a store that is not exclusive', async () => {
    const path = freshPath();
    const store = openSqliteStore({ path });
    const start = await store.policies.generation();
    bumpBehindTheStore(path);
    assert.equal(await store.policies.generation(), start + 100);
    await store.close();
  });
});
