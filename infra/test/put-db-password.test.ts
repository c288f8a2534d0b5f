// scripts/put-db-password.sh against a real `kura serve` (the same `kura put` that talks to AWS): the
// password becomes a SecureString under the stack's key alias, read back decrypted; the script prints
// the name and version, never the value; an existing password needs --overwrite.

import assert from 'node:assert/strict';
import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { infraDir, repoRoot } from './testing/synth.js';

const run = promisify(execFile);
const kuraBin = path.join(repoRoot, 'packages/kura/bin/kura.js');
const script = path.join(infraDir, 'scripts/put-db-password.sh');
const ready = existsSync(path.join(repoRoot, 'packages/kura/dist/kura.js')) && spawnSync('aws', ['--version'], { stdio: 'ignore' }).status === 0;
const ADMIN = { id: 'AKIAINFRATEST0000001', secret: 'infra-test-secret-key-0123456789abcdefgh' };
const PASSWORD = 'pw-Infra-7Hq2#x y'; // a space and a shell character: passed through untouched

describe('scripts/put-db-password.sh', { skip: ready ? false : 'needs the built kura bin (npm run build) and the AWS CLI' }, () => {
  let data: string;
  let server: ChildProcess;
  let env: Record<string, string>;

  before(async () => {
    data = mkdtempSync(path.join(tmpdir(), 'kura-infra-serve-'));
    server = spawn(process.execPath, [kuraBin, 'serve', '--port', '0', '--data', data], {
      env: { PATH: process.env.PATH, KURA_ADMIN_ACCESS_KEY_ID: ADMIN.id, KURA_ADMIN_SECRET_ACCESS_KEY: ADMIN.secret },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const url = await new Promise<string>((resolve, reject) => {
      let err = '';
      const timer = setTimeout(() => reject(new Error(`kura serve did not start:\n${err}`)), 15_000);
      server.stderr!.on('data', (chunk: Buffer) => {
        err += chunk.toString();
        const found = / on (https?:\/\/\S+) \(/.exec(err);
        if (found?.[1]) {
          clearTimeout(timer);
          resolve(found[1]);
        }
      });
      server.once('exit', (code) => reject(new Error(`kura serve exited with ${code}:\n${err}`)));
    });
    env = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: data,
      AWS_ENDPOINT_URL: url,
      AWS_ACCESS_KEY_ID: ADMIN.id,
      AWS_SECRET_ACCESS_KEY: ADMIN.secret,
      AWS_REGION: 'ap-northeast-1',
      AWS_DEFAULT_REGION: 'ap-northeast-1',
      AWS_CONFIG_FILE: '/nonexistent/config',
      AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials',
      AWS_EC2_METADATA_DISABLED: 'true',
      KURA: `${process.execPath} ${kuraBin}`,
    };
    // What the stack creates: a key with the alias alias/posts-api.
    const { stdout } = await run('aws', ['kms', 'create-key', '--description', 'posts-api', '--output', 'json'], { env });
    const keyId = (JSON.parse(stdout) as { KeyMetadata: { KeyId: string } }).KeyMetadata.KeyId;
    await run('aws', ['kms', 'create-alias', '--alias-name', 'alias/posts-api', '--target-key-id', keyId], { env });
  });

  after(async () => {
    if (server && server.exitCode === null) {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGTERM');
      await exited;
    }
    if (data) rmSync(data, { recursive: true, force: true });
  });

  /** The script with the password on stdin; its stdout and stderr, and its exit code. */
  function put(args: string[]): Promise<{ code: number; out: string }> {
    return new Promise((resolve) => {
      const child = spawn('sh', [script, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (out += d.toString()));
      child.on('close', (code) => resolve({ code: code ?? -1, out }));
      child.stdin.end(`${PASSWORD}\n`);
    });
  }

  async function parameter(): Promise<{ Type: string; Value: string; Version: number }> {
    const { stdout } = await run('aws', ['ssm', 'get-parameter', '--name', '/goecssample/database/sample/master/password', '--with-decryption', '--output', 'json'], { env });
    return (JSON.parse(stdout) as { Parameter: { Type: string; Value: string; Version: number } }).Parameter;
  }

  test('puts the password as a SecureString under alias/posts-api, printing its name and never its value', async () => {
    const first = await put([]);
    assert.equal(first.code, 0, first.out);
    assert.equal(first.out, '/goecssample/database/sample/master/password version 1\n');
    const stored = await parameter();
    assert.equal(stored.Type, 'SecureString');
    assert.equal(stored.Value, PASSWORD);
    const { stdout } = await run('aws', ['ssm', 'describe-parameters', '--output', 'json'], { env });
    const described = (JSON.parse(stdout) as { Parameters: Array<{ Name: string; KeyId?: string }> }).Parameters.find((p) => p.Name.endsWith('/password'));
    assert.equal(described?.KeyId, 'alias/posts-api');
  });

  test('refuses to replace an existing password without --overwrite, and writes version 2 with it', async () => {
    const again = await put([]);
    assert.notEqual(again.code, 0);
    assert.ok(!again.out.includes(PASSWORD));
    const overwritten = await put(['--overwrite']);
    assert.equal(overwritten.code, 0, overwritten.out);
    assert.equal((await parameter()).Version, 2);
  });
});
