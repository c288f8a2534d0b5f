import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Pool } from 'mysql2/promise';
import type { DbConfig } from './config.js';
import { createLogger } from './log.js';
import { refreshingPool, type Refresh } from './refreshing-pool.js';
import { parseCredentials } from './secret-credentials.js';

const DB: DbConfig = { user: 'app', password: 'start-pw', host: '127.0.0.1', port: 3306, database: 'posts' };

function denied(): Error {
  return Object.assign(new Error("Access denied for user 'app'@'localhost' (using password: YES)"), { code: 'ER_ACCESS_DENIED_ERROR', fatal: true });
}

/** Pools that answer with their user name, or refuse every user in `refused`. */
function fakePools(refused: Set<string>) {
  const opened: Array<{ db: DbConfig; ended: boolean }> = [];
  const open = (db: DbConfig) => {
    const entry = { db, ended: false };
    opened.push(entry);
    const pool = {
      query: async () => {
        if (entry.ended) throw new Error('Pool is closed.');
        if (refused.has(`${db.user}/${db.password}`)) throw denied();
        return db.user;
      },
      end: async () => {
        entry.ended = true;
      },
    };
    return pool as unknown as Pool;
  };
  return { opened, open };
}

const ask = (p: Pool) => (p as unknown as { query(): Promise<string> }).query();

function logged() {
  let out = '';
  const sink = { write: (line: string) => (out += line) };
  return { log: createLogger({ out: sink, err: sink }), text: () => out };
}

function reader(values: Array<{ user: string; password: string } | Error>): Refresh & { calls: () => number } {
  let calls = 0;
  return {
    secretId: 'goecssample/db',
    read: async () => {
      const next = values[Math.min(calls++, values.length - 1)]!;
      if (next instanceof Error) throw next;
      return next;
    },
    calls: () => calls,
  };
}

