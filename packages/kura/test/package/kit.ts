// Packs Kura as `npm pack` does for a release (the CI recipe, workflow.ts, then installs the tarball as
// a user would), and runs what the package installed. Packing runs in a copy of the package (sources,
// manifests, scripts), with the workspace's node_modules reachable above it for the build's esbuild
// and AWS SDK: prepack's fresh build (scripts/build.mjs --clean) then never rewrites the dist/ that
// the rest of the suite runs from.

import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const repoRoot = path.resolve(packageRoot, '../..');
export const packageJson = JSON.parse(readFileSync(path.join(packageRoot, 'package.json'), 'utf8')) as {
  version: string;
  license: string;
  bin: Record<string, string>;
  engines: { node: string };
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
};

/** The web console as Vite built it (`npm run build -w packages/console`), which packing copies into dist/console. */
export const CONSOLE_BUILD = path.join(repoRoot, 'packages/console/dist');

/** What packing reads: the package's own files (npm pack then keeps what `files` names). */
const PACKAGE_INPUTS = ['package.json', 'LICENSE', 'README.md', 'tsconfig.json', 'bin', 'scripts', 'src', 'models', 'runtime'];

/**
 * The environment for npm and the installed commands: this one's, less what a test runner or an
 * enclosing `npm test` adds (npm_* lifecycle variables would point npm at the workspace). npm's own
 * configuration (~/.npmrc: registry, cache, nodedir for node-gyp) still applies through HOME.
 */
export function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value === undefined || name === 'NODE_TEST_CONTEXT' || name === 'NODE_OPTIONS' || /^(KURA|AWS)_/.test(name)) continue;
    if (name.startsWith('npm_') && !/^npm_config_(cache|registry|userconfig|nodedir)$/.test(name)) continue;
    env[name] = value;
  }
  return { ...env, ...extra };
}

export interface Packed {
  tarball: string;
  /** The tarball's files, relative to the package (npm's leading `package/` removed). */
  files: string[];
  bytes: number;
}

export function packKura(): Packed {
  const work = mkdtempSync(path.join(tmpdir(), 'kura-pack-'));
  symlinkSync(path.join(repoRoot, 'node_modules'), path.join(work, 'node_modules'));
  const copy = path.join(work, 'kura');
  for (const entry of PACKAGE_INPUTS) {
    if (existsSync(path.join(packageRoot, entry))) cpSync(path.join(packageRoot, entry), path.join(copy, entry), { recursive: true });
  }
  // The web console's build, where scripts/build.mjs looks for it (beside the package); without it
  // the build refuses, and npm pack's output says to build the console first.
  if (existsSync(CONSOLE_BUILD)) cpSync(CONSOLE_BUILD, path.join(work, 'console', 'dist'), { recursive: true });
  const out = path.join(work, 'out');
  mkdirSync(out);
  const packed = spawnSync('npm', ['pack', '--pack-destination', out], { cwd: copy, env: cleanEnv(), encoding: 'utf8', timeout: 300_000 });
  assert.equal(packed.status, 0, `npm pack failed:\n${packed.stdout}\n${packed.stderr}`);
  const names = readdirSync(out).filter((name) => name.endsWith('.tgz'));
  assert.deepEqual(names, [`kura-${packageJson.version}.tgz`]);
  const tarball = path.join(out, names[0]!);
  const files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => line !== '' && !line.endsWith('/'))
    .map((line) => line.replace(/^package\//, ''))
    .sort();
  return { tarball, files, bytes: statSync(tarball).size };
}

export interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `npx --no -- kura ARGS` in the install folder: `--no`, never fetch a package of that name (run
 * the installed bin); `--`, so that npx reads none of ARGS (`--version`, `--help`) as its own option.
 */
export function npxKura(dir: string, args: string[], env: Record<string, string> = {}): Result {
  const r = spawnSync('npx', ['--no', '--', 'kura', ...args], { cwd: dir, env: cleanEnv(env), encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export interface Served {
  url: string;
  child: ChildProcess;
  stderr(): string;
  stdout(): string;
  /** SIGTERM to the whole process group (npx, its shell, kura), then waits for it to close. */
  stop(): Promise<void>;
}

/** Starts COMMAND (npx kura serve, or the image's entrypoint) and waits for the banner's URL. */
export async function serve(command: string, args: string[], options: { cwd: string; env: Record<string, string>; uid?: number; gid?: number }): Promise<Served> {
  const child = spawn(command, args, { ...options, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start in 60 s:\n${err}`)), 60_000);
    child.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
      const match = / on (https?:\/\/\S+) \(/.exec(err);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited with ${code}:\n${err}`));
    });
  });
  return {
    url,
    child,
    stderr: () => err,
    stdout: () => out,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, 'SIGTERM');
      await closed;
    },
  };
}

/** The AWS CLI against a server, with only the endpoint, region and credentials set. */
export function awsCli(url: string, credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }, args: string[]): Record<string, unknown> {
  const out = execFileSync('aws', [...args, '--output', 'json'], {
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      AWS_ENDPOINT_URL: url,
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      ...(credentials.sessionToken ? { AWS_SESSION_TOKEN: credentials.sessionToken } : {}),
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_CONFIG_FILE: '/nonexistent/kura-package-config',
      AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/kura-package-credentials',
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_PAGER: '',
    },
  });
  return out.trim() === '' ? {} : (JSON.parse(out) as Record<string, unknown>);
}

/** A port nothing listens on right now (for a server that must be told its port in advance). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
