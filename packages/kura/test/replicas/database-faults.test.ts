// `kura serve` when its PostgreSQL goes away and comes back, with a TCP forwarder the test controls
// between the two (the PostgreSQL other tests share is never stopped): requests fail within a bound
// with AWS's retryable 503 ServiceUnavailable (the SDK and the AWS CLI retry it), /_kura/health
// says 503, a short outage costs a request a delay rather than an error, and the same server process
// serves again once the database is back. Its log says what happened, and never the URL's password.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { GetParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import pg from 'pg';
import { ADMIN_URL } from '../../src/store/postgres/testing/database.js';
import { KURA_VERSION } from '../../src/server/version.js';
import { freePort } from './private-postgres.js';
import { ADMIN_KEYS, Replica } from './replica.js';
import { startTcpProxy, type TcpProxy } from './tcp-proxy.js';

const run = promisify(execFile);
/** Never sent (the server trusts local connections) and never to be printed. */
const PASSWORD = `pw-${randomBytes(6).toString('hex')}-never-logged`;
/**
 * Kura's bound: 5 s for a connection or a statement's answer, then 1 s for each later store call of
 * the same outage (the request's audit record); some slack for a busy machine.
 */
const BOUND_MS = 8_000;

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  await client.query(sql).finally(() => client.end());
}

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; result?: T; error?: Error & { $metadata?: { httpStatusCode?: number; attempts?: number }; $fault?: string } }> {
  const started = Date.now();
  try {
    const result = await work();
    return { ms: Date.now() - started, result };
  } catch (error) {
    return { ms: Date.now() - started, error: error as Error };
  }
}

