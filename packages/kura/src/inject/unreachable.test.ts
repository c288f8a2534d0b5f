// Which failures let `kura exec` start from its last-known-good file, on the errors as they really
// come: the AWS SDK's own (a refused connection, a 500 or a throttle after its retries, a denial),
// through readPlan, which is where the decision is recorded on the ExecError.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { ExecError, EXIT } from './errors.js';
import { isUnreachable } from './fallback.js';
import { readPlan, type ReadPlan } from './fetch.js';
import type { SsmReader } from './reader.js';
import { parseSecretRef } from './secret-refs.js';
import { createSecretReader } from './secrets-sdk.js';
import { createReader } from './ssm-sdk.js';
import { stubHandler, type StubAnswer } from './stub-handler.js';
import { isUnreachableFailure } from './unreachable.js';

const home = mkdtempSync(path.join(tmpdir(), 'kura-unreachable-test-'));
after(() => rmSync(home, { recursive: true, force: true }));

const pathPlan: ReadPlan = { paths: ['/app'], recursive: false, parameters: [], secrets: [] };

/** Runs fn with exactly these AWS_* variables (and no user configuration) in process.env. */
async function withAwsEnv<T>(vars: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(process.env).filter((k) => k.startsWith('AWS_')).map((k) => [k, process.env[k]]));
  for (const k of Object.keys(process.env)) if (k.startsWith('AWS_')) delete process.env[k];
  const base = { AWS_CONFIG_FILE: path.join(home, 'none'), AWS_SHARED_CREDENTIALS_FILE: path.join(home, 'none'), AWS_EC2_METADATA_DISABLED: 'true', AWS_REGION: 'us-east-1' };
  Object.assign(process.env, base, { AWS_ACCESS_KEY_ID: 'AKIAUNREACHABLE00001', AWS_SECRET_ACCESS_KEY: 'unreachable-secret', AWS_MAX_ATTEMPTS: '2' }, vars);
  try {
    return await fn();
  } finally {
    for (const k of Object.keys(process.env)) if (k.startsWith('AWS_')) delete process.env[k];
    Object.assign(process.env, saved);
  }
}

/** The ExecError readPlan rejects with when the Parameter Store reader answers `answer`. */
async function failureOf(answer: StubAnswer | undefined, plan: ReadPlan = pathPlan, vars: Record<string, string> = {}): Promise<ExecError> {
  return withAwsEnv(vars, async () => {
    const requestHandler = answer ? stubHandler(() => answer) : undefined;
    const options = { env: process.env, insecureHttp: false, ...(requestHandler ? { requestHandler } : {}) };
    const reader = createReader(options);
    const secrets = createSecretReader(options);
    try {
      await readPlan(reader, secrets, plan, 20_000);
    } catch (error) {
      assert.ok(error instanceof ExecError, String(error));
      return error;
    } finally {
      reader.close();
      secrets.close();
    }
    assert.fail('the read succeeded');
  });
}

const serviceError = (status: number, type: string, message = 'details'): StubAnswer => ({ status, body: JSON.stringify({ __type: type, message }) });

describe('the store could not be reached: the fallback may be used', () => {
  test('a refused connection (the real SDK, nothing listening), after the retries', async () => {
    const error = await failureOf(undefined, pathPlan, { AWS_ENDPOINT_URL: 'http://127.0.0.1:1' });
    assert.match(error.message, /^cannot read --path \/app: ECONNREFUSED: /);
    assert.equal(isUnreachable(error), true);
  });

  test('5xx after the retries, from Parameter Store and from Secrets Manager', async () => {
    for (const [status, type] of [
      [500, 'InternalServerError'],
      [503, 'ServiceUnavailable'],
    ] as const) {
      assert.equal(isUnreachable(await failureOf(serviceError(status, type))), true, `${status} ${type}`);
    }
    const secretPlan: ReadPlan = { paths: [], recursive: false, parameters: [], secrets: [parseSecretRef('app/db', 'test')] };
    const secret = await failureOf(serviceError(500, 'InternalServiceError'), secretPlan);
    assert.match(secret.message, /^cannot read secret app\/db: InternalServiceError/);
    assert.equal(isUnreachable(secret), true);
  });

  test('a proxy answering 502 with HTML instead of the service', async () => {
    const error = await failureOf({ status: 502, body: '<html>Bad Gateway</html>', headers: { 'content-type': 'text/html' } });
    assert.equal(isUnreachable(error), true, error.message);
  });

  test('throttled past the retries', async () => {
    assert.equal(isUnreachable(await failureOf(serviceError(400, 'ThrottlingException', 'Rate exceeded'))), true);
    assert.equal(isUnreachable(await failureOf(serviceError(429, 'TooManyRequests'))), true);
  });

  test('the --timeout deadline', async () => {
    const slow: SsmReader = {
      byPath: (_path, _recursive, signal) => new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(new Error('aborted')))),
      byNames: async () => ({ parameters: [], invalid: [] }),
      close() {},
    };
    const error = await readPlan(slow, undefined, pathPlan, 50).then(
      () => assert.fail('the read succeeded'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof ExecError);
    assert.equal(error.message, 'timed out after 0.05 s reading Parameter Store (--timeout)');
    assert.equal(isUnreachable(error), true);
  });

  test('raw errors as other readers throw them: network codes, a fetch() TypeError with a cause, an AggregateError, SDK timeouts', () => {
    for (const code of ['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE']) {
      assert.equal(isUnreachable(Object.assign(new Error(`connect ${code}`), { code, $metadata: { attempts: 8 } })), true, code);
    }
    assert.equal(isUnreachable(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })), true);
    assert.equal(isUnreachable(new TypeError('fetch failed', { cause: Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }) })), true);
    const refused = () => Object.assign(new Error('connect'), { code: 'ECONNREFUSED' });
    assert.equal(isUnreachable(new AggregateError([refused(), refused()])), true);
    assert.equal(isUnreachable(Object.assign(new Error('Socket timed out without establishing a connection within 5000 ms'), { name: 'TimeoutError' })), true);
  });
});

