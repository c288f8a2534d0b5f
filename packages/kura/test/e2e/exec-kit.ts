// Shared by the exec*.test.ts files: the reference design's five parameters in a real `kura serve`,
// `kura exec` run as a user runs it (the built bin, under a chosen node), and a probe program that
// reports what it was given (environment, PID, argv, stdio flags) as JSON.

import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { kuraBin, type RunningKura } from './harness.js';

export const PREFIX = '/goecssample/database/sample/master';
// Distinct enough that finding one in an argv or a message means it leaked.
export const VALUES = { user: 'e2e-user', password: 'p@ss w0rd=+/ é', host: 'db.e2e.internal', name: 'e2e-posts', port: '13306' };

export async function seedReferenceDesign(kura: RunningKura): Promise<void> {
  const ssm = new SSMClient({ endpoint: kura.url, region: kura.region, credentials: kura.credentials });
  for (const [leaf, value] of Object.entries(VALUES)) {
    await ssm.send(new PutParameterCommand({ Name: `${PREFIX}/${leaf}`, Value: value, Type: leaf === 'password' ? 'SecureString' : 'String', Overwrite: true }));
  }
  ssm.destroy();
}

export interface Probe {
  dir: string;
  /** Absolute path of the probe program (a node script with an absolute #!, so it runs under --pristine). */
  file: string;
  /**
   * The probe behind a shell script without #!, which execve(2) refuses (ENOEXEC): Kura then starts it
   * through spawn and stays its parent, whatever the node (spawn runs such a script with /bin/sh, which
   * execs the probe in its place).
   */
  viaSpawn: string;
  cleanup(): void;
}

/**
 * Modes: `report` prints one JSON line and exits with $PROBE_EXIT; `signals` prints `ready <pid>`,
 * then `got <SIGNAL>` per signal, and exits 42 on SIGTERM; `kill-self SIG` dies by that signal.
 * It writes through fd 1 directly, so that it can report the flags its stdio came with.
 */
export function writeProbe(): Probe {
  const dir = mkdtempSync(path.join(tmpdir(), 'kura-exec-e2e-'));
  const file = path.join(dir, 'probe.mjs');
  writeFileSync(
    file,
    `#!${process.execPath}
import { readFileSync, writeSync } from 'node:fs';
const out = (text) => writeSync(1, text + '\\n');
const [mode, arg] = process.argv.slice(2);
if (mode === 'report') {
  const flags = (fd) => parseInt(/flags:\\s+(\\d+)/.exec(readFileSync('/proc/self/fdinfo/' + fd, 'utf8'))[1], 8);
  out(JSON.stringify({
    pid: process.pid,
    ppid: process.ppid,
    argv: process.argv.slice(2),
    cmdline: readFileSync('/proc/self/cmdline', 'utf8').split('\\0'),
    parentCmdline: readFileSync('/proc/' + process.ppid + '/cmdline', 'utf8').split('\\0'),
    env: process.env,
    nonBlocking: [0, 1, 2].map((fd) => (flags(fd) & 0o4000) !== 0),
  }));
  process.exit(Number(process.env.PROBE_EXIT ?? 0));
} else if (mode === 'signals') {
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2', 'SIGWINCH']) {
    process.on(signal, () => {
      out('got ' + signal);
      if (signal === 'SIGTERM') process.exit(42);
    });
  }
  out('ready ' + process.pid);
  setInterval(() => {}, 1000);
} else if (mode === 'kill-self') {
  process.kill(process.pid, arg);
  setInterval(() => {}, 1000);
}
`,
  );
  chmodSync(file, 0o755);
  const viaSpawn = path.join(dir, 'probe-without-shebang');
  writeFileSync(viaSpawn, `exec '${file}' "$@"\n`);
  chmodSync(viaSpawn, 0o755);
  return { dir, file, viaSpawn, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface ExecResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  pid: number;
}

export interface ExecRun {
  child: ChildProcess;
  /** Resolves when the first stdout line matching `pattern` has arrived. */
  line(pattern: RegExp): Promise<string>;
  done: Promise<ExecResult>;
}

/** `node bin/kura.js exec ARGS` with exactly `env` (the machine's environment does not leak in). */
export function startExec(args: string[], env: NodeJS.ProcessEnv, options: { node?: string } = {}): ExecRun {
  const child = spawn(options.node ?? process.execPath, [kuraBin, 'exec', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const waiters: Array<{ pattern: RegExp; resolve: (line: string) => void }> = [];
  child.stdout?.on('data', (d: Buffer) => {
    stdout += d.toString();
    for (const w of [...waiters]) {
      const match = stdout.split('\n').find((l) => w.pattern.test(l));
      if (match !== undefined) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(match);
      }
    }
  });
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<ExecResult>((resolve) => child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr, pid: child.pid ?? -1 })));
  return {
    child,
    done,
    line: (pattern) =>
      new Promise((resolve, reject) => {
        const existing = stdout.split('\n').find((l) => pattern.test(l));
        if (existing !== undefined) return resolve(existing);
        waiters.push({ pattern, resolve });
        void done.then((r) => reject(new Error(`exited (${r.code ?? r.signal}) before ${pattern}: ${r.stderr}`)));
      }),
  };
}

export function runExec(args: string[], env: NodeJS.ProcessEnv, options: { node?: string } = {}): Promise<ExecResult> {
  return startExec(args, env, options).done;
}

export interface ProbeReport {
  pid: number;
  ppid: number;
  argv: string[];
  cmdline: string[];
  parentCmdline: string[];
  env: Record<string, string>;
  nonBlocking: boolean[];
}

export function report(result: ExecResult): ProbeReport {
  const line = result.stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(line) as ProbeReport;
  } catch {
    throw new Error(`no probe report (exit ${result.code ?? result.signal}): ${result.stderr}`);
  }
}
