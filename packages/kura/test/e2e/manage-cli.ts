// Runs the built `kura` bin's management commands against a running `kura serve`, as a user would:
// the endpoint and credentials come from the environment, values go in on stdin or in files.

import { spawn, spawnSync } from 'node:child_process';
import { kuraBin, type RunningKura } from './harness.js';
import { shellQuote } from '../../src/manage/shell-quote.js';

export interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** Written to stdin, then stdin is closed (so stdin is a pipe, never a terminal). */
  input?: string;
  env?: NodeJS.ProcessEnv;
}

export function kuraCli(kura: RunningKura, args: string[], options: RunOptions = {}): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [kuraBin, ...args], { env: { ...kura.clientEnv, AWS_MAX_ATTEMPTS: '1', ...options.env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

/** Runs and expects success; returns stdout. */
export async function kuraOk(kura: RunningKura, args: string[], options: RunOptions = {}): Promise<string> {
  const out = await kuraCli(kura, args, options);
  if (out.code !== 0) throw new Error(`kura ${args.join(' ')} exited ${out.code}: ${out.stderr}`);
  return out.stdout;
}

/** Runs and expects failure with one line on stderr; returns that line. */
export async function kuraFails(kura: RunningKura, args: string[], options: RunOptions & { code?: number } = {}): Promise<string> {
  const out = await kuraCli(kura, args, options);
  if (out.code === 0) throw new Error(`kura ${args.join(' ')} succeeded: ${out.stdout}`);
  if (options.code !== undefined && out.code !== options.code) throw new Error(`kura ${args.join(' ')} exited ${out.code}, not ${options.code}: ${out.stderr}`);
  const lines = out.stderr.split('\n').filter((l) => l !== '');
  if (lines.length !== 1) throw new Error(`expected one line on stderr, got:\n${out.stderr}`);
  return lines[0]!;
}

export const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;

/**
 * Runs the command on a pseudo-terminal (util-linux `script`), so stdin and stderr are terminals,
 * and types `answer` once `prompt` appears. Returns everything the terminal showed.
 */
export function kuraOnTerminal(kura: RunningKura, args: string[], dialogue?: { prompt: string; answer: string }): Promise<Result> {
  const command = [process.execPath, kuraBin, ...args].map(shellQuote).join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qec', command, '/dev/null'], { env: { ...kura.clientEnv, AWS_MAX_ATTEMPTS: '1', TERM: 'dumb' }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let answered = dialogue === undefined;
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (!answered && stdout.includes(dialogue!.prompt)) {
        answered = true;
        child.stdin.write(dialogue!.answer);
      }
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}
