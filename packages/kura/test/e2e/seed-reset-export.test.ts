// `POST /_kura/reset` back to the seeded state (--dev), and `kura seed export` round trips: a
// server's state exported, applied to an empty server, exported again, the same file.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { CreateGroupCommand, IAMClient, TagRoleCommand } from '@aws-sdk/client-iam';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { kuraBin, startKura, type RunningKura } from './harness.js';

const run = promisify(execFile);
const REFERENCE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../docs/seed-reference-design.yaml');
const ENV = { DB_PASSWORD: 'p@ss w0rd', CI_SECRET_ACCESS_KEY: 'ci-secret-key-for-e2e-tests-0123456789' };
const client = <T>(Client: new (config: object) => T, kura: RunningKura) => new Client({ endpoint: kura.url, region: 'us-east-1', credentials: kura.credentials });

describe('POST /_kura/reset with a seed (--dev)', () => {
  let kura: RunningKura;
  before(async () => {
    kura = await startKura({ args: ['--dev', '--seed', REFERENCE], env: ENV });
  });
  after(() => kura.stop());

  test('brings the server back to exactly the seeded state', async () => {
    const ssm = client(SSMClient, kura);
    await ssm.send(new PutParameterCommand({ Name: '/extra', Value: 'x', Type: 'String' }));
    await ssm.send(new PutParameterCommand({ Name: '/goecssample/database/sample/master/port', Value: '3307', Type: 'String', Overwrite: true }));
    const response = await fetch(`${kura.url}/_kura/reset`, { method: 'POST', headers: { 'x-kura-reset': 'yes' } });
    assert.equal(response.status, 200);
    await assert.rejects(ssm.send(new GetParameterCommand({ Name: '/extra' })), { name: 'ParameterNotFound' });
    const port = await ssm.send(new GetParameterCommand({ Name: '/goecssample/database/sample/master/port' }));
    assert.deepEqual([port.Parameter?.Value, port.Parameter?.Version], ['3306', 1]);
    const password = await ssm.send(new GetParameterCommand({ Name: '/goecssample/database/sample/master/password', WithDecryption: true }));
    assert.equal(password.Parameter?.Value, ENV.DB_PASSWORD);
    ssm.destroy();
  });
});

/** `kura seed export` as the administrator of `kura`. */
async function exportSeed(kura: RunningKura, args: string[]): Promise<{ stdout: string; stderr: string }> {
  return run(process.execPath, [kuraBin, 'seed', 'export', ...args], { env: kura.clientEnv });
}

describe('kura seed export', () => {
  let first: RunningKura;
  const dir = mkdtempSync(path.join(tmpdir(), 'kura-e2e-seed-export-'));
  before(async () => {
    first = await startKura({ args: ['--seed', REFERENCE], env: ENV });
    const iam = client(IAMClient, first);
    await iam.send(new CreateGroupCommand({ GroupName: 'readers', Path: '/teams/' }));
    await iam.send(new TagRoleCommand({ RoleName: 'go-ecs-sample', Tags: [{ Key: 'team', Value: 'payments' }] }));
    iam.destroy();
    const sm = client(SecretsManagerClient, first);
    await sm.send(new CreateSecretCommand({ Name: 'app/db', SecretString: '{"username":"app","password":"pw"}', KmsKeyId: 'alias/go-ecs-sample' }));
    sm.destroy();
  });
  after(async () => {
    await first.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('without --decrypt: no value of a SecureString or secret, each a variable instead', async () => {
    const { stdout, stderr } = await exportSeed(first, []);
    assert.ok(!stdout.includes(ENV.DB_PASSWORD) && !stdout.includes('"password":"pw"'));
    assert.match(stdout, /valueFromEnv: GOECSSAMPLE_DATABASE_SAMPLE_MASTER_PASSWORD/);
    assert.match(stdout, /valueFromEnv: SECRET_APP_DB/);
    assert.match(stdout, /secretAccessKeyFromEnv: SECRET_AKIAKURASEEDCI000001/);
    // Quoted where a YAML 1.1 reader would take a string for a date or a number.
    assert.match(stdout, /Version: "2012-10-17"/);
    assert.match(stdout, /value: "3306"/);
    assert.ok(stdout.endsWith('\n'));
    assert.equal(stderr, 'kura seed export: the file reads 3 values from the environment: GOECSSAMPLE_DATABASE_SAMPLE_MASTER_PASSWORD, SECRET_AKIAKURASEEDCI000001, SECRET_APP_DB\n');
    await assert.rejects(exportSeed(first, ['--decrypt']), (error: { code?: number; stderr?: string }) => {
      assert.equal(error.code, 2);
      assert.equal(error.stderr, 'kura seed export: --decrypt writes secret values: give --out FILE (created with mode 0600)\n');
      return true;
    });
  });

  test('with --decrypt, mode 0600; applied to an empty server and exported again, the same file', async () => {
    const one = path.join(dir, 'one.yaml');
    await exportSeed(first, ['--decrypt', '--out', one]);
    assert.equal(statSync(one).mode & 0o777, 0o600);
    const text = readFileSync(one, 'utf8');
    assert.match(text, /value: p@ss w0rd/);
    const second = await startKura({ args: ['--seed', one], env: { SECRET_AKIAKURASEEDCI000001: ENV.CI_SECRET_ACCESS_KEY } });
    try {
      const two = path.join(dir, 'two.yaml');
      await exportSeed(second, ['--decrypt', '--out', two]);
      assert.equal(readFileSync(two, 'utf8'), text);
    } finally {
      await second.stop();
    }
  });
});
