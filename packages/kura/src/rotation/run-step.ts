// Runs one step of a rotation function registered as a command: the way Lambda would invoke it,
// with the rotation event, the function's role credentials and Kura as the endpoint, and nothing
// else of the server's. The event goes on stdin as JSON and in KURA_ROTATION_EVENT.
//
// The environment is built from nothing: the server's own variables (KURA_MASTER_KEY, its database
// URL, its AWS profile) never reach a function. PATH is passed on so that the command's interpreter
// is found as the operator's shell would find it; HOME is a fresh empty directory removed afterwards,
// and the AWS config and credentials files point into it, so an SDK in the function finds no profile
// of the operator's and uses the credentials given. The process gets its own process group, killed
// whole when the step times out and again after it exits, so no grandchild outlives its step.
//
// Result: success on exit 0. A failure carries the exit code or signal, or that it timed out, and the
// last lines of stderr (bounded: a chatty function cannot grow the server's memory). stdout is
// discarded: Lambda sends it to CloudWatch, and Kura's logs carry names and ids only.

import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

export type RotationStep = 'createSecret' | 'setSecret' | 'testSecret' | 'finishSecret';

/** What Secrets Manager sends a rotation function. */
export interface RotationEvent {
  SecretId: string;
  ClientRequestToken: string;
  Step: RotationStep;
  /** Sent by AWS for rotations it starts; a function may pass it on to the Secrets Manager calls of its step. */
  RotationToken?: string;
}

/** Temporary credentials of the function's role (the caller mints them through STS). */
export interface StepCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string | undefined;
}

export interface StepOptions {
  command: string[];
  event: RotationEvent;
  credentials: StepCredentials;
  region: string;
  /** Kura's URL: AWS_ENDPOINT_URL, and SECRETS_MANAGER_ENDPOINT, which AWS's rotation templates read. */
  endpoint: string;
  /** The function's name and ARN, for its Lambda context. */
  functionName: string;
  functionArn: string;
  timeoutMs: number;
  /** The function's own variables (Lambda's Environment.Variables); the ones above win over them. */
  environment?: Record<string, string>;
  /** Where the command runs; by default the server's own folder, so relative paths read as the operator wrote them. */
  cwd?: string;
  /** The PATH to give the function; by default the server's, which holds no secret. */
  path?: string | undefined;
  /** Aborted when the server shuts down: the step's process group is killed at once. */
  signal?: AbortSignal | undefined;
}

export type StepResult =
  | { ok: true; durationMs: number }
  | {
      ok: false;
      durationMs: number;
      /** exit: non-zero exit code; signal: killed by a signal not ours; timeout, aborted: we killed it; spawn: it never started. */
      reason: 'exit' | 'signal' | 'timeout' | 'aborted' | 'spawn';
      exitCode: number | null;
      signal: string | null;
      /** The last lines the function wrote to stderr. */
      stderrTail: string[];
      /** One line for logs and for the rotation's failure record. */
      message: string;
    };

const TAIL_BYTES = 16 * 1024;
const TAIL_LINES = 20;
const LINE_CHARS = 500;

