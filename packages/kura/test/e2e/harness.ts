// Runs the real `kura serve` process (the built bin, as users run it) and the real clients against it:
// the AWS CLI v1 and boto3 as child processes, the AWS SDK v3 in-process.

import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { dropStore, storeArgs } from './store.js';

const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const kuraBin = path.join(packageRoot, 'bin/kura.js');
const run = promisify(execFile);

export interface RunningKura {
  url: string;
  dataDir: string;
  /** The PostgreSQL database the server keeps its data in (KURA_E2E_STORE=postgres), else undefined: SQLite in dataDir. */
  storeUrl: string | undefined;
  credentials: { accessKeyId: string; secretAccessKey: string };
  region: string;
  /** Environment for a client process: endpoint, region, credentials, and no user config leaking in. */
  clientEnv: NodeJS.ProcessEnv;
  process: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export interface StartOptions {
  args?: string[];
  env?: NodeJS.ProcessEnv;
  /** Administrator credentials to set in the environment; 'generated' lets the server make a pair. */
  credentials?: { accessKeyId: string; secretAccessKey: string } | 'generated';
  dataDir?: string;
  keepDataDir?: boolean;
}

export async function startKura(options: StartOptions = {}): Promise<RunningKura> {
  const dataDir = options.dataDir ?? mkdtempSync(path.join(tmpdir(), 'kura-e2e-'));
  const fixed = options.credentials === 'generated' ? undefined : (options.credentials ?? { accessKeyId: 'AKIAE2ETESTADMIN0001', secretAccessKey: 'e2e-secret-key-for-tests-only-0123456789' });
  const store = await storeArgs(dataDir);
  const child = spawn(process.execPath, [kuraBin, 'serve', '--port', '0', '--data', dataDir, ...store, ...(options.args ?? [])], {
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      ...(fixed ? { KURA_ADMIN_ACCESS_KEY_ID: fixed.accessKeyId, KURA_ADMIN_SECRET_ACCESS_KEY: fixed.secretAccessKey } : {}),
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`kura serve did not start in 15 s:\n${err}`)), 15_000);
    child.stderr?.on('data', (d: Buffer) => {
      err += d.toString();
      const match = / on (https?:\/\/\S+) \(/.exec(err);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`kura serve exited with ${code}:\n${err}`));
    });
  });
  const region = 'us-east-1';
  const credentials = fixed ?? readAdminEnv(path.join(dataDir, 'admin.env'));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    url,
    dataDir,
    storeUrl: store[1],
    credentials,
    region,
    clientEnv: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      AWS_ENDPOINT_URL: url,
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      AWS_DEFAULT_REGION: region,
      AWS_REGION: region,
      AWS_CONFIG_FILE: '/nonexistent/kura-e2e-config',
      AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/kura-e2e-credentials',
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_PAGER: '',
    },
    process: child,
    stdout: () => out,
    stderr: () => err,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const result = await exited;
      if (!options.keepDataDir && !options.dataDir) {
        rmSync(dataDir, { recursive: true, force: true });
        // Nothing can restart on a removed directory: its database goes too (others at process exit).
        await dropStore(dataDir);
      }
      return result;
    },
  };
}

/** Reads the AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY lines of a generated admin.env. */
export function readAdminEnv(file: string): { accessKeyId: string; secretAccessKey: string } {
  const vars = Object.fromEntries(
    readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
  return { accessKeyId: vars.AWS_ACCESS_KEY_ID ?? '', secretAccessKey: vars.AWS_SECRET_ACCESS_KEY ?? '' };
}

/** Runs the AWS CLI; resolves with its output, or rejects with its stderr (exit code attached). */
export async function awsCli(kura: RunningKura, args: string[]): Promise<{ stdout: string; stderr: string }> {
  return run('aws', [...args, '--output', 'json'], { env: kura.clientEnv });
}

export async function awsCliJson<T = Record<string, unknown>>(kura: RunningKura, args: string[]): Promise<T> {
  const { stdout } = await awsCli(kura, args);
  return (stdout.trim() === '' ? {} : JSON.parse(stdout)) as T;
}

/** Runs a Python snippet with boto3 configured for this server; the snippet prints JSON on stdout. */
export async function boto3(kura: RunningKura, code: string): Promise<unknown> {
  const prelude = 'import boto3, json, sys\nfrom botocore.exceptions import ClientError\nssm = boto3.client("ssm")\n';
  const { stdout } = await run('python3', ['-c', prelude + code], { env: kura.clientEnv });
  return JSON.parse(stdout);
}
