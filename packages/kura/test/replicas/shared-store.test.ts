// Two `kura serve` processes on one PostgreSQL database are one service: a NextToken sealed by one
// pages on with the other, STS credentials issued by one sign requests to the other, and a third
// process started with another master key refuses to start and writes nothing.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DescribeParametersCommand, GetParametersByPathCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import pg from 'pg';
import { kuraBin, startKura, type RunningKura } from '../e2e/harness.js';

const ADMIN_URL = process.env.KURA_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const MASTER_KEY = randomBytes(32).toString('base64');

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  await client.query(sql).finally(() => client.end());
}

describe('two replicas on one PostgreSQL database', () => {
  const database = `kura_shared_${randomBytes(4).toString('hex')}`;
  const url = (() => {
    const u = new URL(ADMIN_URL);
    u.pathname = `/${database}`;
    return u.toString();
  })();
  let work: string;
  let a: RunningKura;
  let b: RunningKura;
  const ssm = (k: RunningKura) => new SSMClient({ endpoint: k.url, region: k.region, credentials: k.credentials });

  before(async () => {
    await admin(`CREATE DATABASE ${database}`);
    work = mkdtempSync(path.join(tmpdir(), 'kura-shared-'));
    const start = (name: string) => startKura({ args: ['--store', url], env: { KURA_MASTER_KEY: MASTER_KEY }, dataDir: path.join(work, name) });
    a = await start('a');
    b = await start('b');
  });
  after(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    rmSync(work, { recursive: true, force: true });
    await admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  });

  test('a NextToken sealed by one replica pages on with the other', async () => {
    const [onA, onB] = [ssm(a), ssm(b)];
    for (let i = 0; i < 5; i++) await onA.send(new PutParameterCommand({ Name: `/shared/p${i}`, Value: `v${i}`, Type: 'String' }));
    const seen: string[] = [];
    let token: string | undefined;
    let turn = 0;
    do {
      const client = turn++ % 2 === 0 ? onA : onB;
      const page = await client.send(new GetParametersByPathCommand({ Path: '/shared', MaxResults: 2, ...(token ? { NextToken: token } : {}) }));
      seen.push(...(page.Parameters ?? []).map((p) => `${p.Name}=${p.Value}`));
      token = page.NextToken;
    } while (token);
    assert.deepEqual(seen, ['/shared/p0=v0', '/shared/p1=v1', '/shared/p2=v2', '/shared/p3=v3', '/shared/p4=v4']);
    const first = await onB.send(new DescribeParametersCommand({ MaxResults: 3 }));
    const rest = await onA.send(new DescribeParametersCommand({ MaxResults: 3, NextToken: first.NextToken }));
    assert.equal((first.Parameters?.length ?? 0) + (rest.Parameters?.length ?? 0), 5);
    onA.destroy();
    onB.destroy();
  });

  test('credentials from AssumeRole on one replica sign requests to the other', async () => {
    const iam = new IAMClient({ endpoint: a.url, region: a.region, credentials: a.credentials });
    const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::000000000000:root' }, Action: 'sts:AssumeRole' }] });
    await iam.send(new CreateRoleCommand({ RoleName: 'shared-app', AssumeRolePolicyDocument: trust }));
    const stsA = new STSClient({ endpoint: a.url, region: a.region, credentials: a.credentials });
    const assumed = await stsA.send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::000000000000:role/shared-app', RoleSessionName: 'on-a' }));
    const c = assumed.Credentials;
    assert.ok(c?.AccessKeyId && c.SecretAccessKey && c.SessionToken);
    const stsB = new STSClient({ endpoint: b.url, region: b.region, credentials: { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken } });
    const who = await stsB.send(new GetCallerIdentityCommand({}));
    assert.equal(who.Arn, 'arn:aws:sts::000000000000:assumed-role/shared-app/on-a');
    for (const client of [iam, stsA, stsB]) client.destroy();
  });

  test('a replica with another master key refuses to start and writes nothing', async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const count = async () => Number((await client.query('SELECT count(*) AS n FROM access_keys')).rows[0].n);
    const before = await count();
    const refused = spawnSync(process.execPath, [kuraBin, 'serve', '--port', '0', '--data', path.join(work, 'wrong'), '--store', url], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, KURA_MASTER_KEY: randomBytes(32).toString('base64'), KURA_ADMIN_ACCESS_KEY_ID: 'AKIAWRONGKEY00000001', KURA_ADMIN_SECRET_ACCESS_KEY: 'wrong-key-secret' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    assert.equal(refused.status, 1, refused.stderr);
    assert.match(refused.stderr, /kura serve: this server's master key is not the one the data store was written with/);
    assert.equal(await count(), before, 'no access key was written');
    assert.equal((await client.query("SELECT count(*) AS n FROM access_keys WHERE access_key_id = 'AKIAWRONGKEY00000001'")).rows[0].n, '0');
    await client.end();
  });
});
