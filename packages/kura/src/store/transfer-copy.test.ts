// Copies between the two backends (SQLite → PostgreSQL → SQLite) through the transfer port: the
// ports read the same data on all three, the checksums agree, a non-empty target is refused, a
// failed copy leaves the target as it was, and a record changed after (or during) the copy is
// caught by the verification. Also: every table of either schema is copied or deliberately not.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { openTestPostgresStore } from './postgres/testing/database.js';
import { openSqliteStore } from './sqlite/index.js';
import { SCOPE } from './testing/contract/fixtures.js';
import { dumpThroughPorts, fillStore, FIXTURE_NOW, MASTER_CHECK, type TransferableStore } from './testing/transfer-fixture.js';
import { copyStore, CopyMismatchError, TargetNotEmptyError, verifyStores } from './transfer-copy.js';
import { summarizeStore } from './transfer-digest.js';
import { RECORD_KINDS, type RecordKind, type TransferRepository } from './transfer.js';

const dir = mkdtempSync(join(tmpdir(), 'kura-transfer-copy-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const sqliteFile = () => join(dir, `store-${++files}.db`);

async function using<T>(stores: TransferableStore[], body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } finally {
    for (const store of stores) await store.close();
  }
}

const now = FIXTURE_NOW;

/** The table each kind is copied from, in both schemas. */
const TABLE_OF: Record<RecordKind, string> = {
  meta: 'kura_meta', job: 'kura_jobs', parameter: 'parameters', parameterVersion: 'parameter_versions', parameterLabel: 'parameter_labels',
  parameterTag: 'parameter_tags', kmsKey: 'kms_keys', kmsKeyMaterial: 'kms_key_materials', kmsAlias: 'kms_aliases', kmsKeyTag: 'kms_key_tags',
  secret: 'secrets', secretVersion: 'secret_versions', secretVersionStage: 'secret_version_stages',
  accessKey: 'access_keys', iamPrincipal: 'iam_principals', iamGroupMember: 'iam_group_members', iamPolicy: 'iam_policies',
  iamPolicyVersion: 'iam_policy_versions', iamAttachment: 'iam_attachments', iamInlinePolicy: 'iam_inline_policies',
  iamPrincipalTag: 'iam_principal_tags', iamPolicyTag: 'iam_policy_tags', stsSession: 'sts_sessions',
};
/** Tables deliberately not copied, and why. */
const NOT_COPIED: Record<string, string> = {
  schema_migrations: "each store's own: both are at this Kura's schema version",
  iam_generation: 'a counter that only has to move: the copy bumps the target\'s',
  audit_events: 'a log of what servers answered, not state; it stays with the store that recorded it (kura audit reads it there)',
};

/** Wraps a store's transfer so that its writer changes one record of `kind` on the way in. */
function corrupting(inner: TransferRepository, kind: RecordKind): TransferRepository {
  return {
    read: (options) => inner.read(options),
    write: async () => {
      const writer = await inner.write();
      return {
        counts: () => writer.counts(),
        clear: () => writer.clear(),
        write: (k, records) => writer.write(k, k === kind ? records.map((r, i) => (i === 0 ? { ...r, description: 'changed in transit' } : r)) : records),
        commit: () => writer.commit(),
        rollback: () => writer.rollback(),
      };
    },
  };
}

describe('copying between backends', () => {
  it('SQLite → PostgreSQL → SQLite: the ports read the same data and every checksum agrees', async () => {
    const [first, pg, last] = [openSqliteStore({ path: sqliteFile(), exclusive: true }), await openTestPostgresStore(), openSqliteStore({ path: sqliteFile() })];
    await using([first, pg, last], async () => {
      await fillStore(first);
      const there = await copyStore(first.transfer, pg.transfer, { now, replace: false });
      const back = await copyStore(pg.transfer, last.transfer, { now, replace: false });
      assert.equal(there.copied.checksum, back.copied.checksum);
      const dump = await dumpThroughPorts(first);
      assert.deepEqual(await dumpThroughPorts(pg), dump);
      assert.deepEqual(await dumpThroughPorts(last), dump);
      // Free text holding U+0000 (bytea in PostgreSQL) came through both copies whole.
      for (const store of [pg, last]) {
        assert.equal((await store.parameters.get(SCOPE, '/app/db/password'))?.latest.description, 'rotation\u00005 😀\uffff');
      }
      assert.equal(await pg.meta.checkMasterKey(MASTER_CHECK), 'matches');
      assert.equal(await pg.meta.checkMasterKey(Buffer.alloc(32, 1)), 'differs', 'a server with another master key would refuse the copy');
      await verifyStores(first.transfer, last.transfer, { now });
    });
  });

  it('refuses a non-empty target, naming what it holds, and replaces it only when asked', async () => {
    const [source, pg] = [openSqliteStore({ path: ':memory:' }), await openTestPostgresStore()];
    await using([source, pg], async () => {
      await fillStore(source);
      await pg.accessKeys.save({ accessKeyId: 'AKIAOTHERKURA0000001', accountId: '1', principalArn: 'arn', principalId: 'id', secretCiphertext: Buffer.from('x'), status: 'Active', createDate: now });
      await pg.parameters.put(SCOPE, { name: '/old', displayName: '/old', expectedLatest: 0, version: (await source.parameters.getVersion(SCOPE, '/a/b', 1))!, tags: [], maxVersions: 100 });
      await assert.rejects(copyStore(source.transfer, pg.transfer, { now, replace: false }), (error: unknown) => {
        assert.ok(error instanceof TargetNotEmptyError);
        assert.equal(error.message, 'the target is not empty: it holds 1 parameter, 1 parameter version, 1 access key');
        return true;
      });
      assert.ok(await pg.parameters.get(SCOPE, '/old'), 'the refusal changed nothing');
      const report = await copyStore(source.transfer, pg.transfer, { now, replace: true });
      assert.equal(report.replaced?.parameter, 1);
      assert.equal(await pg.parameters.get(SCOPE, '/old'), undefined);
      assert.deepEqual(await dumpThroughPorts(pg), await dumpThroughPorts(source));
    });
  });

  it('leaves the target as it was when the copy fails part way', async () => {
    const [source, pg] = [openSqliteStore({ path: ':memory:' }), await openTestPostgresStore()];
    await using([source, pg], async () => {
      await fillStore(source);
      const failing: TransferRepository = {
        read: (o) => pg.transfer.read(o),
        write: async () => {
          const writer = await pg.transfer.write();
          return {
            counts: () => writer.counts(),
            clear: () => writer.clear(),
            write: (kind, records) => (kind === 'iamPolicy' ? Promise.reject(new Error('connection lost')) : writer.write(kind, records)),
            commit: () => writer.commit(),
            rollback: () => writer.rollback(),
          };
        },
      };
      await assert.rejects(copyStore(source.transfer, failing, { now, replace: false }), /connection lost/);
      const left = await summarizeStore(pg.transfer, { now });
      assert.ok(RECORD_KINDS.every((kind) => left.counts[kind] === 0), 'nothing of the copy was committed');
    });
  });

  it('catches a record changed on its way into the target', async () => {
    const [source, target] = [openSqliteStore({ path: ':memory:' }), openSqliteStore({ path: ':memory:' })];
    await using([source, target], async () => {
      await fillStore(source);
      await assert.rejects(copyStore(source.transfer, corrupting(target.transfer, 'kmsKey'), { now, replace: false }), (error: unknown) => {
        assert.ok(error instanceof CopyMismatchError);
        assert.deepEqual(error.differences.map((d) => d.kind), ['kmsKey']);
        assert.match(error.message, /KMS keys: same count \(4\) but different contents/);
        return true;
      });
    });
  });

  it('catches a row tampered with in the PostgreSQL copy, and in the SQLite copy', async () => {
    const path = sqliteFile();
    const [source, pg, sqlite] = [openSqliteStore({ path: ':memory:' }), await openTestPostgresStore(), openSqliteStore({ path })];
    await using([source, pg, sqlite], async () => {
      await fillStore(source);
      await copyStore(source.transfer, pg.transfer, { now, replace: false });
      await copyStore(source.transfer, sqlite.transfer, { now, replace: false });
      await verifyStores(source.transfer, pg.transfer, { now });
      // One byte of one SecureString ciphertext.
      await pg.db.run("UPDATE parameter_versions SET value = value || '\\x00'::bytea WHERE version = 5");
      await assert.rejects(verifyStores(source.transfer, pg.transfer, { now }), (error: unknown) => {
        assert.ok(error instanceof CopyMismatchError);
        assert.match(error.message, /^the two stores differ:\n {2}parameter versions: same count \(11\) but different contents \(checksum [0-9a-f]{12}… vs [0-9a-f]{12}…\)$/);
        return true;
      });
      const raw = new Database(path);
      try {
        raw.prepare("DELETE FROM iam_principal_tags WHERE tag_key = 'ENV'").run();
      } finally {
        raw.close();
      }
      await assert.rejects(verifyStores(source.transfer, sqlite.transfer, { now }), /IAM user and role tags: 2 in the source, 1 in the target/);
    });
  });

  it('copies every table of the SQLite schema, or says why not', async () => {
    const path = sqliteFile();
    const store = openSqliteStore({ path });
    await using([store], async () => {
      await fillStore(store);
      const raw = new Database(path, { readonly: true });
      try {
        const tables = raw.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[];
        await checkCoverage(store, tables, async (table) => Number(raw.prepare(`SELECT count(*) FROM ${table}`).pluck().get()));
      } finally {
        raw.close();
      }
    });
  });

  it('copies every table of the PostgreSQL schema, or says why not', async () => {
    const store = await openTestPostgresStore();
    await using([store], async () => {
      await fillStore(store);
      const tables = await store.db.rows<{ t: string }>('SELECT table_name AS t FROM information_schema.tables WHERE table_schema = current_schema()');
      await checkCoverage(store, tables.map((r) => r.t), async (table) => Number((await store.db.row<{ n: number }>(`SELECT count(*) AS n FROM ${table}`))?.n));
    });
  });
});

/** Every table is some kind's, with as many rows as the store's writer counts of that kind, or is listed as not copied. */
async function checkCoverage(store: TransferableStore, tables: string[], rows: (table: string) => Promise<number>): Promise<void> {
  const writer = await store.transfer.write();
  try {
    const counts = await writer.counts();
    for (const table of tables) {
      if (table in NOT_COPIED) continue;
      const kind = RECORD_KINDS.find((k) => TABLE_OF[k] === table);
      assert.ok(kind, `table ${table} is neither copied by a record kind nor listed as not copied`);
      assert.ok(counts[kind] > 0, `the fixture fills ${table}`);
      assert.equal(counts[kind], await rows(table), `${kind} counts every row of ${table}`);
    }
    assert.equal(new Set(tables).size, tables.length);
    for (const kind of RECORD_KINDS) assert.ok(tables.includes(TABLE_OF[kind]), `${TABLE_OF[kind]} exists`);
  } finally {
    await writer.rollback();
  }
}
