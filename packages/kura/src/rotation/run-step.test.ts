import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runRotationStep, type StepOptions } from './run-step.js';

let dir: string;
before(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'kura-run-step-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** A small Node script in the test's folder, run as the rotation function. */
function script(name: string, body: string): string[] {
  const file = path.join(dir, name);
  writeFileSync(file, body);
  return [process.execPath, file];
}

function options(command: string[], overrides: Partial<StepOptions> = {}): StepOptions {
  return {
    command,
    event: { SecretId: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf', ClientRequestToken: 'a'.repeat(36), Step: 'createSecret' },
    credentials: { accessKeyId: 'ASIAROTATIONTEST0001', secretAccessKey: 'test-secret-access-key', sessionToken: 'test-session-token' },
    region: 'eu-west-1',
    endpoint: 'http://127.0.0.1:4566',
    functionName: 'rotate-db',
    functionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:rotate-db',
    timeoutMs: 10_000,
    ...overrides,
  };
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function waitUntil(check: () => boolean, ms = 3000): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 20))) if (check()) return true;
  return check();
}

describe('runRotationStep', () => {
  it('gives the event on stdin and in the environment, with the credentials, region and endpoint, and nothing of the server', async () => {
    const out = path.join(dir, 'seen.json');
    const command = script(
      'record.mjs',
      `import { readFileSync, writeFileSync, readdirSync } from 'node:fs';
       const stdin = readFileSync(0, 'utf8');
       writeFileSync(${JSON.stringify(out)}, JSON.stringify({ stdin, env: process.env, cwd: process.cwd(), home: readdirSync(process.env.HOME) }));`,
    );
    process.env.KURA_MASTER_KEY = 'must-not-leak';
    process.env.AWS_PROFILE = 'operator-profile';
    try {
      const result = await runRotationStep(options(command, { environment: { EXCLUDE_CHARACTERS: '/@', AWS_REGION: 'ignored' } }));
      assert.equal(result.ok, true, JSON.stringify(result));
    } finally {
      delete process.env.KURA_MASTER_KEY;
      delete process.env.AWS_PROFILE;
    }
    const seen = JSON.parse(readFileSync(out, 'utf8')) as { stdin: string; env: Record<string, string>; cwd: string; home: string[] };
    const event = options([]).event;
    assert.deepEqual(JSON.parse(seen.stdin), event);
    assert.deepEqual(JSON.parse(seen.env.KURA_ROTATION_EVENT as string), event);
    const { env } = seen;
    assert.equal(env.AWS_ACCESS_KEY_ID, 'ASIAROTATIONTEST0001');
    assert.equal(env.AWS_SECRET_ACCESS_KEY, 'test-secret-access-key');
    assert.equal(env.AWS_SESSION_TOKEN, 'test-session-token');
    assert.equal(env.AWS_REGION, 'eu-west-1', "the caller's region wins over the function's variables");
    assert.equal(env.AWS_DEFAULT_REGION, 'eu-west-1');
    assert.equal(env.AWS_ENDPOINT_URL, 'http://127.0.0.1:4566');
    assert.equal(env.SECRETS_MANAGER_ENDPOINT, 'http://127.0.0.1:4566', "AWS's templates read it");
    assert.equal(env.AWS_LAMBDA_FUNCTION_NAME, 'rotate-db');
    assert.equal(env.EXCLUDE_CHARACTERS, '/@');
    assert.ok(Number(env.KURA_ROTATION_DEADLINE_MS) > Date.now());
    assert.equal(env.KURA_MASTER_KEY, undefined);
    assert.equal(env.AWS_PROFILE, undefined);
    const allowed = new Set(Object.keys(env).filter((k) => /^(AWS_|KURA_ROTATION_|SECRETS_MANAGER_ENDPOINT$|EXCLUDE_CHARACTERS$)/.test(k)));
    for (const k of ['PATH', 'HOME', 'LANG', 'TZ']) allowed.add(k);
    // What the OS or node itself adds to a child's view of its environment (none on Linux today).
    assert.deepEqual(Object.keys(env).filter((k) => !allowed.has(k)), []);
    assert.deepEqual(seen.home, [], 'HOME is a fresh, empty folder');
    assert.equal(seen.cwd, process.cwd());
    assert.equal(existsSync(env.HOME as string), false, 'and is removed after the step');
  });

  it('fails with the exit code and the last lines of stderr', async () => {
    const command = script('fail.mjs', `console.error('connecting'); console.error('Error: access denied for user app'); process.exit(3);`);
    const result = await runRotationStep(options(command));
    assert.equal(result.ok, false);
    if (result.ok) return;
    assert.equal(result.reason, 'exit');
    assert.equal(result.exitCode, 3);
    assert.deepEqual(result.stderrTail, ['connecting', 'Error: access denied for user app']);
    assert.equal(result.message, 'exited with code 3: Error: access denied for user app');
  });

  it('keeps a bounded tail of a chatty stderr', async () => {
    const command = script('chatty.mjs', `for (let i = 0; i < 5000; i++) console.error('line ' + i + ' ' + 'x'.repeat(i % 7 === 0 ? 900 : 10)); process.exitCode = 1;`);
    const result = await runRotationStep(options(command));
    assert.ok(!result.ok);
    assert.equal(result.stderrTail.length, 20);
    assert.match(result.stderrTail.at(-1) as string, /^line 4999 /);
    assert.ok(result.stderrTail.every((line) => line.length <= 501));
  });

  it('kills the whole process group at the timeout', async () => {
    const pidFile = path.join(dir, 'grandchild.pid');
    const command = script(
      'hang.mjs',
      `import { spawn } from 'node:child_process'; import { writeFileSync } from 'node:fs';
       const g = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
       writeFileSync(${JSON.stringify(pidFile)}, String(g.pid));
       console.error('waiting for the database');
       setInterval(() => {}, 1000);`,
    );
    const started = Date.now();
    const result = await runRotationStep(options(command, { timeoutMs: 1500 }));
    assert.ok(Date.now() - started < 5000);
    assert.ok(!result.ok);
    assert.equal(result.reason, 'timeout');
    assert.equal(result.message, 'timed out after 1500 ms: waiting for the database');
    const grandchild = Number(readFileSync(pidFile, 'utf8'));
    assert.ok(await waitUntil(() => !alive(grandchild)), 'the grandchild is gone too');
  });

  it('kills the step at once when the server shuts down (its signal aborts)', async () => {
    const command = script('slow.mjs', `console.error('still working'); setInterval(() => {}, 1000);`);
    const controller = new AbortController();
    const started = Date.now();
    const running = runRotationStep(options(command, { timeoutMs: 60_000, signal: controller.signal }));
    setTimeout(() => controller.abort(), 500);
    const result = await running;
    assert.ok(Date.now() - started < 5000);
    assert.ok(!result.ok);
    assert.equal(result.reason, 'aborted');
    const before = await runRotationStep(options(command, { signal: AbortSignal.abort() }));
    assert.ok(!before.ok && before.reason === 'aborted', 'an aborted signal stops the step before it does anything');
  });

  it('ends what a successful step left running', async () => {
    const pidFile = path.join(dir, 'left.pid');
    const command = script(
      'leave.mjs',
      `import { spawn } from 'node:child_process'; import { writeFileSync } from 'node:fs';
       const g = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore', detached: false });
       g.unref();
       writeFileSync(${JSON.stringify(pidFile)}, String(g.pid));`,
    );
    const result = await runRotationStep(options(command));
    assert.equal(result.ok, true);
    const left = Number(readFileSync(pidFile, 'utf8'));
    assert.ok(await waitUntil(() => !alive(left)));
  });

  it('reports a signal it did not send', async () => {
    const result = await runRotationStep(options(script('term.mjs', `process.kill(process.pid, 'SIGTERM'); setInterval(() => {}, 1000);`)));
    assert.ok(!result.ok);
    assert.equal(result.reason, 'signal');
    assert.equal(result.signal, 'SIGTERM');
  });

  it('reports a command that cannot start', async () => {
    const result = await runRotationStep(options([path.join(dir, 'no-such-program')]));
    assert.ok(!result.ok);
    assert.equal(result.reason, 'spawn');
    assert.match(result.message, /could not start .*no-such-program: .*ENOENT/);
  });

  it('does not fail a function that never reads its stdin', async () => {
    const result = await runRotationStep(options(script('quick.mjs', `process.exit(0);`)));
    assert.equal(result.ok, true);
  });
});
