// kura serve as a process: its own routes, bad requests, shutdown, logs.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { PutParameterCommand, GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { kuraBin, startKura, type RunningKura } from './harness.js';
import { KURA_VERSION } from '../../src/server/version.js';
import { rawRequest } from './raw-request.js';
import { sqliteOnly } from './store.js';

const CANARY = 'canary-value-7f3a9c1e';

describe('kura serve --dev', () => {
  let kura: RunningKura;
  before(async () => {
    kura = await startKura({ args: ['--dev', '--account-id', '123456789012'] });
  });
  after(async () => {
    await kura.stop();
  });

  test('answers GET /_kura/health with the store status and the package version only', async () => {
    const response = await fetch(`${kura.url}/_kura/health`);
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { status: 'ok', version: KURA_VERSION });
  });

  test('POST /_kura/reset wipes parameters but keeps the administrator', async () => {
    const ssm = new SSMClient({ endpoint: kura.url, region: kura.region, credentials: kura.credentials });
    await ssm.send(new PutParameterCommand({ Name: '/reset/me', Value: 'x', Type: 'String' }));
    const started = performance.now();
    const response = await fetch(`${kura.url}/_kura/reset`, { method: 'POST', headers: { 'x-kura-reset': 'yes' } });
    assert.equal(response.status, 200);
    assert.ok(performance.now() - started < 1000);
    await assert.rejects(ssm.send(new GetParameterCommand({ Name: '/reset/me' })), { name: 'ParameterNotFound' });
    ssm.destroy();
  });

  test('malformed JSON is a SerializationException', async () => {
    const r = await rawRequest({ url: kura.url, credentials: kura.credentials, target: 'AmazonSSM.GetParameter', body: '{"Name": ' });
    assert.equal(r.status, 400);
    assert.equal(r.json.__type, 'SerializationException');
  });

  test('an unknown target is UnknownOperationException', async () => {
    const r = await rawRequest({ url: kura.url, credentials: kura.credentials, target: 'AmazonSSM.StealEverything', body: '{}' });
    assert.equal(r.status, 400);
    assert.equal(r.json.__type, 'UnknownOperationException');
  });

  test('a wrong content type is a SerializationException naming the expected type', async () => {
    const r = await rawRequest({ url: kura.url, credentials: kura.credentials, target: 'AmazonSSM.GetParameter', body: '{"Name":"x"}', contentType: 'text/plain' });
    assert.equal(r.status, 400);
    assert.equal(r.json.__type, 'SerializationException');
    assert.match(String(r.json.Message), /application\/x-amz-json-1\.1/);
  });

  test('an operation of the model that Kura does not implement says so', async () => {
    const r = await rawRequest({ url: kura.url, credentials: kura.credentials, target: 'AmazonSSM.ListDocuments', body: '{}' });
    assert.equal(r.status, 501);
    assert.equal(r.json.__type, 'NotImplementedException');
    assert.match(String(r.json.message), /AmazonSSM\.ListDocuments/);
  });

  test('a body over 1 MiB is refused with 413 before it is read', async () => {
    const r = await rawRequest({ url: kura.url, credentials: kura.credentials, target: 'AmazonSSM.PutParameter', body: Buffer.alloc(1024 * 1024 + 1, 'a') });
    assert.equal(r.status, 413);
    assert.equal(r.json.__type, 'RequestEntityTooLargeException');
  });

  test('an unsigned request is MissingAuthenticationTokenException', async () => {
    const r = await rawRequest({ url: kura.url, credentials: kura.credentials, target: 'AmazonSSM.GetParameter', body: '{"Name":"x"}', sign: false });
    assert.equal(r.status, 400);
    assert.equal(r.json.__type, 'MissingAuthenticationTokenException');
  });

  test('an unknown access key is UnrecognizedClientException', async () => {
    const r = await rawRequest({ url: kura.url, credentials: { accessKeyId: 'AKIANOBODY', secretAccessKey: 'x' }, target: 'AmazonSSM.GetParameter', body: '{"Name":"x"}' });
    assert.equal(r.status, 400);
    assert.equal(r.json.__type, 'UnrecognizedClientException');
    assert.equal(r.json.message, 'The security token included in the request is invalid.');
  });

  test('a wrong secret is InvalidSignatureException', async () => {
    const r = await rawRequest({ url: kura.url, credentials: { accessKeyId: kura.credentials.accessKeyId, secretAccessKey: 'wrong' }, target: 'AmazonSSM.GetParameter', body: '{"Name":"x"}' });
    assert.equal(r.status, 400);
    assert.equal(r.json.__type, 'InvalidSignatureException');
  });

  test('logs one JSON line per request and never a value', async () => {
    const ssm = new SSMClient({ endpoint: kura.url, region: kura.region, credentials: kura.credentials });
    await ssm.send(new PutParameterCommand({ Name: '/log/canary', Value: CANARY, Type: 'SecureString' }));
    await ssm.send(new GetParameterCommand({ Name: '/log/canary', WithDecryption: true }));
    await assert.rejects(ssm.send(new PutParameterCommand({ Name: '/log/canary', Value: CANARY, Type: 'String' })));
    ssm.destroy();
    await new Promise((r) => setTimeout(r, 100));
    const lines = kura.stdout().trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const requests = lines.filter((l) => l.msg === 'request' && l.service === 'ssm');
    assert.ok(requests.some((l) => l.operation === 'GetParameter' && l.status === 200 && typeof l.requestId === 'string' && typeof l.durationMs === 'number'));
    assert.ok(requests.some((l) => l.operation === 'PutParameter' && l.errorCode === 'ParameterAlreadyExists'));
    const ours = requests.filter((l) => l.operation === 'GetParameter' || l.operation === 'PutParameter');
    assert.ok(ours.length >= 3 && ours.every((l) => l.principal === 'arn:aws:iam::123456789012:user/admin'));
    const unsigned = requests.find((l) => l.errorCode === 'MissingAuthenticationTokenException');
    assert.ok(unsigned && unsigned.principal === undefined, 'an unauthenticated request names no principal');
    assert.ok(!kura.stdout().includes(CANARY) && !kura.stderr().includes(CANARY));
  });
});

