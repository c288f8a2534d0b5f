// The migrate command (node dist/migrate.js) as a process, against the real MariaDB.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SEED_POSTS } from './schema.js';
import { createTestDatabase, type TestDatabase } from '../test/support/mariadb.js';
import { distDir, packageDir } from '../test/support/paths.js';
import { baseEnv, closedPort, run } from '../test/support/process.js';

async function migrateCommand(env: Record<string, string>, args: string[] = []) {
  const child = run(process.execPath, [`${distDir}/migrate.js`, ...args], { cwd: packageDir, env: baseEnv(env) });
  const { code } = await child.exited;
  return { code, lines: child.lines(), stdout: child.stdout(), stderr: child.stderr() };
}

describe('migrate and seed', () => {
  let db: TestDatabase;
  let table: string;
  before(async () => {
    db = await createTestDatabase('migrate');
    table = `${db.root.escapeId(db.name)}.posts`;
  });
  after(async () => {
    await db?.drop();
  });

  const rows = async () => {
    const [result] = await db.root.query(`SELECT id, title FROM ${table} ORDER BY id`);
    return result as Array<{ id: number; title: string }>;
  };

  test('--schema-only creates the posts table and no rows', async () => {
    const result = await migrateCommand(db.env, ['--schema-only']);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(await rows(), []);
    assert.equal(result.lines.find((l) => l.msg === 'migrated')?.seeded, 'skipped');
  });

  test('creates the table and the sample posts, then is a no-op when run again', async () => {
    const first = await migrateCommand(db.env);
    assert.equal(first.code, 0, first.stderr);
    assert.equal(first.lines.find((l) => l.msg === 'migrated')?.seeded, SEED_POSTS.length);
    const [[created]] = (await db.root.query(`SHOW CREATE TABLE ${table}`)) as unknown as [[Record<string, string>]];

    // An operator edits a sample post; a later deploy runs migrate again.
    await db.root.query(`UPDATE ${table} SET title = 'edited' WHERE id = 2`);
    const second = await migrateCommand(db.env);
    assert.equal(second.code, 0, second.stderr);
    assert.equal(second.lines.find((l) => l.msg === 'migrated')?.seeded, 0);
    assert.deepEqual(await rows(), [
      { id: 1, title: SEED_POSTS[0].title },
      { id: 2, title: 'edited' },
      { id: 3, title: SEED_POSTS[2].title },
    ]);
    const [[again]] = (await db.root.query(`SHOW CREATE TABLE ${table}`)) as unknown as [[Record<string, string>]];
    assert.deepEqual(again, created, 'the schema is unchanged');
  });

  test('a deleted sample post comes back, and other rows are left alone', async () => {
    await db.root.query(`DELETE FROM ${table} WHERE id = 1`);
    await db.root.query(`INSERT INTO ${table} (title, body) VALUES ('mine', 'kept')`);
    const result = await migrateCommand(db.env);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.lines.find((l) => l.msg === 'migrated')?.seeded, 1);
    assert.deepEqual((await rows()).map((r) => r.title), [SEED_POSTS[0].title, 'edited', SEED_POSTS[2].title, 'mine']);
  });

  test('exits 2 naming the variables when the configuration is incomplete, without printing values', async () => {
    const result = await migrateCommand({ DB_PASSWORD: 'very-secret-pw', DB_PORT: '3306' });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /invalid configuration: DB_USER is missing; DB_HOST is missing; DB_NAME is missing/);
    assert.equal(result.stderr.trimEnd().split('\n').length, 1);
    assert.ok(!result.stderr.includes('very-secret-pw'));
  });

  test('exits 1 when the database does not answer', async () => {
    const result = await migrateCommand({ ...db.env, DB_PORT: String(await closedPort()) });
    assert.equal(result.code, 1);
    const failure = result.lines.find((l) => l.msg === 'migration failed');
    assert.equal(failure?.code, 'ECONNREFUSED');
    assert.ok(!result.stdout.includes(db.password) && !result.stderr.includes(db.password));
  });
});
