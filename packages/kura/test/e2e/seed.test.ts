// `kura serve --seed` as users run it: the reference design's seed (docs/seed-reference-design.yaml)
// applied at start, the reference design's steps run by the AWS CLI and the SDK with the seeded
// user's fixed keys, a restart that changes and reports nothing, drift corrected, an invalid seed
// refused with exit 2 before anything is written.

import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { GetParametersByPathCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { kuraBin, startKura, type RunningKura } from './harness.js';
import { seedLines } from './seed-lines.js';

const run = promisify(execFile);
const REFERENCE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../docs/seed-reference-design.yaml');
const PREFIX = '/goecssample/database/sample/master';
const CI = { accessKeyId: 'AKIAKURASEEDCI000001', secretAccessKey: 'ci-secret-key-for-e2e-tests-0123456789' };
const ENV = { DB_PASSWORD: 'p@ss w0rd+/=~%', CI_SECRET_ACCESS_KEY: CI.secretAccessKey };
const ROLE = 'arn:aws:iam::000000000000:role/go-ecs-sample';

/** The AWS CLI as the seeded CI user (or with the credentials given). */
async function cli(kura: RunningKura, args: string[], credentials: Record<string, string> = { AWS_ACCESS_KEY_ID: CI.accessKeyId, AWS_SECRET_ACCESS_KEY: CI.secretAccessKey }) {
  const { stdout } = await run('aws', [...args, '--output', 'json'], { env: { ...kura.clientEnv, ...credentials } });
  return JSON.parse(stdout) as Record<string, unknown>;
}

describe('kura serve --seed with the reference design', () => {
  let kura: RunningKura;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'kura-e2e-seed-'));
  before(async () => {
    kura = await startKura({ dataDir, args: ['--seed', REFERENCE], env: ENV });
  });
  after(async () => {
    await kura.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('the start reports what it created, names only', async () => {
    const lines = await seedLines(kura);
    assert.deepEqual(lines.slice(0, 3), ['seed: KMS key 3f2504e0-4f89-41d3-9a0c-0305e82c3301: created', 'seed: alias/go-ecs-sample: created, names KMS key 3f2504e0-4f89-41d3-9a0c-0305e82c3301', `seed: ${PREFIX}/user: created (version 1)`]);
    assert.ok(lines.includes('seed: user ci: access key AKIAKURASEEDCI000001 created'));
    assert.ok(lines.includes('seed: role go-ecs-sample: arn:aws:iam::000000000000:policy/go-ecs-sample attached'));
    assert.ok(!kura.stdout().includes(ENV.DB_PASSWORD) && !kura.stderr().includes(ENV.DB_PASSWORD), 'the password is never logged');
    assert.ok(!kura.stdout().includes(CI.secretAccessKey), 'nor the secret key');
  });

  test("the reference design's steps with the AWS CLI, as the seeded user with its fixed keys", async () => {
    const identity = await cli(kura, ['sts', 'get-caller-identity']);
    assert.equal(identity.Arn, 'arn:aws:iam::000000000000:user/ci');
    const assumed = (await cli(kura, ['sts', 'assume-role', '--role-arn', ROLE, '--role-session-name', 'ci'])).Credentials as Record<string, string>;
    const asRole = { AWS_ACCESS_KEY_ID: assumed.AccessKeyId ?? '', AWS_SECRET_ACCESS_KEY: assumed.SecretAccessKey ?? '', AWS_SESSION_TOKEN: assumed.SessionToken ?? '' };
    const tree = (await cli(kura, ['ssm', 'get-parameters-by-path', '--path', PREFIX, '--with-decryption'], asRole)).Parameters as Array<{ Name: string; Value: string }>;
    assert.deepEqual(Object.fromEntries(tree.map((p) => [p.Name.slice(PREFIX.length + 1), p.Value])), { user: 'sample', password: ENV.DB_PASSWORD, host: 'db', name: 'sample', port: '3306' });
    // Least privilege: the role reads nothing outside /goecssample.
    await assert.rejects(cli(kura, ['ssm', 'get-parameter', '--name', '/other/x'], asRole), (error: { stderr?: string }) => /AccessDeniedException/.test(error.stderr ?? ''));
  });

  test('the same with the SDK', async () => {
    const sts = new STSClient({ endpoint: kura.url, region: 'us-east-1', credentials: CI });
    const { Credentials } = await sts.send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: 'sdk' }));
    const ssm = new SSMClient({ endpoint: kura.url, region: 'us-east-1', credentials: { accessKeyId: Credentials?.AccessKeyId ?? '', secretAccessKey: Credentials?.SecretAccessKey ?? '', sessionToken: Credentials?.SessionToken ?? '' } });
    const out = await ssm.send(new GetParametersByPathCommand({ Path: PREFIX, WithDecryption: true }));
    assert.equal(out.Parameters?.find((p) => p.Name === `${PREFIX}/password`)?.Value, ENV.DB_PASSWORD);
    sts.destroy();
    ssm.destroy();
  });

  test('a restart with the same seed changes nothing and reports nothing; drift is reported and corrected', async () => {
    await kura.stop();
    kura = await startKura({ dataDir, keepDataDir: true, args: ['--seed', REFERENCE], env: ENV });
    assert.deepEqual(await seedLines(kura), []);
    const admin = new SSMClient({ endpoint: kura.url, region: 'us-east-1', credentials: kura.credentials });
    await admin.send(new PutParameterCommand({ Name: `${PREFIX}/host`, Value: 'elsewhere', Type: 'String', Overwrite: true }));
    await admin.send(new PutParameterCommand({ Name: '/other/x', Value: 'mine', Type: 'String' }));
    admin.destroy();
    await kura.stop();
    kura = await startKura({ dataDir, keepDataDir: true, args: ['--seed', REFERENCE], env: ENV });
    assert.deepEqual(await seedLines(kura), [`seed: ${PREFIX}/host: value differs, new version 3`]);
    const other = await cli(kura, ['ssm', 'get-parameter', '--name', '/other/x'], { AWS_ACCESS_KEY_ID: kura.credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: kura.credentials.secretAccessKey });
    assert.equal((other.Parameter as { Value: string }).Value, 'mine', 'what the seed does not name stays');
  });
});

describe('an invalid seed', () => {
  test('is refused with exit 2, file, path and reason, and nothing is written', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kura-e2e-bad-seed-'));
    try {
      const seed = path.join(dir, 'seed.yaml');
      writeFileSync(seed, 'ssm:\n  parameters:\n    - {name: /a, type: Secure, valueFromEnv: PASSWORD}\n');
      const data = path.join(dir, 'data');
      const result = spawnSync(process.execPath, [kuraBin, 'serve', '--port', '0', '--data', data, '--seed', seed], {
        cwd: dir,
        env: { PATH: process.env.PATH, PASSWORD: 'hunter2' },
        encoding: 'utf8',
        timeout: 15_000,
      });
      assert.equal(result.status, 2);
      assert.equal(result.stderr, 'kura serve: the seed is invalid, nothing was written:\n  seed.yaml: ssm.parameters[0].type: must be one of String, StringList, SecureString\n');
      assert.equal(existsSync(data), false, 'not even the data directory');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
