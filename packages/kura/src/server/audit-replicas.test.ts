// The audit log of several replicas on one PostgreSQL store, on the real server: every replica's
// events are one stream, each naming the replica that answered; a database that refuses the insert
// fails requests closed as a full disk does; and `kura audit` prints the stream with only the
// store's URL, never its password.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { GetParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import pg from 'pg';
import type { AuditEvent } from '../gateway/audit.js';
import { testDatabaseUrl } from '../store/postgres/testing/database.js';
import { AuditReadError, readAudit, type AuditRange } from './audit-read.js';
import { parseServeArgs, type ServeConfig } from './config.js';
import { startServer, type RunningServer } from './serve.js';

const run = promisify(execFile);
const MAIN = fileURLToPath(new URL('../cli/main.ts', import.meta.url));
const ADMIN = { accessKeyId: 'AKIAAUDITREPLICAS001', secretAccessKey: 'audit-replicas-secret-0123456789' };
const MASTER = randomBytes(32).toString('base64');
const SECRET_VALUE = 'audit-replicas-canary-value';
const quiet = { log: () => undefined };

/** A schema of its own on the test database, as a store URL (the schema rides in the URL's options). */
async function freshStoreUrl(password?: string): Promise<string> {
  const base = new URL(await testDatabaseUrl());
  const schema = `audit_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base.toString() });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`).finally(() => admin.end());
  if (password) base.password = password;
  base.searchParams.set('options', `-c search_path=${schema}`);
  return base.toString();
}

const dataDirs: string[] = [];
async function replica(storeUrl: string, args: string[] = []): Promise<RunningServer> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'kura-audit-replica-'));
  dataDirs.push(dataDir);
  const config = parseServeArgs(['--port', '0', '--data', dataDir, '--store', storeUrl, ...args], process.cwd(), {}) as ServeConfig;
  const env = { KURA_MASTER_KEY: MASTER, KURA_ADMIN_ACCESS_KEY_ID: ADMIN.accessKeyId, KURA_ADMIN_SECRET_ACCESS_KEY: ADMIN.secretAccessKey };
  return startServer(config, { env, logger: quiet });
}

const ssm = (server: RunningServer) => new SSMClient({ endpoint: server.url, region: 'us-east-1', credentials: ADMIN, maxAttempts: 1 });

async function readAll(storeUrl: string, range: AuditRange = {}): Promise<AuditEvent[]> {
  const events: AuditEvent[] = [];
  for await (const text of readAudit({ storeUrl }, range)) events.push(JSON.parse(text) as AuditEvent);
  return events;
}