describe('anything else fails closed: the fallback is not used', () => {
  test('access denied, from either service', async () => {
    const denied = await failureOf(serviceError(400, 'AccessDeniedException', 'User: arn:aws:iam::1:user/u is not authorized to perform: ssm:GetParametersByPath'));
    assert.match(denied.message, /AccessDeniedException/);
    assert.equal(isUnreachable(denied), false);
    const secretPlan: ReadPlan = { paths: [], recursive: false, parameters: [], secrets: [parseSecretRef('app/db', 'test')] };
    assert.equal(isUnreachable(await failureOf(serviceError(400, 'AccessDeniedException'), secretPlan)), false);
  });

  test('missing: an empty path, a parameter not found, a secret not found', async () => {
    const empty = await failureOf({ body: JSON.stringify({ Parameters: [] }) });
    assert.match(empty.message, /^no parameters under --path \/app/);
    assert.equal(isUnreachable(empty), false);
    const names: ReadPlan = { paths: [], recursive: false, parameters: ['/app/nope'], secrets: [] };
    const notFound = await failureOf({ body: JSON.stringify({ Parameters: [], InvalidParameters: ['/app/nope'] }) }, names);
    assert.equal(notFound.message, 'parameter not found: /app/nope');
    assert.equal(isUnreachable(notFound), false);
    const secretPlan: ReadPlan = { paths: [], recursive: false, parameters: [], secrets: [parseSecretRef('app/gone', 'test')] };
    assert.equal(isUnreachable(await failureOf(serviceError(400, 'ResourceNotFoundException', "Secrets Manager can't find the specified secret."), secretPlan)), false);
  });

  test('decryption and validation failures', async () => {
    for (const type of ['KMSAccessDeniedException', 'InvalidKeyId', 'ValidationException', 'DecryptionFailure', 'InvalidRequestException']) {
      assert.equal(isUnreachable(await failureOf(serviceError(400, type))), false, type);
    }
  });

  test('no credentials, no region, a refused plain-HTTP endpoint, a refused result, a certificate that does not verify', async () => {
    assert.equal(isUnreachable(Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' })), false);
    assert.equal(isUnreachable(Object.assign(new Error('connect ECONNREFUSED 169.254.169.254:80'), { name: 'ProviderError', code: 'ECONNREFUSED' })), false);
    assert.equal(isUnreachable(new Error('Region is missing')), false);
    const plain = await failureOf(undefined, pathPlan, { AWS_ENDPOINT_URL: 'http://192.0.2.1:4566' });
    assert.equal(plain.exitCode, EXIT.usage);
    assert.equal(isUnreachable(plain), false);
    assert.equal(isUnreachable(new ExecError('refusing to set LD_PRELOAD from --path /evil', EXIT.rejected)), false);
    assert.equal(isUnreachable(Object.assign(new Error('self-signed certificate'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' })), false);
    assert.equal(isUnreachable(new AggregateError([Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }), new Error('something else')])), false);
  });

  test('the flag is read by shape: an ExecError from an SDK bundle (another copy of the class) counts', () => {
    const fromBundle = (unreachable: boolean) => Object.assign(new Error('cannot read --path /app: ECONNREFUSED'), { name: 'ExecError', exitCode: EXIT.fetch, unreachable });
    assert.equal(isUnreachable(fromBundle(true)), true);
    assert.equal(isUnreachable(fromBundle(false)), false);
    assert.equal(isUnreachableFailure(undefined), false);
    assert.equal(new ExecError('old call sites', EXIT.fetch).unreachable, false, 'the two-argument constructor still works');
  });
});
