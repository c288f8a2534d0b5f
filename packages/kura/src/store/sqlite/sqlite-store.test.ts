import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { SCOPE, accessKey, newKey, put, putVersions } from '../testing/contract/fixtures.js';
import { ACCOUNT, createPolicy, group, role, session, user } from '../testing/contract/iam-fixtures.js';
import { SchemaTooNewError, openSqliteStore } from './index.js';
import { MIGRATIONS, migrate } from './migrations.js';

const dir = mkdtempSync(join(tmpdir(), 'kura-sqlite-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const freshPath = () => join(dir, `data-${++files}.db`);

describe('sqlite store on a file', () => {
  it('creates its data file readable by the owner only', async () => {
    const path = freshPath();
    const store = openSqliteStore({ path });
    await put(store.parameters, '/a');
    for (const file of [path, `${path}-wal`, `${path}-shm`]) {
      assert.equal(statSync(file).mode & 0o777, 0o600, file);
    }
    await store.close();
  });

  it('runs with WAL, synchronous=FULL, foreign keys and a busy timeout', async () => {
    const store = openSqliteStore({ path: freshPath() });
    const info = store.info();
    assert.equal(info.journalMode, 'wal');
    assert.equal(info.synchronous, 2);
    assert.equal(info.foreignKeys, true);
    assert.ok(info.busyTimeoutMs > 0);
    assert.equal(info.schemaVersion, MIGRATIONS.length);
    await store.close();
  });

  it('keeps every acknowledged write across close and reopen', async () => {
    const path = freshPath();
    const first = openSqliteStore({ path });
    await putVersions(first.parameters, '/app/db', 3, { tags: [{ key: 'team', value: 'core' }] });
    await first.parameters.label(SCOPE, '/app/db', 2, ['stable'], 10);
    await first.keys.create(SCOPE, newKey('key-1', 'alias/aws/ssm'));
    await first.keys.addMaterial(SCOPE, 'key-1', { version: 2, wrapped: Buffer.from('w2'), createdAt: new Date(0), origin: 'ON_DEMAND' });
    await first.accessKeys.save(accessKey('AKIADURABLE000000001'));
    await first.close();
    assert.equal(statSync(`${path}-wal`, { throwIfNoEntry: false })?.size ?? 0, 0, 'close checkpoints the WAL');

    const second = openSqliteStore({ path });
    assert.equal((await second.parameters.get(SCOPE, '/app/db'))?.latest.version, 3);
    assert.equal((await second.parameters.getLabelled(SCOPE, '/app/db', 'stable'))?.version, 2);
    assert.deepEqual(await second.parameters.tags(SCOPE, '/app/db'), [{ key: 'team', value: 'core' }]);
    assert.equal((await second.keys.get(SCOPE, 'key-1'))?.currentMaterial, 2);
    assert.equal((await second.keys.alias(SCOPE, 'alias/aws/ssm'))?.targetKeyId, 'key-1');
    assert.ok(await second.accessKeys.find('AKIADURABLE000000001'));
    assert.deepEqual(await put(second.parameters, '/app/db', { expectedLatest: 3 }), { outcome: 'written', version: 4 });
    await second.close();
  });

  it('keeps IAM state across close and reopen, and shares the generation between two stores on one file', async () => {
    const path = freshPath();
    const first = openSqliteStore({ path });
    const second = openSqliteStore({ path });
    await first.principals.createUser(user('Bob', { tags: [{ key: 'team', value: 'core' }] }));
    await first.principals.createGroup(group('devs'));
    await first.principals.addUserToGroup(ACCOUNT, 'devs', 'bob');
    const arn = await createPolicy(first.policies, 'read');
    await first.policies.attachPolicy(ACCOUNT, 'group', 'devs', arn, 10);
    await first.sessions.save(session('ASIADURABLE000000001'));
    const generation = await first.policies.generation();
    assert.equal(await second.policies.generation(), generation, 'a replica sees the same generation');
    assert.equal(await second.principals.createUser(user('BOB')), 'exists', 'and the same names');
    await second.principals.createRole(role('app'));
    assert.notEqual(await first.policies.generation(), generation, "and moves it for the other's readers");
    await first.close();
    await second.close();

    const reopened = openSqliteStore({ path });
    assert.deepEqual((await reopened.principals.getUser(ACCOUNT, 'bob'))?.tags, [{ key: 'team', value: 'core' }]);
    assert.deepEqual((await reopened.principals.groupsForUser(ACCOUNT, 'bob')).map((g) => g.name), ['devs']);
    assert.equal((await reopened.policies.getPolicy(ACCOUNT, arn))?.attachmentCount, 1);
    assert.ok(await reopened.principals.getRole(ACCOUNT, 'APP'));
    assert.deepEqual(await reopened.sessions.find('ASIADURABLE000000001'), session('ASIADURABLE000000001'));
    assert.ok((await reopened.policies.generation()) > generation);
    await reopened.close();
  });

  it('does not show a write to readers before its batch commits', async () => {
    const store = openSqliteStore({ path: freshPath() });
    const writing = put(store.parameters, '/pending');
    assert.equal(await store.parameters.get(SCOPE, '/pending'), undefined);
    assert.deepEqual(await store.parameters.list(SCOPE, { limit: 10 }), []);
    await writing;
    assert.ok(await store.parameters.get(SCOPE, '/pending'));
    await store.close();
  });

  it('commits the writes of one turn together, failing only the one that failed', async () => {
    const store = openSqliteStore({ path: freshPath() });
    await store.keys.create(SCOPE, newKey('dup'));
    const before = store.commits;
    const results = await Promise.allSettled([
      put(store.parameters, '/one'),
      store.keys.create(SCOPE, newKey('dup')),
      put(store.parameters, '/two'),
      store.parameters.label(SCOPE, '/one', undefined, ['x'], 10),
    ]);
    assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    assert.equal(store.commits - before, 1, 'one transaction, one fsync');
    assert.equal((await store.parameters.getLabelled(SCOPE, '/one', 'x'))?.version, 1, 'later writes see earlier ones of the batch');
    assert.ok(await store.parameters.get(SCOPE, '/two'));
    await store.close();
  });

  it('resets a few thousand parameters in milliseconds', async () => {
    const store = openSqliteStore({ path: freshPath() });
    await Promise.all(Array.from({ length: 3000 }, (_, i) => put(store.parameters, `/r/${i}`, { tags: [{ key: 'k', value: 'v' }] })));
    const started = performance.now();
    await store.reset({ accessKeyIds: [] });
    const elapsed = performance.now() - started;
    assert.deepEqual(await store.parameters.list(SCOPE, { limit: 1 }), []);
    assert.ok(elapsed < 2000, `reset took ${elapsed} ms`);
    await store.close();
  });
});

describe('sqlite migrations', () => {
  it('apply once: reopening leaves one row per migration', async () => {
    const path = freshPath();
    await openSqliteStore({ path }).close();
    await openSqliteStore({ path }).close();
    const db = new Database(path, { readonly: true });
    assert.deepEqual(db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all(), MIGRATIONS.map((m) => m.version));
    db.close();
  });

  it('apply later migrations in order on an older file', () => {
    const db = new Database(':memory:');
    migrate(db, MIGRATIONS.slice(0, 1));
    const next = [
      ...MIGRATIONS.slice(0, 1),
      { version: 2, name: 'add a', sql: 'CREATE TABLE extra (a INTEGER)' },
      { version: 3, name: 'add b', sql: 'ALTER TABLE extra ADD COLUMN b INTEGER' },
    ];
    migrate(db, next);
    migrate(db, next);
    assert.deepEqual(db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all(), [1, 2, 3]);
    assert.deepEqual(db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all('extra'), ['a', 'b']);
    db.close();
  });

  it('leave nothing behind when a migration fails', () => {
    const db = new Database(':memory:');
    const broken = [...MIGRATIONS, { version: MIGRATIONS.length + 1, name: 'broken', sql: 'CREATE TABLE half (a INTEGER); SELECT no_such_function()' }];
    assert.throws(() => migrate(db, broken));
    assert.equal(db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'half'").pluck().get(), 0);
    assert.equal(db.prepare('SELECT max(version) FROM schema_migrations').pluck().get(), MIGRATIONS.length);
    db.close();
  });

  it('refuse a data file written by a newer Kura', async () => {
    const path = freshPath();
    await openSqliteStore({ path }).close();
    const db = new Database(path);
    db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, ?, 0)').run('from the future');
    db.close();
    assert.throws(() => openSqliteStore({ path }), SchemaTooNewError);
  });

  it('refuse to open a path whose directory does not exist, creating nothing', () => {
    const path = join(dir, 'missing-dir', 'kura.db');
    assert.throws(() => openSqliteStore({ path }));
    assert.equal(existsSync(path), false);
  });
});
