// The built server (node dist/server.js, the image's CMD) as a process, against the real MariaDB.

import assert from 'node:assert/strict';
import { request, Agent } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { SEED_POSTS } from './schema.js';
import { createTestDatabase, type TestDatabase } from '../test/support/mariadb.js';
import { distDir, packageDir } from '../test/support/paths.js';
import { baseEnv, closedPort, listeningPort, run, type Running } from '../test/support/process.js';

const serverJs = `${distDir}/server.js`;

function startServer(env: Record<string, string>): Running {
  return run(process.execPath, [serverJs], { cwd: packageDir, env: baseEnv({ PORT: '0', ...env }) });
}

describe('configuration errors', () => {
  test('exits 1 with one stderr line naming every missing or malformed variable, and no value', async () => {
    const app = startServer({ DB_USER: 'sample', DB_PASSWORD: 'topsecret-pw', DB_HOST: 'db:3306', DB_PORT: 'abc', PORT: '99999' });
    const { code } = await app.exited;
    assert.equal(code, 1);
    assert.equal(app.stdout(), '', 'nothing on stdout');
    const lines = app.stderr().trimEnd().split('\n');
    assert.equal(lines.length, 1, `one line, got:\n${app.stderr()}`);
    const line = JSON.parse(lines[0]!) as { level: string; msg: string; variables: string[] };
    assert.equal(line.level, 'error');
    assert.deepEqual(line.variables, ['DB_HOST', 'DB_NAME', 'DB_PORT', 'PORT']);
    assert.match(line.msg, /^invalid configuration: DB_HOST is malformed .*; DB_NAME is missing; DB_PORT is malformed .*; PORT is malformed/);
    for (const value of ['topsecret-pw', 'abc', '99999', 'db:3306']) assert.ok(!app.stderr().includes(value), `stderr shows ${value}`);
  });
});