/** The environment of one step, built from nothing but what it needs. */
export function stepEnvironment(options: StepOptions, home: string, requestId: string): Record<string, string> {
  const { credentials } = options;
  return {
    ...options.environment,
    PATH: options.path ?? process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    HOME: home,
    LANG: 'C.UTF-8',
    TZ: 'UTC',
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    ...(credentials.sessionToken ? { AWS_SESSION_TOKEN: credentials.sessionToken } : {}),
    AWS_REGION: options.region,
    AWS_DEFAULT_REGION: options.region,
    AWS_ENDPOINT_URL: options.endpoint,
    SECRETS_MANAGER_ENDPOINT: options.endpoint,
    AWS_CONFIG_FILE: path.join(home, '.aws', 'config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(home, '.aws', 'credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_LAMBDA_FUNCTION_NAME: options.functionName,
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    KURA_ROTATION_FUNCTION_ARN: options.functionArn,
    KURA_ROTATION_REQUEST_ID: requestId,
    KURA_ROTATION_DEADLINE_MS: String(Date.now() + options.timeoutMs),
    KURA_ROTATION_EVENT: JSON.stringify(options.event),
  };
}

export async function runRotationStep(options: StepOptions): Promise<StepResult> {
  const [file, ...args] = options.command;
  if (file === undefined) throw new Error('runRotationStep: empty command');
  if (!(options.timeoutMs > 0)) throw new Error('runRotationStep: timeoutMs must be positive');
  const home = await mkdtemp(path.join(tmpdir(), 'kura-rotation-'));
  try {
    return await spawnStep(file, args, options, stepEnvironment(options, home, randomUUID()), options.cwd ?? process.cwd());
  } finally {
    await rm(home, { recursive: true, force: true });
  }
}

function spawnStep(file: string, args: string[], options: StepOptions, env: Record<string, string>, cwd: string): Promise<StepResult> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(file, args, { env, cwd, stdio: ['pipe', 'ignore', 'pipe'], detached: true });
    let tail = Buffer.alloc(0);
    let timedOut = false;
    let spawnError: Error | undefined;
    let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    const killGroup = () => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // ESRCH: the whole group is gone already.
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, options.timeoutMs);
    let aborted = false;
    const abort = () => {
      aborted = true;
      killGroup();
    };
    if (options.signal?.aborted) abort();
    else options.signal?.addEventListener('abort', abort, { once: true });
    child.stderr.on('data', (chunk: Buffer) => {
      tail = Buffer.concat([tail, chunk]);
      if (tail.length > TAIL_BYTES) tail = tail.subarray(tail.length - TAIL_BYTES);
    });
    // A function that never reads its stdin closes the pipe early: not a failure of the step.
    child.stdin.on('error', () => {});
    child.stdin.end(JSON.stringify(options.event));
    child.on('error', (error) => {
      spawnError = error;
    });
    child.on('exit', (code, signal) => {
      exit = { code, signal };
      clearTimeout(timer);
      // Background processes it left behind would hold stderr open and outlive the step; one that
      // left the group (setsid) is not ours to find, so its end of stderr is let go of shortly.
      killGroup();
      setTimeout(() => child.stderr.destroy(), 1000).unref();
    });
    child.on('close', () => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', abort);
      const durationMs = Date.now() - started;
      const stderrTail = tailLines(tail);
      if (spawnError !== undefined && exit === undefined) {
        resolve(failure('spawn', durationMs, null, null, stderrTail, `could not start ${file}: ${spawnError.message}`));
      } else if (aborted) {
        resolve(failure('aborted', durationMs, null, 'SIGKILL', stderrTail, 'stopped: the server is shutting down'));
      } else if (timedOut) {
        resolve(failure('timeout', durationMs, null, 'SIGKILL', stderrTail, `timed out after ${options.timeoutMs} ms`));
      } else if (exit?.code === 0) {
        resolve({ ok: true, durationMs });
      } else if (exit?.signal) {
        resolve(failure('signal', durationMs, null, exit.signal, stderrTail, `killed by ${exit.signal}`));
      } else {
        resolve(failure('exit', durationMs, exit?.code ?? null, null, stderrTail, `exited with code ${exit?.code ?? 'unknown'}`));
      }
    });
  });
}

function failure(
  reason: 'exit' | 'signal' | 'timeout' | 'aborted' | 'spawn',
  durationMs: number,
  exitCode: number | null,
  signal: string | null,
  stderrTail: string[],
  what: string,
): StepResult {
  const last = stderrTail.at(-1);
  return { ok: false, reason, durationMs, exitCode, signal, stderrTail, message: last === undefined ? what : `${what}: ${last}` };
}

/** The last lines of what was kept, the first (probably cut) line dropped when the buffer filled. */
function tailLines(buffer: Buffer): string[] {
  const lines = buffer.toString('utf8').split(/\r?\n/);
  if (buffer.length >= TAIL_BYTES) lines.shift();
  return lines
    .filter((line) => line.trim() !== '')
    .slice(-TAIL_LINES)
    .map((line) => (line.length > LINE_CHARS ? `${line.slice(0, LINE_CHARS)}…` : line));
}
