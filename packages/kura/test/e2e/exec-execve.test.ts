// `kura exec` on a node that has process.execve (22.15 and later): Kura becomes the program. Same PID,
// signals straight to the program, its exit status (a signal death included) is the process's own.
// Run on the node running the tests (Node 24 in CI) and on Node 22, the oldest line Kura supports:
// the npm registry's `node@22` package, installed once into a temporary folder outside the repository
// (or KURA_TEST_NODE=/path/to/node). A node that cannot be had is skipped, with the reason.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { PREFIX, VALUES, report, runExec, seedReferenceDesign, startExec, writeProbe, type Probe } from './exec-kit.js';
import { startKura, type RunningKura } from './harness.js';

const run = promisify(execFile);

type Candidate = { node: string; version: string } | { skip: string };

async function node22(): Promise<Candidate> {
  const given = process.env.KURA_TEST_NODE;
  if (given) return withExecve(given);
  const dir = path.join(tmpdir(), 'kura-test-node22');
  const node = path.join(dir, 'node_modules', 'node', 'bin', 'node');
  if (!existsSync(node)) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'package.json'), '{ "name": "kura-test-node22", "private": true }\n');
    try {
      await run('npm', ['install', '--no-audit', '--no-fund', '--no-package-lock', 'node@22'], { cwd: dir, timeout: 240_000 });
    } catch (error) {
      return { skip: `could not install node@22 from the npm registry: ${String((error as Error).message).split('\n')[0]}` };
    }
  }
  return withExecve(node);
}

async function withExecve(node: string): Promise<Candidate> {
  try {
    const { stdout } = await run(node, ['-p', 'process.version + " " + typeof process.execve']);
    const [version = '', execve] = stdout.trim().split(' ');
    if (execve !== 'function') return { skip: `${node} (${version}) has no process.execve` };
    return { node, version };
  } catch (error) {
    return { skip: `${node} does not run: ${(error as Error).message.split('\n')[0]}` };
  }
}

for (const candidate of [await withExecve(process.execPath), await node22()]) {
  describe(`kura exec with process.execve (${'version' in candidate ? candidate.version : 'a node that has it'})`, { skip: 'skip' in candidate ? candidate.skip : false }, () => {
    const node = 'node' in candidate ? candidate.node : '';
    let kura: RunningKura;
    let probe: Probe;
    before(async () => {
      kura = await startKura();
      await seedReferenceDesign(kura);
      probe = writeProbe();
    });
    after(async () => {
      probe.cleanup();
      await kura.stop();
    });

    test('the program replaces Kura: same PID, the five values, nothing on stderr', async () => {
      const started = startExec(['--path', PREFIX, '--prefix', 'DB_', '--', probe.file, 'report'], kura.clientEnv, { node });
      const result = await started.done;
      assert.equal(result.code, 0, result.stderr);
      const got = report(result);
      assert.equal(got.pid, started.child.pid, 'the PID Kura was started with');
      assert.equal(got.ppid, process.pid, "the program's parent is whoever started Kura");
      assert.deepEqual([got.env.DB_USER, got.env.DB_PASSWORD, got.env.DB_HOST, got.env.DB_NAME, got.env.DB_PORT], [VALUES.user, VALUES.password, VALUES.host, VALUES.name, VALUES.port]);
      assert.equal(got.env.AWS_ACCESS_KEY_ID, undefined);
      assert.deepEqual(got.nonBlocking, [false, false, false], 'stdio as Kura got it');
      assert.equal(result.stderr, '', 'no ExperimentalWarning, no SDK warning');
    });

    test('signals go straight to the program, and its exit code is the exit code', async () => {
      const started = startExec(['--path', PREFIX, '--', probe.file, 'signals'], kura.clientEnv, { node });
      const ready = await started.line(/^ready \d+$/);
      assert.equal(Number(ready.split(' ')[1]), started.child.pid);
      for (const signal of ['SIGINT', 'SIGHUP', 'SIGUSR1', 'SIGUSR2'] as const) {
        started.child.kill(signal);
        await started.line(new RegExp(`^got ${signal}$`));
      }
      started.child.kill('SIGTERM');
      assert.equal((await started.done).code, 42);
      for (const code of [1, 42]) assert.equal((await runExec(['--path', PREFIX, '--', probe.file, 'report'], { ...kura.clientEnv, PROBE_EXIT: String(code) }, { node })).code, code);
    });

    test("a death by signal is the process's own", async () => {
      const result = await runExec(['--path', PREFIX, '--', probe.file, 'kill-self', 'SIGKILL'], kura.clientEnv, { node });
      assert.deepEqual([result.code, result.signal], [null, 'SIGKILL']);
    });

    test('SIGPIPE and SIGXFSZ reach the program at their defaults, not ignored as in node', async () => {
      const result = await runExec(['--path', PREFIX, '--', '/bin/sh', '-c', 'grep SigIgn /proc/self/status'], kura.clientEnv, { node });
      assert.match(result.stdout, /^SigIgn:\s+0+\n$/);
    });

    test('a script without #! (which execve(2) refuses) still runs, through spawn', async () => {
      const script = path.join(probe.dir, 'no-shebang.sh');
      writeFileSync(script, 'echo "host=$DB_HOST"\nexit 7\n');
      chmodSync(script, 0o755);
      const result = await runExec(['--path', PREFIX, '--prefix', 'DB_', '--', script], kura.clientEnv, { node });
      assert.equal(result.code, 7, result.stderr);
      assert.equal(result.stdout, `host=${VALUES.host}\n`);
    });

    test('fail closed: the store stopped, the program never runs, no abort', async () => {
      const gone = await startKura();
      const env = { ...gone.clientEnv, AWS_MAX_ATTEMPTS: '2' };
      await gone.stop();
      const marker = path.join(probe.dir, 'ran');
      const result = await runExec(['--path', PREFIX, '--', 'touch', marker], env, { node });
      assert.deepEqual([result.code, result.signal], [3, null]);
      assert.match(result.stderr, /^kura exec: cannot read --path .*ECONNREFUSED/);
      assert.ok(!existsSync(marker));
    });
  });
}