describe('the refreshing pool', () => {
  test('without DB_SECRET_ID a refused password is the error it always was, and nothing is read', async () => {
    const pools = fakePools(new Set(['app/start-pw']));
    const pool = refreshingPool(DB, undefined, logged().log, pools.open);
    await assert.rejects(pool.run(ask), { code: 'ER_ACCESS_DENIED_ERROR' });
    assert.equal(pools.opened.length, 1);
    await pool.end();
  });

  test('a refused password is re-read from the secret, a new pool takes over and the request is retried on it', async () => {
    const pools = fakePools(new Set(['app/start-pw']));
    const secret = reader([{ user: 'app_clone', password: 'rotated-pw' }]);
    const { log, text } = logged();
    const pool = refreshingPool(DB, secret, log, pools.open);
    assert.equal(await pool.run(ask), 'app_clone');
    assert.deepEqual(pools.opened.map((p) => [p.db.user, p.db.password, p.db.host, p.db.database]), [
      ['app', 'start-pw', '127.0.0.1', 'posts'],
      ['app_clone', 'rotated-pw', '127.0.0.1', 'posts'],
    ]);
    assert.equal(pools.opened[0]!.ended, false, 'the old pool lets its requests finish before it ends');
    assert.equal(await pool.run(ask), 'app_clone', 'later requests use the new pool without reading again');
    assert.equal(secret.calls(), 1);
    await pool.end();
    assert.ok(pools.opened.every((p) => p.ended), 'end() ends the retired pool too');
    assert.match(text(), /"msg":"database credentials refreshed","secretId":"goecssample\/db","userChanged":true/);
    assert.ok(!text().includes('rotated-pw') && !text().includes('start-pw'), 'no password in the log');
  });

  test('requests refused at the same time wait for one read of the secret', async () => {
    const pools = fakePools(new Set(['app/start-pw']));
    const secret = reader([{ user: 'app', password: 'rotated-pw' }]);
    const pool = refreshingPool(DB, secret, logged().log, pools.open);
    const answers = await Promise.all(Array.from({ length: 20 }, () => pool.run(ask)));
    assert.deepEqual(new Set(answers), new Set(['app']));
    assert.equal(secret.calls(), 1);
    assert.equal(pools.opened.length, 2);
    await pool.end();
  });

  test('a secret still holding the refused password fails the request, and is not read again for a second', async () => {
    const pools = fakePools(new Set(['app/start-pw']));
    const secret = reader([{ user: 'app', password: 'start-pw' }]);
    const { log, text } = logged();
    const pool = refreshingPool(DB, secret, log, pools.open);
    await assert.rejects(pool.run(ask), { code: 'ER_ACCESS_DENIED_ERROR' });
    await assert.rejects(pool.run(ask), { code: 'ER_ACCESS_DENIED_ERROR' });
    assert.equal(secret.calls(), 1, 'the second refusal came within the quiet second');
    assert.equal(pools.opened.length, 1);
    assert.match(text(), /the database refuses the credentials the secret holds/);
    await pool.end();
  });

  test('a secret that cannot be read fails the request with the database error and logs why', async () => {
    const pools = fakePools(new Set(['app/start-pw']));
    const secret = reader([Object.assign(new Error('User is not authorized to perform: secretsmanager:GetSecretValue'), { name: 'AccessDeniedException' })]);
    const { log, text } = logged();
    const pool = refreshingPool(DB, secret, log, pools.open);
    await assert.rejects(pool.run(ask), { code: 'ER_ACCESS_DENIED_ERROR' });
    assert.match(text(), /"msg":"could not re-read the database credentials","secretId":"goecssample\/db","error":"User is not authorized/);
    await pool.end();
  });

  test('errors other than a refused password are not retried and read nothing', async () => {
    const secret = reader([{ user: 'x', password: 'y' }]);
    const failing = { query: async () => Promise.reject(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })), end: async () => {} };
    const pool = refreshingPool(DB, secret, logged().log, () => failing as unknown as Pool);
    await assert.rejects(pool.run(ask), { code: 'ECONNREFUSED' });
    assert.equal(secret.calls(), 0);
    await pool.end();
  });

  test('a request refused by the old pool after another one swapped it is retried on the new pool without a read', async () => {
    const pools = fakePools(new Set(['app/start-pw']));
    const secret = reader([{ user: 'app', password: 'rotated-pw' }]);
    const pool = refreshingPool(DB, secret, logged().log, pools.open);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    // This request holds the old pool until the swap has happened, then is refused by it.
    const late = pool.run(async (p) => {
      await gate;
      return ask(p);
    });
    assert.equal(await pool.run(ask), 'app');
    release();
    assert.equal(await late, 'app');
    assert.equal(secret.calls(), 1);
    await pool.end();
  });
});

describe('credentials from the secret', () => {
  test('takes username and password from the JSON object, checked as DB_USER and DB_PASSWORD', () => {
    const text = JSON.stringify({ engine: 'mysql', host: 'other', port: 1, username: 'app_clone', password: 'p w', dbname: 'posts' });
    assert.deepEqual(parseCredentials('goecssample/db', text, DB), { user: 'app_clone', password: 'p w' });
  });

  test('refuses anything else, naming the secret and never a value', () => {
    const cases: Array<[string | undefined, RegExp]> = [
      [undefined, /has no SecretString/],
      ['hunter2', /is not JSON/],
      ['["a"]', /is not a JSON object/],
      [JSON.stringify({ username: 'app' }), /lacks a string username or password/],
      [JSON.stringify({ username: 'app\n', password: 'hunter2' }), /DB_USER is malformed/],
      [JSON.stringify({ username: 'app', password: '' }), /DB_PASSWORD is empty/],
    ];
    for (const [text, why] of cases) {
      assert.throws(() => parseCredentials('goecssample/db', text, DB), (error: Error) => {
        assert.match(error.message, /^the secret goecssample\/db /);
        assert.match(error.message, why);
        assert.ok(!error.message.includes('hunter2'));
        return true;
      });
    }
  });
});
