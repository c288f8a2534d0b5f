// Handlers written for Lambda's Node and Python runtimes, run unchanged through the runner and
// `kura lambda-bootstrap` (from source, through tsx), each recording what it was given.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runtimeFile } from './bootstrap.js';
import { runRotationStep, type StepOptions } from './run-step.js';

const kura = path.resolve(fileURLToPath(import.meta.url), '../../..');
const kuraCommand = [process.execPath, '--import', 'tsx', path.join(kura, 'src/cli/main.ts')];
let dir: string;
before(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'kura-bootstrap-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

const event = { SecretId: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:app-AbCdEf', ClientRequestToken: 'b'.repeat(36), Step: 'testSecret' as const };

function step(command: string[]): Promise<Awaited<ReturnType<typeof runRotationStep>>> {
  const options: StepOptions = {
    command,
    event,
    credentials: { accessKeyId: 'ASIABOOTSTRAPTEST001', secretAccessKey: 'bootstrap-secret', sessionToken: 'bootstrap-token' },
    region: 'eu-west-1',
    endpoint: 'http://127.0.0.1:45999',
    functionName: 'rotate-app',
    functionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:rotate-app',
    timeoutMs: 60_000,
    cwd: kura,
  };
  return runRotationStep(options);
}

interface Recorded {
  event: unknown;
  functionName: string;
  requestId: string;
  remaining: number;
  endpoint: string;
}

function recorded(file: string): Recorded {
  return JSON.parse(readFileSync(file, 'utf8')) as Recorded;
}

function assertRecorded(seen: Recorded) {
  assert.deepEqual(seen.event, event);
  assert.equal(seen.functionName, 'rotate-app');
  assert.match(seen.requestId, /^[0-9a-f-]{36}$/);
  assert.ok(seen.remaining > 30_000 && seen.remaining <= 60_000, `remaining time ${seen.remaining}`);
  assert.equal(seen.endpoint, 'http://127.0.0.1:45999');
}

describe('kura lambda-bootstrap node', () => {
  it('calls an async ES module handler with the event and a Lambda context', async () => {
    const out = path.join(dir, 'node-async.json');
    writeFileSync(
      path.join(dir, 'index.mjs'),
      `import { writeFileSync } from 'node:fs';
       export const handler = async (event, context) => {
         writeFileSync(${JSON.stringify(out)}, JSON.stringify({ event, functionName: context.functionName, requestId: context.awsRequestId,
           remaining: context.getRemainingTimeInMillis(), endpoint: process.env.AWS_ENDPOINT_URL }));
       };`,
    );
    const result = await step([...kuraCommand, 'lambda-bootstrap', 'node', 'index.handler', '--root', dir]);
    assert.equal(result.ok, true, JSON.stringify(result));
    assertRecorded(recorded(out));
  });

  it('calls a CommonJS handler that answers through its callback, in a subfolder', async () => {
    const out = path.join(dir, 'node-callback.json');
    rmSync(path.join(dir, 'lib'), { recursive: true, force: true });
    mkdirSync(path.join(dir, 'lib'));
    writeFileSync(
      path.join(dir, 'lib', 'rotate.cjs'),
      `const { writeFileSync } = require('node:fs');
       exports.rotate = (event, context, callback) => {
         setTimeout(() => {
           writeFileSync(${JSON.stringify(out)}, JSON.stringify({ event, functionName: context.functionName, requestId: context.awsRequestId,
             remaining: context.getRemainingTimeInMillis(), endpoint: process.env.AWS_ENDPOINT_URL }));
           callback(null, 'done');
         }, 10);
         setInterval(() => {}, 1000); // left open, as SDK sockets are: the invocation still ends
       };`,
    );
    const result = await step([...kuraCommand, 'lambda-bootstrap', 'node', 'lib/rotate.rotate', '--root', dir]);
    assert.equal(result.ok, true, JSON.stringify(result));
    assertRecorded(recorded(out));
  });

  it("fails with the handler's error last on stderr", async () => {
    writeFileSync(path.join(dir, 'failing.js'), `exports.handler = async () => { throw new TypeError('Unable to log into database'); };`);
    writeFileSync(path.join(dir, 'package.json'), '{}');
    const result = await step([...kuraCommand, 'lambda-bootstrap', 'node', 'failing.handler', '--root', dir]);
    assert.ok(!result.ok);
    assert.equal(result.exitCode, 1);
    assert.equal(result.message, 'exited with code 1: TypeError: Unable to log into database');
  });

  it('fails when the handler cannot be found', async () => {
    const result = await step([...kuraCommand, 'lambda-bootstrap', 'node', 'missing.handler', '--root', dir]);
    assert.ok(!result.ok);
    assert.match(result.message, /Runtime\.HandlerNotFound: cannot find the module missing/);
    const noExport = await step([...kuraCommand, 'lambda-bootstrap', 'node', 'index.nothing', '--root', dir]);
    assert.ok(!noExport.ok);
    assert.match(noExport.message, /index\.mjs has no function export nothing/);
  });
});

describe('kura lambda-bootstrap python (runtime/lambda-bootstrap.py)', () => {
  const handler = (out: string) => `import json, os, boto3

def lambda_handler(event, context):
    client = boto3.client("secretsmanager")
    with open(${JSON.stringify(out)}, "w") as f:
        json.dump({"event": event, "functionName": context.function_name, "requestId": context.aws_request_id,
                   "remaining": context.get_remaining_time_in_millis(), "endpoint": client.meta.endpoint_url}, f)
`;

  it('calls lambda_handler(event, context); boto3 finds Kura through AWS_ENDPOINT_URL', async () => {
    const out = path.join(dir, 'python.json');
    writeFileSync(path.join(dir, 'lambda_function.py'), handler(out));
    const result = await step(['python3', runtimeFile('lambda-bootstrap.py'), 'lambda_function.lambda_handler', dir]);
    assert.equal(result.ok, true, JSON.stringify(result));
    assertRecorded(recorded(out));
  });

  it('runs through kura lambda-bootstrap python, a module in a package', async () => {
    const out = path.join(dir, 'python-package.json');
    mkdirSync(path.join(dir, 'pkg'), { recursive: true });
    writeFileSync(path.join(dir, 'pkg', '__init__.py'), '');
    writeFileSync(path.join(dir, 'pkg', 'rotator.py'), handler(out));
    const result = await step([...kuraCommand, 'lambda-bootstrap', 'python', 'pkg/rotator.lambda_handler', '--root', dir]);
    assert.equal(result.ok, true, JSON.stringify(result));
    assertRecorded(recorded(out));
  });

  it("fails with the exception's type and message last on stderr", async () => {
    writeFileSync(path.join(dir, 'failing_fn.py'), `def lambda_handler(event, context):\n    raise ValueError("Unable to log into database with pending secret")\n`);
    const result = await step(['python3', runtimeFile('lambda-bootstrap.py'), 'failing_fn.lambda_handler', dir]);
    assert.ok(!result.ok);
    assert.equal(result.message, 'exited with code 1: ValueError: Unable to log into database with pending secret');
    assert.ok(result.stderrTail.some((line) => line.startsWith('Traceback')));
  });
});