after(() => {
  for (const dir of dataDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('two replicas on one store: one stream of audit events', () => {
  let storeUrl: string;
  let a: RunningServer;
  let b: RunningServer;
  const requestIds = { put: '', get: '' };
  const started = Date.now() - 1_000;

  before(async () => {
    storeUrl = await freshStoreUrl('audit-db-password-canary');
    a = await replica(storeUrl, ['--replica-id', 'kura-a']);
    b = await replica(storeUrl);
    const put = await ssm(a).send(new PutParameterCommand({ Name: '/audit/replicas', Type: 'SecureString', Value: SECRET_VALUE }));
    requestIds.put = put.$metadata.requestId ?? '';
    const got = await ssm(b).send(new GetParameterCommand({ Name: '/audit/replicas', WithDecryption: true }));
    assert.equal(got.Parameter?.Value, SECRET_VALUE, 'written through one replica, read through the other');
    requestIds.get = got.$metadata.requestId ?? '';
  });
  after(async () => {
    await Promise.all([a.close(), b.close()]);
  });

  test('each replica is named: as given, or by default its host name and port', () => {
    assert.equal(a.replicaId, 'kura-a');
    assert.equal(b.replicaId, `${hostname()}:${b.port}`);
  });

  test('one read holds both replicas’ decisions, each naming the replica that made it', async () => {
    const events = await readAll(storeUrl);
    const put = events.find((e) => e.requestID === requestIds.put);
    const get = events.find((e) => e.requestID === requestIds.get);
    assert.equal(put?.eventName, 'PutParameter');
    assert.equal(put.additionalEventData.replica, 'kura-a');
    assert.deepEqual(put.additionalEventData.authorization?.map((d) => [d.action, d.decision]), [['ssm:PutParameter', 'Allow'], ['kms:Encrypt', 'Allow']]);
    assert.equal(get?.eventName, 'GetParameter');
    assert.equal(get.additionalEventData.replica, b.replicaId);
    assert.ok(events.indexOf(put) < events.indexOf(get), 'oldest first');
    assert.deepEqual(new Set(events.map((e) => e.additionalEventData.replica)), new Set(['kura-a', b.replicaId]));
    assert.ok(!JSON.stringify(events).includes(SECRET_VALUE), 'no value in the events');
  });

  test('CloudTrail LookupEvents through either replica sees both replicas’ decisions', async () => {
    for (const server of [a, b]) {
      const trail = new CloudTrailClient({ endpoint: server.url, region: 'us-east-1', credentials: ADMIN, maxAttempts: 1 });
      const out = await trail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventSource', AttributeValue: 'ssm.amazonaws.com' }] }));
      trail.destroy();
      const replicas = (out.Events ?? []).map((e) => (JSON.parse(e.CloudTrailEvent ?? '{}') as AuditEvent).additionalEventData.replica);
      assert.deepEqual(replicas, [b.replicaId, 'kura-a'], 'GetParameter (b), then PutParameter (a): newest first');
    }
  });

  test('a read of one replica, or of a time range, holds only those', async () => {
    const onlyA = await readAll(storeUrl, { replica: 'kura-a' });
    assert.ok(onlyA.length > 0 && onlyA.every((e) => e.additionalEventData.replica === 'kura-a'));
    assert.ok(onlyA.some((e) => e.requestID === requestIds.put));
    assert.deepEqual(await readAll(storeUrl, { until: started }), []);
    assert.equal((await readAll(storeUrl, { since: started })).length, (await readAll(storeUrl)).length);
  });

  test('kura audit prints the stream as JSON lines with only the store URL, and never its password', async () => {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', MAIN, 'audit', '--replica', 'kura-a', '--since', '1h'], { env: { ...process.env, KURA_STORE: storeUrl } });
    const lines = stdout.trimEnd().split('\n');
    const printed = lines.map((line) => JSON.parse(line) as AuditEvent);
    assert.deepEqual(printed, await readAll(storeUrl, { replica: 'kura-a' }));
    assert.deepEqual(lines, printed.map((e) => JSON.stringify(e)), 'one compact JSON object per line');
    assert.equal(stderr, '');
    // A store it cannot read: the error names the store without its password.
    const wrong = new URL(storeUrl);
    wrong.pathname = '/kura_no_such_database';
    await assert.rejects(run(process.execPath, ['--import', 'tsx', MAIN, 'audit', '--store', wrong.toString()]), (error: { code: number; stdout: string; stderr: string }) => {
      assert.equal(error.code, 1);
      assert.equal(error.stdout, '');
      assert.match(error.stderr, /^kura audit: cannot read the audit events from postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:5432\/kura_no_such_database\?options=\S*: .*database "kura_no_such_database" does not exist.*\n$/);
      assert.ok(!error.stderr.includes('audit-db-password-canary'));
      return true;
    });
  });
});

describe('a database that refuses the audit insert', () => {
  test('fails requests closed, runs no operation until the events are committed, and loses none', async () => {
    const storeUrl = await freshStoreUrl();
    const server = await replica(storeUrl, ['--replica-id', 'kura-refused']);
    const client = ssm(server);
    const db = new pg.Client({ connectionString: storeUrl });
    await db.connect();
    try {
      await client.send(new PutParameterCommand({ Name: '/refused/secret', Type: 'SecureString', Value: SECRET_VALUE }));
      // Every new row breaks this constraint: the INSERT is refused, as by a full disk or a lost grant.
      await db.query('ALTER TABLE audit_events ADD CONSTRAINT refuse_every_row CHECK (false) NOT VALID');

      const decrypted = client.send(new GetParameterCommand({ Name: '/refused/secret', WithDecryption: true }));
      await assert.rejects(decrypted, (error: Error & { $metadata: { httpStatusCode?: number; requestId?: string } }) => {
        assert.equal(error.name, 'InternalFailure');
        assert.equal(error.$metadata.httpStatusCode, 500);
        assert.ok(!JSON.stringify(error).includes(SECRET_VALUE), 'the decrypted value is not handed out');
        return true;
      });
      // While the events cannot be committed, no operation runs: this write does not happen.
      await assert.rejects(client.send(new PutParameterCommand({ Name: '/refused/new', Type: 'String', Value: 'v' })), { name: 'InternalFailure' });

      await db.query('ALTER TABLE audit_events DROP CONSTRAINT refuse_every_row');
      await assert.rejects(client.send(new GetParameterCommand({ Name: '/refused/new' })), { name: 'ParameterNotFound' });
      const events = (await readAll(storeUrl)).map((e) => [e.eventName, e.errorCode ?? 'ok', e.additionalEventData.replica]);
      assert.deepEqual(events, [
        ['PutParameter', 'ok', 'kura-refused'],
        // The request that ran, as it ran; then the one refused before its operation.
        ['GetParameter', 'ok', 'kura-refused'],
        ['PutParameter', 'InternalFailure', 'kura-refused'],
        ['GetParameter', 'ParameterNotFound', 'kura-refused'],
      ]);
    } finally {
      await db.end();
      await server.close();
    }
  });
});

describe('reading a store no Kura has kept audit events in', () => {
  test('says so, and names the store without its password', async () => {
    const storeUrl = await freshStoreUrl('empty-store-password-canary');
    await assert.rejects(readAll(storeUrl), (error: Error) => {
      assert.ok(error instanceof AuditReadError);
      assert.match(error.message, /^the PostgreSQL store postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:5432\/\S+ has no audit events: no Kura that keeps them there has started on it yet$/);
      return true;
    });
  });
});
