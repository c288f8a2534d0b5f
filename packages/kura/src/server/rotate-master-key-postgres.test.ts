// kura rotate-master-key on a PostgreSQL store, run as an operator runs it (the command, in a
// process of its own) between real servers: refused while a replica is connected; once the
// replicas are stopped, a server with the new key starts and reads what was written under the old
// one (SecureStrings, the administrator's key, an STS session), and one with the old key is refused
// by the check value; a rotation killed half way leaves the old key valid and nothing under the new.
// Nothing the command prints holds a key, a value or the database password.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { after, describe, test } from 'node:test';
import { GetParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { GetCallerIdentityCommand, GetSessionTokenCommand, STSClient, type Credentials } from '@aws-sdk/client-sts';
import pg from 'pg';
import { freshSchemaUrl } from '../store/postgres/testing/database.js';
import { parseServeArgs, type ServeConfig } from './config.js';
import { MasterKeyMismatchError, startServer, type RunningServer } from './serve.js';

const MAIN = fileURLToPath(new URL('../cli/main.ts', import.meta.url));
const ADMIN = { accessKeyId: 'AKIAROTATEPOSTGRES01', secretAccessKey: 'rotate-postgres-secret-0123456789' };
const PASSWORD = 'rotate-db-password-canary';
const VALUE = 'rotate-postgres-canary-value';
const ADMIN_ARN = 'arn:aws:iam::000000000000:user/admin';
const quiet = { log: () => undefined };
const work = mkdtempSync(path.join(tmpdir(), 'kura-rotate-pg-'));
after(() => rmSync(work, { recursive: true, force: true }));

/** A new schema's store URL, and the same with a password, which trust auth ignores and no output may show. */
async function freshStoreUrl(): Promise<{ url: string; plain: string }> {
  const plain = await freshSchemaUrl('rotate');
  const url = new URL(plain);
  url.password = PASSWORD;
  return { url: url.toString(), plain };
}

const newKey = () => randomBytes(32).toString('base64');

async function server(url: string, masterKey: string): Promise<RunningServer> {
  const dataDir = mkdtempSync(path.join(work, 'data-'));
  const config = parseServeArgs(['--port', '0', '--data', dataDir, '--store', url], process.cwd(), {}) as ServeConfig;
  return startServer(config, { env: { KURA_MASTER_KEY: masterKey, KURA_ADMIN_ACCESS_KEY_ID: ADMIN.accessKeyId, KURA_ADMIN_SECRET_ACCESS_KEY: ADMIN.secretAccessKey }, logger: quiet });
}

const clients = (s: RunningServer, credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } = ADMIN) => ({
  ssm: new SSMClient({ endpoint: s.url, region: 'us-east-1', credentials, maxAttempts: 1 }),
  sts: new STSClient({ endpoint: s.url, region: 'us-east-1', credentials, maxAttempts: 1 }),
});

/** Writes a SecureString and takes an STS session under the server's key; returns the session's credentials. */
async function fill(s: RunningServer): Promise<Credentials> {
  const { ssm, sts } = clients(s);
  await ssm.send(new PutParameterCommand({ Name: '/rotate/secret', Value: VALUE, Type: 'SecureString' }));
  const { Credentials: session } = await sts.send(new GetSessionTokenCommand({ DurationSeconds: 3600 }));
  assert.ok(session?.AccessKeyId && session.SecretAccessKey && session.SessionToken);
  return session;
}

/** A server on `url` with `masterKey` reads back what fill() wrote: the SecureString, the admin's key and the session. */
async function assertServes(url: string, masterKey: string, session: Credentials): Promise<void> {
  const s = await server(url, masterKey);
  try {
    assert.deepEqual(await readBack(s, session), [VALUE, ADMIN_ARN, ADMIN_ARN]);
  } finally {
    await s.close();
  }
}

/** What a server reads back: the SecureString, and who the admin's key and the session's are. */
async function readBack(s: RunningServer, session: Credentials): Promise<[string | undefined, string | undefined, string | undefined]> {
  const admin = clients(s);
  const viaSession = clients(s, { accessKeyId: session.AccessKeyId!, secretAccessKey: session.SecretAccessKey!, sessionToken: session.SessionToken! });
  const read = await admin.ssm.send(new GetParameterCommand({ Name: '/rotate/secret', WithDecryption: true }));
  const [a, b] = await Promise.all([admin.sts.send(new GetCallerIdentityCommand({})), viaSession.sts.send(new GetCallerIdentityCommand({}))]);
  return [read.Parameter?.Value, a.Arn, b.Arn];
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  pid: number;
  done: Promise<void>;
}