describe('kura serve while its PostgreSQL is unreachable', () => {
  const database = `kura_faults_${randomBytes(4).toString('hex')}`;
  let work: string;
  let proxy: TcpProxy;
  let kura: Replica;
  let ssm: SSMClient;
  let once: SSMClient;

  const health = async () => {
    const started = Date.now();
    const response = await fetch(`${kura.url}/_kura/health`);
    return { status: response.status, body: (await response.json()) as unknown, ms: Date.now() - started };
  };
  const cli = (args: string[], attempts: number) =>
    run('aws', [...args, '--output', 'json'], {
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        AWS_ENDPOINT_URL: kura.url,
        AWS_ACCESS_KEY_ID: ADMIN_KEYS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: ADMIN_KEYS.secretAccessKey,
        AWS_DEFAULT_REGION: 'us-east-1',
        AWS_CONFIG_FILE: '/nonexistent/kura-faults-config',
        AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/kura-faults-credentials',
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_MAX_ATTEMPTS: String(attempts),
        AWS_RETRY_MODE: 'standard',
      },
    });

  before(async () => {
    await admin(`CREATE DATABASE ${database}`);
    work = mkdtempSync(path.join(tmpdir(), 'kura-faults-'));
    const target = new URL(ADMIN_URL);
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    const url = new URL(ADMIN_URL);
    url.password = PASSWORD;
    url.port = String(proxy.port);
    url.pathname = `/${database}`;
    kura = new Replica({ name: 'faults', port: await freePort(), storeUrl: url.toString(), masterKey: randomBytes(32).toString('base64'), dataDir: path.join(work, 'data') });
    await kura.start();
    const client = (maxAttempts?: number) =>
      new SSMClient({ endpoint: kura.url, region: 'us-east-1', credentials: ADMIN_KEYS, ...(maxAttempts ? { maxAttempts } : {}) });
    ssm = client();
    once = client(1);
    await ssm.send(new PutParameterCommand({ Name: '/faults/p', Value: 'v1', Type: 'String' }));
  });
  after(async () => {
    ssm?.destroy();
    once?.destroy();
    await kura?.kill();
    await proxy?.close();
    rmSync(work, { recursive: true, force: true });
    await admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  });

  test('database refused: 503 ServiceUnavailable within the bound, retried by the SDK; health 503; the same process serves once it is back', async (t) => {
    assert.equal((await health()).status, 200);
    await proxy.cut('refuse');

    const single = await timed(() => once.send(new GetParameterCommand({ Name: '/faults/p' })));
    t.diagnostic(`first request of the outage: ${single.ms} ms`);
    assert.equal(single.error?.name, 'ServiceUnavailable', String(single.error));
    assert.equal(single.error?.$metadata?.httpStatusCode, 503);
    assert.equal(single.error?.$fault, 'server');
    assert.equal(single.error?.message, 'The request has failed due to a temporary failure of the server.');
    assert.ok(single.ms < BOUND_MS, `answered in ${single.ms} ms`);

    // The SDK's default strategy retried it (3 attempts), as it would a 503 from AWS.
    const retried = await timed(() => ssm.send(new GetParameterCommand({ Name: '/faults/p' })));
    assert.equal(retried.error?.name, 'ServiceUnavailable');
    assert.equal(retried.error?.$metadata?.attempts, 3);
    assert.ok(retried.ms < 3 * BOUND_MS + 2_000, `three attempts in ${retried.ms} ms`);

    // AWS Query (STS): the same error in XML; authentication itself needs the store.
    const sts = new STSClient({ endpoint: kura.url, region: 'us-east-1', credentials: ADMIN_KEYS, maxAttempts: 1 });
    const who = await timed(() => sts.send(new GetCallerIdentityCommand({})));
    sts.destroy();
    assert.equal(who.error?.name, 'ServiceUnavailable');
    assert.equal(who.error?.$metadata?.httpStatusCode, 503);

    const down = await health();
    assert.deepEqual([down.status, down.body], [503, { status: 'unavailable', version: KURA_VERSION }]);
    assert.ok(down.ms < 3_000, `health answered in ${down.ms} ms`);

    await proxy.restore();
    const back = await ssm.send(new GetParameterCommand({ Name: '/faults/p' }));
    assert.equal(back.Parameter?.Value, 'v1');
    assert.equal((await health()).status, 200);
  });

  test('the AWS CLI retries it too, and says so when its attempts run out', async () => {
    await proxy.cut('refuse');
    const failed = await cli(['ssm', 'get-parameter', '--name', '/faults/p'], 2).then(
      () => assert.fail('the CLI succeeded while the database was away'),
      (error: { stderr: string }) => error.stderr,
    );
    assert.match(failed, /An error occurred \(ServiceUnavailable\) when calling the GetParameter operation \(reached max retries: 1\): The request has failed due to a temporary failure of the server\./);
    await proxy.restore();
    const { stdout } = await cli(['ssm', 'get-parameter', '--name', '/faults/p'], 2);
    assert.equal(JSON.parse(stdout).Parameter.Value, 'v1');
  });

  test('network partition (connections accepted, never answered): 503 within the bound, then served again', async (t) => {
    await proxy.cut('blackhole');
    const [read, write] = await Promise.all([
      timed(() => once.send(new GetParameterCommand({ Name: '/faults/p' }))),
      timed(() => once.send(new PutParameterCommand({ Name: '/faults/p', Value: 'during', Type: 'String', Overwrite: true }))),
    ]);
    t.diagnostic(`during the partition: GetParameter ${read.ms} ms, PutParameter ${write.ms} ms`);
    for (const attempt of [read, write]) {
      assert.equal(attempt.error?.name, 'ServiceUnavailable', String(attempt.error));
      assert.ok(attempt.ms < BOUND_MS, `answered in ${attempt.ms} ms`);
    }
    const down = await health();
    assert.equal(down.status, 503);
    assert.ok(down.ms < 3_000, `health answered in ${down.ms} ms`);
    await proxy.restore();
    await ssm.send(new PutParameterCommand({ Name: '/faults/p', Value: 'v2', Type: 'String', Overwrite: true }));
    assert.equal((await ssm.send(new GetParameterCommand({ Name: '/faults/p' }))).Parameter?.Value, 'v2');
  });

  test('an outage shorter than the bound (a restart) costs a request a delay, not an error', async () => {
    await proxy.cut('refuse');
    // Let the server see its pooled connections go, as it does when PostgreSQL restarts.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const restored = new Promise((resolve) => setTimeout(resolve, 1_500)).then(() => proxy.restore());
    const read = await timed(() => once.send(new GetParameterCommand({ Name: '/faults/p' })));
    await restored;
    assert.equal(read.error, undefined, String(read.error));
    assert.equal(read.result?.Parameter?.Value, 'v2');
    assert.ok(read.ms >= 1_000 && read.ms < BOUND_MS, `answered in ${read.ms} ms, after the database came back`);
  });

  test('the log says when the database went and came back, why, and never the password', () => {
    const lines = kura
      .stdout()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { level: string; msg: string; store?: string; reason?: string });
    const went = lines.filter((l) => l.msg.startsWith('the PostgreSQL store is unavailable'));
    const came = lines.filter((l) => l.msg === 'the PostgreSQL store answers again');
    assert.ok(went.length >= 3, `one warning per outage: ${went.length}`);
    assert.ok(came.length >= 3);
    assert.equal(went[0]?.level, 'warn');
    assert.match(went[0]?.store ?? '', new RegExp(`^postgres://postgres:\\*\\*\\*@127\\.0\\.0\\.1:${proxy.port}/${database}$`));
    assert.ok(went.every((l) => typeof l.reason === 'string' && l.reason.length > 0));
    assert.ok(went.some((l) => /ECONNRESET|ECONNREFUSED|Connection terminated/.test(l.reason ?? '')), 'a refused database is named as such');
    assert.ok(went.some((l) => /timeout/i.test(l.reason ?? '')), 'a silent one as a timeout');
    assert.ok(!kura.output().includes(PASSWORD), 'the password is never printed');
    // One warning per outage, not one per request: requests are logged once each, as 503s.
    assert.ok(went.length < 10, `${went.length} warnings`);
  });
});
