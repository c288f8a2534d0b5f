// The PostgreSQL store's Database when the server goes away, through a TCP forwarder the test
// controls (a 1 s bound here, 5 s in `kura serve`): what a call waits for, what it fails with, and
// that it serves again by itself once the server is back.

import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { Database, type AvailabilityChange } from '../../src/store/postgres/database.js';
import { ADMIN_URL } from '../../src/store/postgres/testing/database.js';
import { StoreUnavailableError } from '../../src/store/unavailable.js';
import { startTcpProxy, type TcpProxy } from './tcp-proxy.js';

const BOUND = 1_000;
const PASSWORD = 'availability-test-password';
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the PostgreSQL store while its server is away', () => {
  let proxy: TcpProxy;
  let db: Database;
  let changes: AvailabilityChange[];

  const select = async () => {
    const started = Date.now();
    try {
      const row = await db.row<{ one: number }>('SELECT 1 AS one');
      return { ms: Date.now() - started, one: row?.one };
    } catch (error) {
      return { ms: Date.now() - started, error };
    }
  };

  before(async () => {
    const target = new URL(ADMIN_URL);
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    const url = new URL(ADMIN_URL);
    url.password = PASSWORD;
    url.port = String(proxy.port);
    db = new Database({ url: url.toString(), timeoutMs: BOUND, maxConnections: 4, onAvailability: (change) => void changes.push(change) });
  });
  beforeEach(async () => {
    await proxy.restore();
    // Until the server has answered again: each test starts with PostgreSQL up.
    for (let i = 0; i < 50 && (await select()).one !== 1; i++) await pause(100);
    changes = [];
  });
  after(async () => {
    await db?.close();
    await proxy?.close();
  });

  test('refused: the call fails with StoreUnavailableError within the bound; the next call after the return succeeds', async () => {
    await proxy.cut('refuse');
    const during = await select();
    assert.ok(during.error instanceof StoreUnavailableError, String(during.error));
    assert.ok(during.ms <= BOUND + 300, `${during.ms} ms`);
    await proxy.restore();
    const back = await select();
    assert.equal(back.one, 1);
    assert.equal(changes[0]?.available, false);
    assert.deepEqual(changes.slice(1).map((c) => c.available), [true], 'one change each way, however many calls failed');
    const reason = changes[0]?.available === false ? changes[0].reason : '';
    assert.match(reason, /ECONNRESET|ECONNREFUSED|Connection terminated/);
    assert.ok(!String((during.error as Error).message).includes(PASSWORD) && !reason.includes(PASSWORD));
  });

  test('an outage shorter than the bound: the call waits it out and succeeds', async () => {
    await proxy.cut('refuse');
    await pause(100);
    setTimeout(() => void proxy.restore(), 500);
    const call = await select();
    assert.equal(call.one, 1, String(call.error));
    assert.ok(call.ms >= 300, `${call.ms} ms: it waited for the server`);
  });

  test('an outage older than the bound: later calls fail at once, and the first call after the return succeeds', async () => {
    await proxy.cut('refuse');
    await pause(100);
    const first = await select();
    assert.ok(first.error instanceof StoreUnavailableError);
    const later = await select();
    assert.ok(later.error instanceof StoreUnavailableError);
    assert.ok(later.ms < 200, `${later.ms} ms: no second wait for the same outage`);
    await proxy.restore();
    const back = await select();
    assert.equal(back.one, 1, String(back.error));
    assert.ok(back.ms < 500, `${back.ms} ms`);
  });

  test('partitioned (nothing answers): a statement is given up within the bound, a later call within a second, and both connections are closed', async () => {
    await select(); // a pooled connection, which will go silent
    await proxy.cut('blackhole');
    const silent = await select();
    assert.ok(silent.error instanceof StoreUnavailableError);
    assert.match((silent.error as Error).message, /Query read timeout|timeout exceeded when trying to connect/);
    assert.ok(silent.ms <= BOUND + 300, `${silent.ms} ms`);
    const later = await select();
    assert.ok(later.error instanceof StoreUnavailableError);
    assert.ok(later.ms <= 1_300, `${later.ms} ms`);
    const inTransaction = Date.now();
    await assert.rejects(
      db.transaction((q) => q.row('SELECT 1')),
      StoreUnavailableError,
    );
    assert.ok(Date.now() - inTransaction <= 1_300, 'a broken transaction is not rolled back on a silent connection');
    await proxy.restore();
    assert.equal((await select()).one, 1);
    assert.equal(db.pool.totalCount, 1, 'the silent connections were closed, not handed out again');
  });

  test('a statement’s own error is not an outage: it stays what it is, and the server is still up', async () => {
    await assert.rejects(db.row('SELECT * FROM no_such_table'), (error: Error) => !(error instanceof StoreUnavailableError) && /does not exist/.test(error.message));
    assert.deepEqual(changes, []);
  });
});
