// Data files written by earlier Kuras (schema 1, before the KMS API; schema 2, before the deletion
// window column and IAM; schema 5, before Secrets Manager) must open in place: every row kept, new
// columns filled in, and the new tables usable at once.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { SCOPE, USER, accessKey } from '../testing/contract/fixtures.js';
import { openSqliteStore } from './index.js';
import { MIGRATIONS, migrate } from './migrations.js';

const DAY = 86_400_000;
const CREATED = Date.UTC(2023, 0, 15);
const MANAGED = 'aaaaaaaa-0000-4000-8000-000000000001';
const CUSTOMER = 'bbbbbbbb-0000-4000-8000-000000000002';

/** Writes rows the way schema-1 Kura did, straight into a schema-1 file. */
function writeVersionOneFile(path: string): void {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  migrate(db, MIGRATIONS.slice(0, 1));
  const s = [SCOPE.accountId, SCOPE.region] as const;
  const key = db.prepare(`INSERT INTO kms_keys (account_id, region, key_id, description, key_manager, key_state, creation_date,
    deletion_date, policy, rotation_enabled, rotation_period_in_days, current_material) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  key.run(...s, MANAGED, 'Default key for ssm', 'AWS', 'Enabled', CREATED, null, '{"managed":1}', 1, 365, 2);
  key.run(...s, CUSTOMER, 'mine', 'CUSTOMER', 'PendingDeletion', CREATED, CREATED + 30 * DAY, '{"customer":1}', 0, null, 1);
  const material = db.prepare(`INSERT INTO kms_key_materials (account_id, region, key_id, version, wrapped, created_at, usage_count)
    VALUES (?, ?, ?, ?, ?, ?, ?)`);
  material.run(...s, MANAGED, 1, Buffer.from('managed-1'), CREATED, 7);
  material.run(...s, MANAGED, 2, Buffer.from('managed-2'), CREATED + DAY, 3);
  material.run(...s, CUSTOMER, 1, Buffer.from('customer-1'), CREATED, 0);
  db.prepare(`INSERT INTO kms_aliases (account_id, region, alias_name, target_key_id, creation_date, last_updated_date)
    VALUES (?, ?, 'alias/aws/ssm', ?, ?, ?)`).run(...s, MANAGED, CREATED, CREATED);
  const { lastInsertRowid: id } = db.prepare(`INSERT INTO parameters (account_id, region, name, parent, display_name, latest_version)
    VALUES (?, ?, '/app/db', '/app', 'app/db', 1)`).run(...s);
  db.prepare(`INSERT INTO parameter_versions (parameter_id, version, type, value, data_type, tier, last_modified_date, last_modified_user)
    VALUES (?, 1, 'SecureString', ?, 'text', 'Standard', ?, ?)`).run(id, Buffer.from('ciphertext'), CREATED, USER);
  db.prepare("INSERT INTO parameter_labels (parameter_id, label, version) VALUES (?, 'prod', 1)").run(id);
  db.prepare("INSERT INTO parameter_tags (parameter_id, key, value) VALUES (?, 'team', 'core')").run(id);
  const ak = accessKey('AKIAUPGRADE000000001');
  db.prepare(`INSERT INTO access_keys (access_key_id, account_id, principal_arn, principal_id, secret_ciphertext, status, create_date)
    VALUES (?, ?, ?, ?, ?, ?, ?)`)
    .run(ak.accessKeyId, ak.accountId, ak.principalArn, ak.principalId, ak.secretCiphertext, ak.status, ak.createDate.getTime());
  db.close();
}

describe('sqlite schema upgrade from version 1', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kura-upgrade-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps every row and fills in the KMS columns', async () => {
    const path = join(dir, 'v1.db');
    writeVersionOneFile(path);
    const store = openSqliteStore({ path });
    assert.equal(store.info().schemaVersion, MIGRATIONS.length);

    assert.deepEqual(await store.keys.get(SCOPE, MANAGED), {
      keyId: MANAGED, description: 'Default key for ssm', keySpec: 'SYMMETRIC_DEFAULT', keyUsage: 'ENCRYPT_DECRYPT',
      origin: 'AWS_KMS', keyManager: 'AWS', keyState: 'Enabled', creationDate: new Date(CREATED), deletionDate: null,
      pendingWindowInDays: null, policy: '{"managed":1}', rotationEnabled: true, rotationPeriodInDays: 365,
      nextRotationDate: new Date(CREATED + 365 * DAY), currentMaterial: 2,
    });
    const customer = await store.keys.get(SCOPE, CUSTOMER);
    assert.equal(customer?.keyState, 'PendingDeletion');
    assert.deepEqual(customer?.deletionDate, new Date(CREATED + 30 * DAY));
    assert.equal(customer?.pendingWindowInDays, 30, 'a date without an encoded window gets the AWS default');
    assert.equal(customer?.nextRotationDate, null, 'no rotation, no rotation date');
    assert.equal(customer?.keySpec, 'SYMMETRIC_DEFAULT');

    assert.deepEqual((await store.keys.materials(SCOPE, MANAGED)).map((m) => [m.version, m.wrapped.toString(), m.usageCount, m.origin]), [
      [1, 'managed-1', 7, 'INITIAL'], [2, 'managed-2', 3, 'USAGE_LIMIT'],
    ]);
    assert.deepEqual((await store.keys.materials(SCOPE, CUSTOMER)).map((m) => m.origin), ['INITIAL']);
    assert.equal((await store.keys.alias(SCOPE, 'alias/aws/ssm'))?.targetKeyId, MANAGED);
    assert.deepEqual((await store.keys.listAliases(SCOPE, { keyId: MANAGED, limit: 10 })).map((a) => a.aliasName), ['alias/aws/ssm']);
    assert.deepEqual(await store.keys.tags(SCOPE, MANAGED), []);

    const head = await store.parameters.get(SCOPE, '/app/db');
    assert.equal(head?.displayName, 'app/db');
    assert.deepEqual(head?.latest.labels, ['prod']);
    assert.equal(head?.latest.value.toString(), 'ciphertext');
    assert.deepEqual(await store.parameters.tags(SCOPE, '/app/db'), [{ key: 'team', value: 'core' }]);
    assert.deepEqual(await store.accessKeys.find('AKIAUPGRADE000000001'), accessKey('AKIAUPGRADE000000001'));
    await store.close();
  });

  it('leaves a sound file whose new tables work at once and survive a reopen', async () => {
    const path = join(dir, 'v1-again.db');
    writeVersionOneFile(path);
    const first = openSqliteStore({ path });
    assert.equal(await first.keys.tag(SCOPE, CUSTOMER, [{ tagKey: 'env', tagValue: 'dev' }], 50), 'ok');
    assert.equal(await first.keys.tag(SCOPE, MANAGED, [{ tagKey: 'env', tagValue: 'prod' }], 50), 'ok');
    assert.equal(await first.keys.addMaterial(SCOPE, CUSTOMER, { version: 2, wrapped: Buffer.from('c2'), createdAt: new Date(), origin: 'ON_DEMAND' }), 'added');
    assert.equal(await first.keys.delete(SCOPE, CUSTOMER), true);
    await first.close();

    const db = new Database(path);
    assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
    assert.deepEqual(db.pragma('foreign_key_check'), []);
    assert.deepEqual(db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all(), MIGRATIONS.map((m) => m.version));
    assert.deepEqual(db.prepare("SELECT count(*) FROM kms_key_tags WHERE key_id = ?").pluck().get(CUSTOMER), 0, 'tags cascaded');
    db.close();

    const second = openSqliteStore({ path });
    assert.deepEqual(await second.keys.tags(SCOPE, MANAGED), [{ tagKey: 'env', tagValue: 'prod' }]);
    assert.equal(await second.keys.get(SCOPE, CUSTOMER), undefined);
    assert.deepEqual((await second.keys.allMaterials()).map((m) => `${m.keyId}/${m.version}`), [`${MANAGED}/1`, `${MANAGED}/2`]);
    await second.close();
  });
});

/** A schema-2 file as the KMS-API Kura wrote it: a scheduled deletion's window in the date's milliseconds. */
function writeVersionTwoFile(path: string, keys: Array<[string, string, number | null]>): void {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  migrate(db, MIGRATIONS.slice(0, 2));
  const insert = db.prepare(`INSERT INTO kms_keys (account_id, region, key_id, description, key_manager, key_state, creation_date,
    deletion_date, policy, rotation_enabled, current_material) VALUES (?, ?, ?, '', 'CUSTOMER', ?, ?, ?, '{}', 0, 1)`);
  for (const [keyId, state, deletion] of keys) insert.run(SCOPE.accountId, SCOPE.region, keyId, state, CREATED, deletion);
  db.close();
}

describe('sqlite schema upgrade from version 2', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kura-upgrade-2-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const at = (days: number) => Math.floor((CREATED + days * DAY) / 1000) * 1000 + days;

  it('recovers each scheduled deletion window from the deletion date, leaving the date as it was', async () => {
    const path = join(dir, 'v2.db');
    writeVersionTwoFile(path, [['seven', 'PendingDeletion', at(7)], ['thirty', 'PendingDeletion', at(30)], ['live', 'Enabled', null]]);
    const store = openSqliteStore({ path });
    const window = async (keyId: string) => {
      const key = await store.keys.get(SCOPE, keyId);
      return [key?.pendingWindowInDays, key?.deletionDate?.getTime() ?? null];
    };
    assert.deepEqual(await window('seven'), [7, at(7)]);
    assert.deepEqual(await window('thirty'), [30, at(30)]);
    assert.deepEqual(await window('live'), [null, null]);
    await store.close();
  });

  it('adds working IAM tables that keep their rows across a reopen', async () => {
    const path = join(dir, 'v2-iam.db');
    writeVersionTwoFile(path, []);
    const first = openSqliteStore({ path });
    assert.equal(await first.policies.generation(), 0);
    const user = { accountId: SCOPE.accountId, name: 'Alice', id: 'AIDAUPGRADE', path: '/', arn: USER, createDate: new Date(CREATED) };
    assert.equal(await first.principals.createUser({ ...user, permissionsBoundary: null, tags: [] }), 'created');
    await first.close();
    const second = openSqliteStore({ path });
    assert.equal((await second.principals.getUser(SCOPE.accountId, 'alice'))?.name, 'Alice');
    assert.equal(await second.policies.generation(), 1);
    await second.close();
  });
});

describe('sqlite schema upgrade from version 5', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kura-upgrade-5-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps every row and adds Secrets Manager tables that work at once and survive a reopen', async () => {
    const path = join(dir, 'v5.db');
    const db = new Database(path);
    db.pragma('journal_mode = WAL');
    migrate(db, MIGRATIONS.slice(0, 5));
    db.prepare("INSERT INTO kura_jobs (name, last_run) VALUES ('sts-session-sweep', ?)").run(CREATED);
    db.close();

    const first = openSqliteStore({ path });
    assert.equal(first.info().schemaVersion, MIGRATIONS.length);
    assert.equal(await first.meta.claimJob('sts-session-sweep', new Date(CREATED + 1000), 60_000), false, 'the job row was kept');
    const secret = {
      name: 'app/db', arn: `arn:aws:secretsmanager:${SCOPE.region}:${SCOPE.accountId}:secret:app/db-AbCdEf`, description: 'd\u0000', kmsKeyId: null,
      createdDate: new Date(CREATED), lastChangedDate: new Date(CREATED), resourcePolicy: null, tags: [{ key: 'k', value: 'v' }],
      rotation: { enabled: true, lambdaArn: null, automaticallyAfterDays: 30, scheduleExpression: null, duration: null, lastRotatedDate: null, nextRotationDate: new Date(CREATED) },
    };
    const version = { versionId: 'v'.repeat(32), stages: ['AWSCURRENT'], createdDate: new Date(CREATED), lastAccessedDate: null, kmsKeyArn: 'arn:aws:kms:k', kind: 'string' as const, sealed: Buffer.from('sealed') };
    assert.equal(await first.secrets.create(SCOPE, secret, version), 'created');
    await first.close();

    const second = openSqliteStore({ path });
    assert.deepEqual(await second.secrets.read(SCOPE, 'app/db', { stage: 'AWSCURRENT' }), {
      secret: { ...secret, lastAccessedDate: null, deletedDate: null, deletionDate: null, revision: 1 }, version,
    });
    assert.deepEqual(await second.secrets.dueForRotation(new Date(CREATED + DAY), 10), [{ scope: SCOPE, name: 'app/db' }]);
    await second.close();
    const check = new Database(path, { readonly: true });
    assert.equal(check.pragma('integrity_check', { simple: true }), 'ok');
    assert.deepEqual(check.pragma('foreign_key_check'), []);
    check.close();
  });
});
