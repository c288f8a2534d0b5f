// The real Kura, for the entrypoint's PARAMETER_STORE_PREFIX path: `kura serve` as a process, seeded
// with the reference design's five parameters through the unmodified AWS CLI (as the blog post does).

import { execFile, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { kuraBin } from './paths.js';

const execFileAsync = promisify(execFile);

/** Whether this build of Kura has a command (`exec` and `run-task` were written alongside this app). */
export function kuraHas(command: string): boolean {
  return spawnSync(process.execPath, [kuraBin, command, '--help'], { stdio: 'ignore' }).status === 0;
}

export interface KuraServer {
  url: string;
  /** What kura serve printed on stdout so far (its request log: one JSON line per request). */
  stdout(): string;
  /** AWS_* variables for a client of this server; no user config leaks in. */
  clientEnv: Record<string, string>;
  stop(): Promise<void>;
}

const ADMIN = { accessKeyId: 'AKIAPOSTSAPITEST0001', secretAccessKey: 'posts-api-test-secret-key-0123456789abcd' };

export async function startKuraServe({ args = [], region = 'us-east-1' }: { args?: string[]; region?: string } = {}): Promise<KuraServer> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'posts-api-kura-'));
  const child = spawn(process.execPath, [kuraBin, 'serve', '--port', '0', '--data', dataDir, ...args], {
    env: { PATH: process.env.PATH, KURA_ADMIN_ACCESS_KEY_ID: ADMIN.accessKeyId, KURA_ADMIN_SECRET_ACCESS_KEY: ADMIN.secretAccessKey },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  const started = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`kura serve did not start in 15 s:\n${err}`)), 15_000);
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
      const m = / on (https?:\/\/\S+) \(/.exec(err);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`kura serve exited with ${code}:\n${err}`));
    });
  });
  let url: string;
  try {
    url = await started;
  } catch (error) {
    child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    url,
    stdout: () => out,
    clientEnv: {
      AWS_ENDPOINT_URL: url,
      AWS_ACCESS_KEY_ID: ADMIN.accessKeyId,
      AWS_SECRET_ACCESS_KEY: ADMIN.secretAccessKey,
      AWS_REGION: region,
      AWS_DEFAULT_REGION: region,
      AWS_CONFIG_FILE: '/nonexistent/posts-api-config',
      AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/posts-api-credentials',
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_PAGER: '',
    },
    async stop() {
      child.kill('SIGTERM');
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Runs the AWS CLI against the server and parses its JSON output ({} when it prints nothing). */
export async function aws<T = Record<string, unknown>>(kura: KuraServer, args: string[]): Promise<T> {
  const { stdout } = await execFileAsync('aws', [...args, '--output', 'json'], { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...kura.clientEnv } });
  return (stdout.trim() === '' ? {} : JSON.parse(stdout)) as T;
}

/** `aws ssm put-parameter` for each DB_* value under /<prefix>/database/sample/master/<leaf>. */
export async function putDatabaseParameters(kura: KuraServer, prefix: string, db: Record<string, string>, keyId?: string): Promise<void> {
  const leaves: Record<string, string> = { user: 'DB_USER', password: 'DB_PASSWORD', host: 'DB_HOST', name: 'DB_NAME', port: 'DB_PORT' };
  for (const [leaf, variable] of Object.entries(leaves)) {
    const type = leaf === 'password' ? 'SecureString' : 'String';
    const key = type === 'SecureString' && keyId ? ['--key-id', keyId] : [];
    await aws(kura, ['ssm', 'put-parameter', '--name', `/${prefix}/database/sample/master/${leaf}`, '--type', type, '--value', db[variable]!, ...key]);
  }
}
