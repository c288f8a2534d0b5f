// The server's rotation functions (rotation-service.ts) over a real store and real processes: which
// ARNs it can invoke, what a step gets (the role's session, the endpoint, the event, nothing of the
// server's environment), what a failure says (never what the function printed), and background
// runs: one per secret, stopped and awaited at shutdown.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ACCOUNT, REGION, createTestHarness, trustDoc, type TestHarness } from '../services/iam/testing/context.js';
import type { RotationReport } from '../services/rotation-functions.js';
import { createRotationService, type RotationService } from './rotation-service.js';

const fnArn = (name: string, region = REGION, account = ACCOUNT) => `arn:aws:lambda:${region}:${account}:function:${name}`;
const SCOPE = { accountId: ACCOUNT, region: REGION };
const event = (step: 'createSecret' | 'testSecret' = 'createSecret') => ({ SecretId: `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:app-AbCdEf`, ClientRequestToken: 'a'.repeat(36), Step: step });

describe('rotation service', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'kura-rotation-service-'));
  const seen = path.join(dir, 'seen.json');
  const lines: Array<{ level: string; msg: string; fields: Record<string, unknown> }> = [];
  let h: TestHarness;
  let service: RotationService;

  before(async () => {
    h = await createTestHarness();
    await h.iam('CreateRole', { RoleName: 'rotator', AssumeRolePolicyDocument: trustDoc({ Service: 'lambda.amazonaws.com' }) });
    await h.iam('CreateRole', { RoleName: 'ecs-only', AssumeRolePolicyDocument: trustDoc({ Service: 'ecs-tasks.amazonaws.com' }) });
    const record = path.join(dir, 'record.mjs');
    writeFileSync(record, `import { writeFileSync } from 'node:fs'; writeFileSync(${JSON.stringify(seen)}, JSON.stringify(process.env)); process.exit(0);`);
    const fail = path.join(dir, 'fail.mjs');
    writeFileSync(fail, `console.error('connecting with password s3cr3t-canary'); process.exit(3);`);
    const hang = path.join(dir, 'hang.mjs');
    writeFileSync(hang, `setInterval(() => {}, 1000);`);
    process.env.KURA_SERVER_ONLY_CANARY = 'server-side';
    service = createRotationService({
      functions: [
        { name: 'record', command: [process.execPath, record], roleArn: `arn:aws:iam::${ACCOUNT}:role/rotator` },
        { name: 'fail', command: [process.execPath, fail], roleArn: `arn:aws:iam::${ACCOUNT}:role/rotator` },
        { name: 'hang', command: [process.execPath, hang], roleArn: `arn:aws:iam::${ACCOUNT}:role/rotator` },
        { name: 'untrusted', command: [process.execPath, record], roleArn: `arn:aws:iam::${ACCOUNT}:role/ecs-only` },
      ],
      accountId: ACCOUNT,
      store: h.store,
      keyring: h.keyring,
      now: () => new Date(),
      endpoint: () => 'http://127.0.0.1:45999',
      timeoutMs: 30_000,
      logger: { log: (level, msg, fields = {}) => lines.push({ level, msg, fields }) },
    });
  });
  after(async () => {
    delete process.env.KURA_SERVER_ONLY_CANARY;
    await service.close();
    await h.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('invokes only registered functions of the caller’s account and region', () => {
    assert.equal(service.canInvoke(SCOPE, fnArn('record')), true);
    assert.equal(service.canInvoke(SCOPE, `${fnArn('record')}:live`), true, 'a qualifier names the same function');
    assert.equal(service.canInvoke(SCOPE, fnArn('record', 'eu-west-1')), false);
    assert.equal(service.canInvoke(SCOPE, fnArn('record', REGION, '111122223333')), false);
    assert.equal(service.canInvoke(SCOPE, fnArn('nobody')), false);
    assert.equal(service.canInvoke(SCOPE, 'record'), false);
    assert.equal(service.maxRotationMs, 4 * 30_000 + 60_000);
  });

  it("runs a step with the role's session, the endpoint and the event, and nothing of the server's environment", async () => {
    assert.deepEqual(await service.invoke(SCOPE, fnArn('record'), event()), { ok: true });
    const env = JSON.parse(readFileSync(seen, 'utf8')) as Record<string, string>;
    assert.match(env['AWS_ACCESS_KEY_ID'] ?? '', /^ASIA/);
    const session = await h.store.sessions.find(env['AWS_ACCESS_KEY_ID'] ?? '');
    assert.equal(session?.principalArn, `arn:aws:sts::${ACCOUNT}:assumed-role/rotator/record`);
    assert.equal(env['AWS_ENDPOINT_URL'], 'http://127.0.0.1:45999');
    assert.equal(env['AWS_REGION'], REGION);
    assert.deepEqual(JSON.parse(env['KURA_ROTATION_EVENT'] ?? '{}'), event());
    assert.equal(env['KURA_SERVER_ONLY_CANARY'], undefined);
  });

  it('says why a step failed in its own words, and keeps what the function printed for the debug level', async () => {
    const failed = await service.invoke(SCOPE, fnArn('fail'), event('testSecret'));
    assert.deepEqual(failed, { ok: false, message: 'fail testSecret: exited with code 3' });
    const debug = lines.find((l) => l.msg === 'rotation function stderr (last lines)');
    assert.equal(debug?.level, 'debug');
    assert.deepEqual(debug?.fields['stderr'], ['connecting with password s3cr3t-canary']);
    assert.ok(!lines.some((l) => l.level !== 'debug' && JSON.stringify(l).includes('s3cr3t')));
    assert.deepEqual(await service.invoke(SCOPE, fnArn('nobody'), event()), { ok: false, message: `Function not found: ${fnArn('nobody')}` });
    const untrusted = await service.invoke(SCOPE, fnArn('untrusted'), event());
    assert.ok(!untrusted.ok && untrusted.message.startsWith("the function's role cannot be used: Service: lambda.amazonaws.com is not authorized to perform: sts:AssumeRole"));
  });

  it('runs one rotation per secret in the background, and stops and awaits them at shutdown', async () => {
    const secret = event().SecretId;
    let outcome: RotationReport | undefined;
    const started = service.start(secret, async () => {
      const result = await service.invoke(SCOPE, fnArn('hang'), event());
      outcome = { secretArn: secret, versionId: 'v', outcome: result.ok ? 'rotated' : 'failed', ...(result.ok ? {} : { message: result.message }) };
      return outcome;
    });
    assert.equal(started, true);
    assert.equal(service.running(secret), true);
    assert.equal(service.start(secret, async () => ({ secretArn: secret, versionId: 'w', outcome: 'rotated' })), false, 'one at a time');
    await new Promise((resolve) => setTimeout(resolve, 500));
    const t0 = Date.now();
    await service.close();
    assert.ok(Date.now() - t0 < 5000, 'the hanging step was killed, not waited for');
    assert.deepEqual(outcome, { secretArn: secret, versionId: 'v', outcome: 'failed', message: 'hang createSecret: stopped: the server is shutting down' });
    assert.equal(service.running(secret), false);
    assert.ok(lines.some((l) => l.msg.startsWith('rotation failed') && l.fields['secret'] === secret));
    assert.equal(service.start(secret, async () => ({ secretArn: secret, versionId: 'x', outcome: 'rotated' })), false, 'nothing starts after shutdown');
  });
});