describe('kura serve without --dev', () => {
  let kura: RunningKura;
  before(async () => {
    kura = await startKura({ credentials: 'generated' });
  });
  after(async () => {
    await kura.stop();
  });

  test('generates administrator credentials once, in admin.env with mode 0600, and they work', async () => {
    const file = path.join(kura.dataDir, 'admin.env');
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.match(readFileSync(file, 'utf8'), /^AWS_ACCESS_KEY_ID=AKIA[A-Z2-7]{16}\nAWS_SECRET_ACCESS_KEY=\S{40}\n$/);
    assert.match(kura.stderr(), /admin\.env/);
    const ssm = new SSMClient({ endpoint: kura.url, region: kura.region, credentials: kura.credentials });
    assert.equal((await ssm.send(new PutParameterCommand({ Name: 'generated', Value: 'v', Type: 'String' }))).Version, 1);
    ssm.destroy();
  });

  test('does not accept test/test', async () => {
    const r = await rawRequest({ url: kura.url, credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, target: 'AmazonSSM.GetParameter', body: '{"Name":"x"}' });
    assert.equal(r.json.__type, 'UnrecognizedClientException');
  });

  test('refuses a second server, and a master-key rotation, on the data directory it serves', { skip: sqliteOnly('the process lock on kura.db; replicas share a PostgreSQL store by design') }, () => {
    const env = { PATH: process.env.PATH, HOME: process.env.HOME };
    const second = spawnSync(process.execPath, [kuraBin, 'serve', '--port', '0', '--data', kura.dataDir], { env, encoding: 'utf8', timeout: 15_000 });
    const db = path.join(kura.dataDir, 'kura.db');
    const inUse = `${db} is in use by another Kura process (its lock file ${db}.lock is held); stop that process first`;
    assert.equal(second.status, 1);
    assert.equal(second.stderr, `kura serve: ${inUse}\n`);
    const keyBefore = readFileSync(path.join(kura.dataDir, 'master.key'), 'utf8');
    const rotation = spawnSync(process.execPath, [kuraBin, 'rotate-master-key', '--data', kura.dataDir, '--generate'], { env, encoding: 'utf8', timeout: 15_000 });
    assert.equal(rotation.status, 1);
    assert.equal(rotation.stderr, `kura rotate-master-key: ${inUse}\n`);
    assert.equal(readFileSync(path.join(kura.dataDir, 'master.key'), 'utf8'), keyBefore, 'the master key is untouched');
  });

  test('has no reset route', async () => {
    const response = await fetch(`${kura.url}/_kura/reset`, { method: 'POST', headers: { 'x-kura-reset': 'yes' } });
    assert.notEqual(response.status, 200);
  });
});
