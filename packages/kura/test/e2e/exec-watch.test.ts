// `kura exec --watch` end to end, as a container would run it for its whole life: a real `kura
// serve`, an IAM user whose policy Kura enforces, and a long-running program that records the
// environment it was started with. A changed parameter restarts the program with the new value
// within about two intervals; a read that becomes denied keeps the program running as it is, and
// stderr says so with names only; SIGTERM to Kura ends the program and Kura with its code; and a
// read still in flight when the program exits does not keep Kura alive.

import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { startExec, writeProbe } from './exec-kit.js';
import { startKura, type RunningKura } from './harness.js';

const ACCOUNT = '123456789012';
const PATH = '/watch/app';
// Values distinct enough that finding one on stderr means it leaked.
const FIRST = 'first-value-9f3a';
const SECOND = 'second-value-7c1e';
const THIRD = 'third-value-denied-2b8d';
const SECRET = 'watched-secret-5d0c';

const allow = {
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Action: ['ssm:GetParametersByPath'], Resource: '*' },
    { Effect: 'Allow', Action: ['kms:Decrypt'], Resource: '*' },
  ],
};
const deny = { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: ['ssm:GetParametersByPath'], Resource: '*' }] };

/** Appends {pid, VALUE, SECRET} to $OUT when it starts; exits 42 on SIGTERM; otherwise runs on. */
const PROGRAM = `#!${process.execPath}
import { appendFileSync } from 'node:fs';
appendFileSync(process.env.OUT, JSON.stringify({ pid: process.pid, value: process.env.VALUE, secret: process.env.SECRET }) + '\\n');
process.on('SIGTERM', () => process.exit(42));
setInterval(() => {}, 1000);
`;

interface Start {
  pid: number;
  value: string;
  secret: string;
}

async function eventually<T>(what: string, check: () => T | undefined, ms: number): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const found = check();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('kura exec --watch', () => {
  let kura: RunningKura;
  let ssm: SSMClient;
  let iam: IAMClient;
  let dir: string;
  before(async () => {
    kura = await startKura({ args: ['--account-id', ACCOUNT] });
    ssm = new SSMClient({ endpoint: kura.url, region: kura.region, credentials: kura.credentials });
    iam = new IAMClient({ endpoint: kura.url, region: kura.region, credentials: kura.credentials });
    dir = mkdtempSync(path.join(tmpdir(), 'kura-exec-watch-'));
  });
  after(async () => {
    ssm.destroy();
    iam.destroy();
    rmSync(dir, { recursive: true, force: true });
    await kura.stop();
  });

  test('a change restarts the program with the new value; a denied read keeps it running, reported by name', { timeout: 60_000 }, async () => {
    await ssm.send(new PutParameterCommand({ Name: `${PATH}/value`, Value: FIRST, Type: 'String' }));
    await ssm.send(new PutParameterCommand({ Name: `${PATH}/secret`, Value: SECRET, Type: 'SecureString' }));
    await iam.send(new CreateUserCommand({ UserName: 'watcher' }));
    await iam.send(new PutUserPolicyCommand({ UserName: 'watcher', PolicyName: 'read-app', PolicyDocument: JSON.stringify(allow) }));
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: 'watcher' }));
    const program = path.join(dir, 'app.mjs');
    writeFileSync(program, PROGRAM);
    chmodSync(program, 0o755);
    const out = path.join(dir, 'starts.jsonl');
    const starts = (): Start[] => (existsSync(out) ? readFileSync(out, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Start) : []);
    const env = { ...kura.clientEnv, AWS_ACCESS_KEY_ID: AccessKey?.AccessKeyId, AWS_SECRET_ACCESS_KEY: AccessKey?.SecretAccessKey, OUT: out };

    const run = startExec(['--watch=5s', '--restart', '--path', PATH, '--', program], env);
    let stderr = '';
    run.child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    try {
      const first = await eventually('the first start', () => starts()[0], 15_000);
      assert.deepEqual([first.value, first.secret], [FIRST, SECRET]);

      await ssm.send(new PutParameterCommand({ Name: `${PATH}/value`, Value: SECOND, Type: 'String', Overwrite: true }));
      const changedAt = Date.now();
      // The first read comes 2.5 to 7.5 s after the start, the next ones every 4 to 6 s.
      const second = await eventually('the restart with the new value', () => starts()[1], 15_000);
      const took = Date.now() - changedAt;
      assert.deepEqual([second.value, second.secret], [SECOND, SECRET]);
      assert.notEqual(second.pid, first.pid);
      assert.ok(took < 12_000, `restarted ${took} ms after the change: within about two intervals`);
      assert.match(stderr, /^kura exec: VALUE changed: restarting the program \(SIGTERM, then SIGKILL after 10 s\)$/m);
      assert.match(stderr, /^kura exec: the program ended \(exit 42\); started it again with the new environment$/m);

      await iam.send(new PutUserPolicyCommand({ UserName: 'watcher', PolicyName: 'deny-now', PolicyDocument: JSON.stringify(deny) }));
      await ssm.send(new PutParameterCommand({ Name: `${PATH}/value`, Value: THIRD, Type: 'String', Overwrite: true }));
      const kept = await eventually('the denied read reported', () => /^kura exec: kept the running environment: (.*)$/m.exec(stderr)?.[1], 10_000);
      assert.match(kept, /^cannot read --path \/watch\/app: AccessDeniedException: User: arn:aws:iam::123456789012:user\/watcher is not authorized to perform: ssm:GetParametersByPath .*explicit deny/);
      assert.equal(starts().length, 2, 'the program was neither restarted nor stopped');
      process.kill(second.pid, 0); // throws if it is gone
    } finally {
      run.child.kill('SIGTERM');
    }
    const result = await run.done;
    assert.equal(result.code, 42, 'SIGTERM forwarded; the program\'s code is Kura\'s');
    for (const value of [FIRST, SECOND, THIRD, SECRET]) assert.ok(!result.stderr.includes(value), 'names only on stderr');
  });

  test('a read still in flight when the program exits: Kura exits with it, not at the read\'s deadline', { timeout: 60_000 }, async () => {
    // The first read is answered; every later one is held without an answer, as by a store that hangs.
    let answered = false;
    let held: () => void = () => {};
    const readHeld = new Promise<void>((resolve) => (held = resolve));
    const store = createServer((request: IncomingMessage, response: ServerResponse) => {
      request.resume();
      if (answered) return held();
      answered = true;
      response.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' }).end(JSON.stringify({ Parameters: [{ Name: '/hang/value', Value: 'v', Type: 'String', Version: 1 }] }));
    });
    await new Promise<void>((resolve) => store.listen(0, '127.0.0.1', resolve));
    const probe = writeProbe();
    try {
      const env = { ...kura.clientEnv, AWS_ENDPOINT_URL: `http://127.0.0.1:${(store.address() as { port: number }).port}` };
      const run = startExec(['--watch=5s', '--timeout', '60', '--path', '/hang', '--', probe.file, 'signals'], env);
      const pid = Number((await run.line(/^ready \d+$/)).split(' ')[1]);
      await readHeld;
      process.kill(pid, 'SIGTERM'); // the program ends on its own (it exits 42), mid-read
      const ended = Date.now();
      const result = await run.done;
      assert.equal(result.code, 42, result.stderr);
      assert.ok(Date.now() - ended < 5_000, `Kura exited ${Date.now() - ended} ms after the program`);
    } finally {
      store.closeAllConnections();
      store.close();
      probe.cleanup();
    }
  });
});