/** `kura rotate-master-key …` in a process of its own; `done` settles when it exits. */
function rotateCommand(args: string[], masterKey: string): Run {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, 'rotate-master-key', ...args], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, KURA_MASTER_KEY: masterKey },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const run: Run = { code: null, stdout: '', stderr: '', pid: child.pid ?? 0, done: Promise.resolve() };
  child.stdout.on('data', (chunk: Buffer) => (run.stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (run.stderr += chunk.toString()));
  run.done = new Promise((resolve) => child.on('close', (code) => ((run.code = code), resolve())));
  return run;
}

function assertNothingSecret(run: Run, ...secrets: string[]): void {
  for (const secret of [PASSWORD, VALUE, ADMIN.secretAccessKey, ...secrets]) {
    assert.ok(!run.stdout.includes(secret) && !run.stderr.includes(secret), 'no key, value or password is printed');
  }
}

describe('kura rotate-master-key --store (PostgreSQL)', () => {
  test('is refused while a replica is connected; with the replicas stopped, the new key serves what the old one wrote and the old key is refused', async () => {
    const { url } = await freshStoreUrl();
    const oldKey = newKey();
    const replica = await server(url, oldKey);
    let session: Credentials;
    try {
      session = await fill(replica);
      const refused = rotateCommand(['--store', url, '--generate', '--data', work], oldKey);
      await refused.done;
      assert.equal(refused.code, 1, refused.stderr);
      assert.match(refused.stderr, /^kura rotate-master-key: 1 other Kura connection is open to the store's database \(from [^)]+\): stop every Kura server on this store .* Nothing was changed\n$/);
      assertNothingSecret(refused, oldKey);
      assert.deepEqual(await readBack(replica, session), [VALUE, ADMIN_ARN, ADMIN_ARN], 'the replica serves on, under the old key');
    } finally {
      await replica.close();
    }
    assert.throws(() => readFileSync(path.join(work, 'master.key.new')), { code: 'ENOENT' }, 'no key was generated for a refused rotation');

    const rotation = rotateCommand(['--store', url, '--generate', '--data', work], oldKey);
    await rotation.done;
    assert.equal(rotation.code, 0, rotation.stderr);
    const rotatedTo = readFileSync(path.join(work, 'master.key.new'), 'utf8').trim();
    assert.equal(Buffer.from(rotatedTo, 'base64').length, 32);
    assert.equal(rotation.stdout.split('\n')[0], 're-wrapped 1 key materials, 1 access keys and 1 STS sessions (0 were already under the new key)');
    assert.match(rotation.stdout, /the store PostgreSQL postgres:\/\/postgres:\*\*\*@.* is under the new master key\n/);
    assertNothingSecret(rotation, oldKey, rotatedTo);

    await assertServes(url, rotatedTo, session);
    await assert.rejects(server(url, oldKey), MasterKeyMismatchError);
  });

  test('killed half way, leaves every record under the old key and the check value unchanged', async () => {
    const { url, plain } = await freshStoreUrl();
    const [oldKey, nextKey] = [newKey(), newKey()];
    const keyFile = path.join(work, 'next.key');
    writeFileSync(keyFile, nextKey, { mode: 0o600 });
    const first = await server(url, oldKey);
    const session = await fill(first).finally(() => first.close());
    // Sessions are re-wrapped last: holding their table makes the rotation wait there, key material
    // and access keys already re-wrapped in its transaction.
    const locker = new pg.Client({ connectionString: plain });
    const watcher = new pg.Client({ connectionString: plain });
    await locker.connect();
    await watcher.connect();
    try {
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE sts_sessions IN ACCESS EXCLUSIVE MODE');
      const rotation = rotateCommand(['--store', url, '--new-key-file', keyFile], oldKey);
      for (let waited = 0; ; waited += 50) {
        const { rows } = await watcher.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'kura' AND wait_event_type = 'Lock' AND query LIKE '%sts_sessions%'",
        );
        if ((rows[0]?.n ?? 0) > 0) break;
        assert.ok(waited < 30_000 && rotation.code === null, `the rotation reaches the sessions (${rotation.stderr})`);
        await sleep(50);
      }
      process.kill(rotation.pid, 'SIGKILL');
      await rotation.done;
    } finally {
      await locker.query('ROLLBACK').catch(() => undefined);
      await locker.end();
      await watcher.end();
    }
    await assertServes(url, oldKey, session);
    await assert.rejects(server(url, nextKey), MasterKeyMismatchError);
  });
});
