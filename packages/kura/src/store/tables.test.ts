// The one list of record tables (tables.ts) against what each backend's schema really holds: a
// table added by a migration and missing from the list would survive a reset and a copy's clear,
// and go unanalysed after a copy; a list out of order would make a delete fail on a foreign key.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { openTestPostgresStore } from './postgres/testing/database.js';
import { migrate } from './sqlite/migrations.js';
import { RECORD_TABLES, RESOURCE_TABLES } from './tables.js';

/** Tables that hold no record: the schema's version, a counter that only moves on, PostgreSQL's audit log. */
const NOT_RECORDS = ['schema_migrations', 'iam_generation', 'audit_events'];

function checkAgainst(schema: { tables: string[]; references: Array<{ child: string; parent: string }> }): void {
  const listed: readonly string[] = RECORD_TABLES;
  assert.deepEqual([...schema.tables].filter((table) => !NOT_RECORDS.includes(table)).sort(), [...listed].sort());
  for (const { child, parent } of schema.references) {
    if (child === parent) continue;
    assert.ok(listed.indexOf(child) < listed.indexOf(parent), `${child} references ${parent}: it must be emptied first`);
  }
}

describe('the record tables', () => {
  it('a reset keeps the access keys it is told to and what the store knows about itself, and empties the rest', () => {
    assert.deepEqual(
      RECORD_TABLES.filter((table) => !(RESOURCE_TABLES as readonly string[]).includes(table)),
      ['access_keys', 'kura_meta', 'kura_jobs'],
    );
  });

  it("are SQLite's tables, children before parents", () => {
    const db = new Database(':memory:');
    try {
      migrate(db);
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[];
      const references = tables.flatMap((child) =>
        (db.prepare(`SELECT "table" AS parent FROM pragma_foreign_key_list(?)`).all(child) as Array<{ parent: string }>).map(({ parent }) => ({ child, parent })),
      );
      assert.ok(references.length > 0, 'the schema has foreign keys to check the order with');
      checkAgainst({ tables, references });
    } finally {
      db.close();
    }
  });

  it("are PostgreSQL's tables, children before parents", async () => {
    const store = await openTestPostgresStore();
    try {
      const tables = (await store.db.rows<{ name: string }>("SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'")).map((r) => r.name);
      const references = await store.db.rows<{ child: string; parent: string }>(
        "SELECT conrelid::regclass::text AS child, confrelid::regclass::text AS parent FROM pg_constraint WHERE contype = 'f' AND connamespace = current_schema()::regnamespace",
      );
      assert.ok(references.length > 0, 'the schema has foreign keys to check the order with');
      checkAgainst({ tables, references });
    } finally {
      await store.close();
    }
  });
});