describe('against the real MariaDB', () => {
  let db: TestDatabase;
  let app: Running;
  let base: string;
  before(async () => {
    db = await createTestDatabase('server', { migrated: true });
    app = startServer(db.env);
    base = `http://127.0.0.1:${await listeningPort(app)}`;
  });
  after(async () => {
    await app?.stop();
    await db?.drop();
  });

  test('GET /posts returns the rows of the posts table as JSON', async () => {
    const res = await fetch(`${base}/posts`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/json; charset=utf-8');
    assert.match(res.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/);
    const body = (await res.json()) as { posts: unknown[] };
    assert.deepEqual(body.posts, SEED_POSTS.map((p) => ({ ...p })));
  });

  test('GET /posts reflects rows added behind its back, in id order, with UTC timestamps', async () => {
    await db.root.query(`INSERT INTO ${db.root.escapeId(db.name)}.posts (id, title, body, created_at) VALUES (10, 'Ünïcödé ✓', 'b', '2024-02-29 23:59:59.123')`);
    const body = (await (await fetch(`${base}/posts?ignored=1`)).json()) as { posts: Array<{ id: number; title: string; createdAt: string }> };
    assert.deepEqual(body.posts.map((p) => p.id), [1, 2, 3, 10]);
    assert.deepEqual(body.posts.at(-1), { id: 10, title: 'Ünïcödé ✓', body: 'b', createdAt: '2024-02-29T23:59:59.123Z' });
    await db.root.query(`DELETE FROM ${db.root.escapeId(db.name)}.posts WHERE id = 10`);
  });

  test('GET /.healthcheck answers 200 when the database answers', async () => {
    const res = await fetch(`${base}/.healthcheck`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { status: 'ok' });
  });

  test('unknown routes are 404 in JSON; other methods on known routes are 405 with Allow', async () => {
    for (const path of ['/', '/posts/', '/posts/1', '/POSTS', '/.healthcheck/x', '/__proto__', '/constructor']) {
      const res = await fetch(`${base}${path}`);
      assert.equal(res.status, 404, path);
      assert.equal(res.headers.get('content-type'), 'application/json; charset=utf-8');
      assert.deepEqual(await res.json(), { error: 'NotFound', message: 'no such route' });
    }
    const res = await fetch(`${base}/posts`, { method: 'POST', body: '{}' });
    assert.equal(res.status, 405);
    assert.equal(res.headers.get('allow'), 'GET, HEAD');
    assert.deepEqual(await res.json(), { error: 'MethodNotAllowed', message: 'use GET' });
  });

  test('HEAD /posts sends the headers without a body', async () => {
    const res = await fetch(`${base}/posts`, { method: 'HEAD' });
    assert.equal(res.status, 200);
    assert.ok(Number(res.headers.get('content-length')) > 0);
    assert.equal(await res.text(), '');
  });

  test('logs one JSON line per request with the path only, and never the password', async () => {
    await fetch(`${base}/posts?token=abc`);
    const line = await app.waitFor((l) => l.msg === 'request' && l.path === '/posts' && l.status === 200);
    assert.equal(line.level, 'info');
    assert.equal(line.method, 'GET');
    assert.equal(typeof line.ms, 'number');
    assert.ok(!app.stdout().includes('token=abc'), 'query strings are not logged');
    assert.ok(!app.stdout().includes(db.password) && !app.stderr().includes(db.password));
    for (const raw of app.stdout().trimEnd().split('\n')) JSON.parse(raw);
  });
});

describe('when the database is down', () => {
  test('/.healthcheck and /posts answer 503 in JSON, and the app keeps running', async () => {
    const port = await closedPort();
    const app = startServer({ DB_USER: 'u', DB_PASSWORD: 'p', DB_HOST: '127.0.0.1', DB_NAME: 'posts', DB_PORT: String(port) });
    try {
      const base = `http://127.0.0.1:${await listeningPort(app)}`;
      const health = await fetch(`${base}/.healthcheck`);
      assert.equal(health.status, 503);
      assert.deepEqual(await health.json(), { status: 'unavailable', error: 'DatabaseUnavailable' });
      const posts = await fetch(`${base}/posts`);
      assert.equal(posts.status, 503);
      assert.equal(posts.headers.get('retry-after'), '5');
      const body = (await posts.json()) as Record<string, unknown>;
      assert.equal(body.error, 'DatabaseUnavailable');
      assert.ok(!JSON.stringify(body).includes('ECONNREFUSED'), 'internals stay in the log');
      const logged = await app.waitFor((l) => l.msg === 'listing posts failed');
      assert.equal(logged.code, 'ECONNREFUSED');
    } finally {
      assert.equal((await app.stop()).code, 0);
    }
  });
});

describe('graceful shutdown on SIGTERM', () => {
  let db: TestDatabase;
  before(async () => {
    db = await createTestDatabase('shutdown', { migrated: true });
  });
  after(async () => {
    await db?.drop();
  });

  test('an in-flight request finishes, new connections are refused, and the process exits 0', async () => {
    const app = startServer(db.env);
    const port = await listeningPort(app);
    // Hold a write lock on posts so that the app's SELECT waits inside MariaDB: a real in-flight request.
    await db.root.query(`LOCK TABLES ${db.root.escapeId(db.name)}.posts WRITE`);
    try {
      const inFlight = fetch(`http://127.0.0.1:${port}/posts`);
      await waitUntil(async () => {
        const [rows] = await db.root.query(`SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE USER = ? AND INFO LIKE 'SELECT id, title%'`, [db.user]);
        return (rows as Array<{ n: number }>)[0]!.n > 0;
      });
      app.child.kill('SIGTERM');
      await app.waitFor((l) => l.msg === 'shutting down' && l.signal === 'SIGTERM');
      await assert.rejects(fetch(`http://127.0.0.1:${port}/.healthcheck`), 'the listening socket is closed');
      assert.equal(app.child.exitCode, null, 'still running while a request is in flight');
      await db.root.query('UNLOCK TABLES');
      const res = await inFlight;
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('connection'), 'close');
      assert.equal(((await res.json()) as { posts: unknown[] }).posts.length, SEED_POSTS.length);
    } finally {
      await db.root.query('UNLOCK TABLES');
    }
    assert.deepEqual(await app.exited, { code: 0, signal: null });
    assert.ok(app.lines().some((l) => l.msg === 'stopped'));
  });

  test('an idle keep-alive connection does not hold the shutdown open', async () => {
    const app = startServer(db.env);
    const port = await listeningPort(app);
    const agent = new Agent({ keepAlive: true });
    await new Promise<void>((resolve, reject) => {
      request({ port, host: '127.0.0.1', path: '/.healthcheck', agent }, (res) => {
        res.resume();
        res.on('end', resolve);
      }).on('error', reject).end();
    });
    const started = Date.now();
    app.child.kill('SIGTERM');
    assert.deepEqual(await app.exited, { code: 0, signal: null });
    assert.ok(Date.now() - started < 3_000, 'exits promptly, not after the keep-alive timeout');
    agent.destroy();
  });
});

async function waitUntil(condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(20);
  }
}
