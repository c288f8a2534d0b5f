// infra/ (the CDK app) as its README drives it locally: `npx cdk synth` into a directory of the test's
// own (never infra/cdk.out), the kura CLI as the administrator (`kura apply`, `kura run-task`), and
// scripts/put-db-password.sh. Used by cdk-apply.test.ts.

import { execFile, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { KuraServer } from './kura.js';
import { kuraBin, packageDir, repoRoot } from './paths.js';

const execFileAsync = promisify(execFile);
export const infraDir = path.join(repoRoot, 'infra');

/**
 * `npx cdk synth -o OUTDIR` in infra/: both stacks' templates land in OUTDIR. HOME is a directory of
 * the test's (the CLI may cache there), and nothing of AWS reaches it: the synth is offline
 * (infra/test/synth-cli.test.ts proves that part).
 */
export async function synthesizeInfra(outdir: string, home: string): Promise<void> {
  mkdirSync(home, { recursive: true });
  await execFileAsync('npx', ['--no', 'cdk', 'synth', '--quiet', '-o', outdir], {
    cwd: infraDir,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, CDK_DISABLE_VERSION_CHECK: '1' },
    timeout: 120_000,
  });
}

/**
 * A bin directory standing in for the image's /usr/local/bin: docker-entrypoint.sh (the Dockerfile
 * COPYs it there) and `kura` (the image's kura). First on the PATH handed to run-task, after the
 * directory of the node running these tests (the `kura` script is `#!/usr/bin/env node`).
 */
export function imageBin(dir: string): string {
  mkdirSync(dir, { recursive: true });
  symlinkSync(path.join(packageDir, 'docker-entrypoint.sh'), path.join(dir, 'docker-entrypoint.sh'));
  symlinkSync(kuraBin, path.join(dir, 'kura'));
  return [dir, path.dirname(process.execPath), process.env.PATH ?? '/usr/bin:/bin'].join(':');
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a program with the administrator's AWS_* variables for this server, stdin from `input`. */
export function runAsAdmin(kura: KuraServer, pathVar: string, file: string, args: string[], input = ''): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { env: { PATH: pathVar, ...kura.clientEnv }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(input);
  });
}

/** `kura ARGS…` as the administrator. */
export function kuraCli(kura: KuraServer, pathVar: string, args: string[], input = ''): Promise<CliResult> {
  return runAsAdmin(kura, pathVar, process.execPath, [kuraBin, ...args], input);
}

export interface ApplyReport {
  stackName: string;
  noChanges: boolean;
  changes: Array<{ action: string; logicalId: string; type: string; physicalId?: string }>;
  skipped: Array<{ logicalId: string; type: string; reason: string }>;
  taskDefinitions: Array<{ family: string; path: string; written: boolean }>;
}

/** `kura apply … --json`, failing with kura's own message when it does not exit 0. */
export async function apply(kura: KuraServer, pathVar: string, args: string[]): Promise<ApplyReport> {
  const result = await kuraCli(kura, pathVar, ['apply', ...args, '--json']);
  if (result.code !== 0) throw new Error(`kura apply ${args.join(' ')} exited ${result.code}:\n${result.stderr}`);
  return JSON.parse(result.stdout) as ApplyReport;
}

export interface WrittenTaskDefinition {
  family: string;
  taskRoleArn?: string;
  executionRoleArn: string;
  containerDefinitions: Array<{
    name: string;
    entryPoint: string[];
    command: string[];
    environment?: Array<{ name: string; value: string }>;
    secrets?: Array<{ name: string; valueFrom: string }>;
  }>;
}

export function readTaskDefinition(file: string): WrittenTaskDefinition {
  return JSON.parse(readFileSync(file, 'utf8')) as WrittenTaskDefinition;
}

/**
 * A copy of a written task definition with PORT added to the container's environment (README: the
 * container listens on 80, as on Fargate; a test must not need, or take, that port). Nothing else
 * is changed.
 */
export function withPort(file: string, port: number, copy: string): string {
  const definition = readTaskDefinition(file);
  const container = definition.containerDefinitions[0]!;
  container.environment = [...(container.environment ?? []), { name: 'PORT', value: String(port) }];
  writeFileSync(copy, JSON.stringify(definition, null, 2));
  return copy;
}

/** The logical id of the resource CDK made at `constructPath` (e.g. KuraPostsApi/TaskRole/Resource). */
export function logicalIdAt(templateFile: string, constructPath: string): string {
  const template = JSON.parse(readFileSync(templateFile, 'utf8')) as { Resources: Record<string, { Metadata?: Record<string, unknown> }> };
  const found = Object.entries(template.Resources).find(([, r]) => r.Metadata?.['aws:cdk:path'] === constructPath);
  if (!found) throw new Error(`${templateFile}: no resource at ${constructPath}`);
  return found[0];
}

/** Polls GET url until it answers 200, or fails when `alive` says the task has stopped, or after timeoutMs. */
export async function waitForOk(url: string, alive: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      await res.arrayBuffer();
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (!alive()) throw new Error(`the task stopped before ${url} answered 200`);
    if (Date.now() > deadline) throw new Error(`${url} did not answer 200 within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
