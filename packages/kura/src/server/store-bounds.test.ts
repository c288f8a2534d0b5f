// --store-pool-size and --store-timeout reach the PostgreSQL pool of a real server: with the table
// its requests read locked, no more connections than the pool size wait on the lock, and every
// request is answered 503 within the bound given rather than the default 5 s.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, describe, test } from 'node:test';
import { GetParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import pg from 'pg';
import { freshSchemaUrl } from '../store/postgres/testing/database.js';
import { parseServeArgs, type ServeConfig } from './config.js';
import { startServer } from './serve.js';

const ADMIN = { accessKeyId: 'AKIASTOREBOUNDS00001', secretAccessKey: 'store-bounds-secret-0123456789' };
const dataDir = mkdtempSync(path.join(tmpdir(), 'kura-store-bounds-'));
after(() => rmSync(dataDir, { recursive: true, force: true }));

describe('kura serve --store-pool-size --store-timeout', () => {
  test('bound the connections a server opens and how long a request waits for PostgreSQL', async () => {
    const storeUrl = await freshSchemaUrl('bounds');
    const args = ['--port', '0', '--data', dataDir, '--store', storeUrl, '--audit-log', 'file', '--store-pool-size', '2', '--store-timeout', '1500'];
    const env = { KURA_MASTER_KEY: randomBytes(32).toString('base64'), KURA_ADMIN_ACCESS_KEY_ID: ADMIN.accessKeyId, KURA_ADMIN_SECRET_ACCESS_KEY: ADMIN.secretAccessKey };
    const server = await startServer(parseServeArgs(args, process.cwd(), {}) as ServeConfig, { env, logger: { log: () => undefined } });
    const ssm = new SSMClient({ endpoint: server.url, region: 'us-east-1', credentials: ADMIN, maxAttempts: 1 });
    const locker = new pg.Client({ connectionString: storeUrl });
    // Apart from the locker: a transaction sees pg_stat_activity as it was at its first look.
    const watcher = new pg.Client({ connectionString: storeUrl });
    await locker.connect();
    await watcher.connect();
    try {
      await ssm.send(new PutParameterCommand({ Name: '/bounds/p', Value: 'v', Type: 'String' }));
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE parameters IN ACCESS EXCLUSIVE MODE');
      const started = Date.now();
      // Five names: concurrent reads of one name share one query (store/postgres/shared-read.ts).
      const requests = Array.from({ length: 5 }, (_, i) =>
        ssm.send(new GetParameterCommand({ Name: `/bounds/p${i}` })).then(
          () => 200,
          (error: { $metadata?: { httpStatusCode?: number } }) => error.$metadata?.httpStatusCode,
        ),
      );
      let settled = false;
      const statuses = Promise.all(requests).finally(() => (settled = true));
      // The server's connections, sampled while its requests wait on the lock.
      let most = 0;
      while (!settled) {
        const { rows } = await watcher.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'kura' AND pid <> pg_backend_pid()",
        );
        most = Math.max(most, rows[0]?.n ?? 0);
        await sleep(20);
      }
      assert.deepEqual(await statuses, [503, 503, 503, 503, 503]);
      const took = Date.now() - started;
      assert.equal(most, 2, 'no more connections than the pool size');
      assert.ok(took < 3_500, `answered within the bound given (${took} ms; the default would take 4.5 s at least)`);
    } finally {
      await locker.query('ROLLBACK').catch(() => undefined);
      await locker.end();
      await watcher.end();
    }
    try {
      const read = await ssm.send(new GetParameterCommand({ Name: '/bounds/p' }));
      assert.equal(read.Parameter?.Value, 'v', 'served again once the lock is gone');
    } finally {
      ssm.destroy();
      await server.close();
    }
  });
});
