// kura migrate-store's logic and kura backup of PostgreSQL, in-process, on stores filled through the
// ports: where stores are, the locks and refusals an operator meets (each with its message), and
// that no message ever carries the URL's password. The copy itself is tested in
// store/transfer-copy.test.ts; through the real server and the AWS CLI in test/e2e/migrate-store.test.ts.

import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { openPostgresStore } from '../store/postgres/index.js';
import { freshSchemaUrl } from '../store/postgres/testing/database.js';
import { openSqliteStore } from '../store/sqlite/index.js';
import { SCOPE } from '../store/testing/contract/fixtures.js';
import { dumpThroughPorts, fillStore, FIXTURE_NOW } from '../store/testing/transfer-fixture.js';
import { backupPostgresStore } from './backup.js';
import { MigrateRefusedError, migrateStore, StoreLocationError, verifyStoreCopy } from './migrate-store.js';
import { describeStoreLocation, parseStoreLocation } from './store-location.js';

const dir = mkdtempSync(path.join(tmpdir(), 'kura-migrate-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let dirs = 0;
const newDir = () => path.join(dir, `data-${++dirs}`);
const now = FIXTURE_NOW;
const PASSWORD = 'hunter2-not-to-be-printed';

/** A URL to an empty schema of its own, with a password (trust auth ignores it; no message may show it). */
async function freshPostgresUrl(): Promise<string> {
  const url = new URL(await freshSchemaUrl(`m${process.pid}`));
  url.password = PASSWORD;
  return url.toString();
}

/** A data directory whose store was filled through the ports, and is closed again. */
async function filledDataDir(): Promise<string> {
  const data = newDir();
  mkdirSync(data);
  const store = openSqliteStore({ path: path.join(data, 'kura.db'), exclusive: true });
  try {
    await fillStore(store);
  } finally {
    await store.close();
  }
  return data;
}

async function dumpOf(location: string): Promise<unknown> {
  const parsed = parseStoreLocation(location);
  const store = parsed.backend === 'sqlite' ? openSqliteStore({ path: parsed.file }) : await openPostgresStore({ url: parsed.url });
  try {
    return await dumpThroughPorts(store);
  } finally {
    await store.close();
  }
}

const refusal = (pattern: RegExp) => (error: unknown) => {
  assert.ok(error instanceof MigrateRefusedError || error instanceof StoreLocationError, String(error));
  assert.match(error.message, pattern);
  assert.doesNotMatch(error.message, new RegExp(PASSWORD));
  return true;
};

describe('store locations', () => {
  it('reads URLs, data directories and database files, and names them without the password', () => {
    const file = path.join(dir, 'backup.db');
    writeFileSync(file, '');
    assert.deepEqual(parseStoreLocation('postgresql://u:p@h/db'), { backend: 'postgres', url: 'postgresql://u:p@h/db' });
    assert.deepEqual(parseStoreLocation(file), { backend: 'sqlite', file });
    assert.deepEqual(parseStoreLocation('data', '/srv'), { backend: 'sqlite', file: '/srv/data/kura.db', dataDir: '/srv/data' });
    assert.equal(describeStoreLocation(parseStoreLocation('postgres://kura:s3cret@db:5432/kura')), 'PostgreSQL postgres://kura:***@db:5432/kura');
    assert.throws(() => parseStoreLocation('mysql://h/db'), /a store is a PostgreSQL URL \(postgres:\/\/…\), a data directory or a kura.db file/);
  });
});

describe('kura migrate-store', () => {
  it('copies a data directory into PostgreSQL and back into a new one, and says what it copied', async () => {
    const from = await filledDataDir();
    const url = await freshPostgresUrl();
    const there = await migrateStore({ from, to: url, force: false, now });
    assert.equal(there.from, `SQLite ${path.join(from, 'kura.db')}`);
    assert.doesNotMatch(there.to, new RegExp(PASSWORD));
    assert.match(there.to, /^PostgreSQL postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:5432\//);
    const back = newDir();
    const report = await migrateStore({ from: url, to: back, force: false, now });
    assert.equal(report.copied.checksum, there.copied.checksum);
    assert.equal(statSync(back).mode & 0o777, 0o700, 'a new data directory is private');
    const dump = await dumpOf(from);
    assert.deepEqual(await dumpOf(url), dump);
    assert.deepEqual(await dumpOf(back), dump);
    assert.equal((await verifyStoreCopy({ from, to: back, now })).copied.checksum, there.copied.checksum);
  });

  it('refuses a non-empty target, naming what it holds; --force replaces it', async () => {
    const from = await filledDataDir();
    const to = await filledDataDir();
    const target = openSqliteStore({ path: path.join(to, 'kura.db') });
    await target.parameters.delete(SCOPE, '/a/b');
    await target.close();
    await assert.rejects(
      migrateStore({ from, to, force: false, now }),
      refusal(/^SQLite .*\/kura\.db is not empty: it holds 1 store setting \(the master key check value\), 1 periodic job run, 8 parameters, .*, 2 STS sessions\. Nothing was copied\. Give --force to delete everything in it and copy over it\.$/),
    );
    const report = await migrateStore({ from, to, force: true, now });
    assert.equal(report.replaced?.parameter, 8);
    assert.deepEqual(await dumpOf(to), await dumpOf(from));
  });

  it('refuses a SQLite store a server holds, source or target, before copying anything', async () => {
    const from = await filledDataDir();
    const to = newDir();
    const server = openSqliteStore({ path: path.join(from, 'kura.db'), exclusive: true });
    try {
      await assert.rejects(migrateStore({ from, to, force: false, now }), refusal(/^SQLite .*\/kura\.db is in use by another Kura process, a running server most likely \(its lock file .*\/kura\.db\.lock is held\): stop it first$/));
    } finally {
      await server.close();
    }
    mkdirSync(to);
    const other = openSqliteStore({ path: path.join(to, 'kura.db'), exclusive: true });
    try {
      await assert.rejects(migrateStore({ from, to, force: false, now }), refusal(/is in use by another Kura process/));
    } finally {
      await other.close();
    }
  });

  it('refuses a source with no Kura data, creating nothing there', async () => {
    const empty = newDir();
    await assert.rejects(migrateStore({ from: empty, to: newDir(), force: false, now }), refusal(/^no Kura data at .*: there is no .*\/kura\.db$/));
    assert.equal(existsSync(empty), false);
    const url = await freshPostgresUrl();
    await assert.rejects(migrateStore({ from: url, to: newDir(), force: false, now }), refusal(/^no Kura data in PostgreSQL postgres:\/\/postgres:\*\*\*@.*: it has no Kura tables$/));
    await assert.rejects(migrateStore({ from: url, to: newDir(), force: false, now }), refusal(/it has no Kura tables/), 'still none: nothing was created');
  });

  it('refuses to copy a store onto itself, however it is spelled', async () => {
    const from = await filledDataDir();
    await assert.rejects(migrateStore({ from, to: path.join(from, 'kura.db'), force: true, now }), refusal(/^--from and --to name the same store \(SQLite .*\)$/));
    const url = await freshPostgresUrl();
    const alias = url.replace(/^postgres:/, 'postgresql:').replace(PASSWORD, 'other');
    await assert.rejects(migrateStore({ from: url, to: alias, force: true, now }), refusal(/same store/));
  });

  it('names an unreachable PostgreSQL without its password', async () => {
    const from = await filledDataDir();
    await assert.rejects(migrateStore({ from, to: `postgres://kura:${PASSWORD}@127.0.0.1:1/kura`, force: false, now }), refusal(/^cannot open PostgreSQL postgres:\/\/kura:\*\*\*@127\.0\.0\.1:1\/kura: /));
  });
});

describe('kura backup of PostgreSQL', () => {
  it('writes a private SQLite file that migrate-store restores into a new database', async () => {
    const url = await freshPostgresUrl();
    await migrateStore({ from: await filledDataDir(), to: url, force: false, now });
    const out = path.join(dir, `pg-backup-${++dirs}.db`);
    const summary = await backupPostgresStore(url, out, now);
    assert.equal(statSync(out).mode & 0o777, 0o600);
    assert.ok(summary.kinds.parameterVersion.records > 0);
    const restored = await freshPostgresUrl();
    const report = await migrateStore({ from: out, to: restored, force: false, now });
    assert.equal(report.copied.checksum, summary.checksum);
    assert.deepEqual(await dumpOf(restored), await dumpOf(url));
    await assert.rejects(backupPostgresStore(url, out, now), /exists already; choose a new file/);
  });

  it('leaves no file behind when the backup fails', async () => {
    const out = path.join(dir, `failed-${++dirs}.db`);
    await assert.rejects(backupPostgresStore(await freshPostgresUrl(), out, now), /it has no Kura tables/);
    assert.equal(existsSync(out), false);
  });
});
