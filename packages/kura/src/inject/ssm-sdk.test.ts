// The SDK half, with the HTTP layer stubbed: what is sent, where, signed as whom. This is how "the
// same commands run against AWS's endpoints when no endpoint override is set" is tested without
// calling AWS: the request the SDK would send is inspected instead.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { fetchAll } from './fetch.js';
import { createReader } from './ssm-sdk.js';
import { stubHandler, type SeenRequest, type StubAnswer } from './stub-handler.js';

const AWS_VARIABLES = Object.keys(process.env).filter((k) => k.startsWith('AWS_'));
const home = mkdtempSync(path.join(tmpdir(), 'kura-sdk-test-'));
after(() => rmSync(home, { recursive: true, force: true }));

/** Runs fn with exactly these AWS_* variables (and no user configuration) in process.env. */
async function withAwsEnv<T>(vars: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries([...AWS_VARIABLES, ...Object.keys(vars)].map((k) => [k, process.env[k]]));
  for (const k of Object.keys(process.env)) if (k.startsWith('AWS_')) delete process.env[k];
  Object.assign(process.env, { AWS_CONFIG_FILE: path.join(home, 'none-config'), AWS_SHARED_CREDENTIALS_FILE: path.join(home, 'none-credentials'), AWS_EC2_METADATA_DISABLED: 'true' }, vars);
  try {
    return await fn();
  } finally {
    for (const k of Object.keys(process.env)) if (k.startsWith('AWS_')) delete process.env[k];
    for (const [k, v] of Object.entries(saved)) if (v !== undefined) process.env[k] = v;
  }
}

function recorder(answer: (request: SeenRequest) => StubAnswer = () => ({ body: JSON.stringify({ Parameters: [{ Name: '/app/a', Value: 'v' }] }) })) {
  const seen: SeenRequest[] = [];
  return { seen, handler: stubHandler((request) => (seen.push(request), answer(request))) };
}

const STATIC = { AWS_ACCESS_KEY_ID: 'AKIASTATICEXAMPLE001', AWS_SECRET_ACCESS_KEY: 'static-secret' };
const signal = () => new AbortController().signal;

describe('the SDK reader', () => {
  test('without an endpoint override it goes to AWS: https://ssm.<region>.amazonaws.com, signed with the environment credentials', async () => {
    const { seen, handler } = recorder();
    await withAwsEnv({ ...STATIC, AWS_REGION: 'eu-west-1', AWS_SESSION_TOKEN: 'session-token' }, async () => {
      const reader = createReader({ env: process.env, insecureHttp: false, requestHandler: handler });
      await reader.byPath('/app', false, signal());
      reader.close();
    });
    const [request] = seen;
    assert.deepEqual([request?.protocol, request?.hostname, request?.path], ['https:', 'ssm.eu-west-1.amazonaws.com', '/']);
    assert.match(request?.headers.authorization ?? '', /^AWS4-HMAC-SHA256 Credential=AKIASTATICEXAMPLE001\/\d{8}\/eu-west-1\/ssm\/aws4_request,/);
    assert.equal(request?.headers['x-amz-security-token'], 'session-token');
  });

  test('AWS_DEFAULT_REGION is honoured when AWS_REGION is not set, as the AWS CLI does', async () => {
    const { seen, handler } = recorder();
    await withAwsEnv({ ...STATIC, AWS_DEFAULT_REGION: 'ap-northeast-1' }, async () => {
      const reader = createReader({ env: process.env, insecureHttp: false, requestHandler: handler });
      await reader.byPath('/app', false, signal());
    });
    assert.equal(seen[0]?.hostname, 'ssm.ap-northeast-1.amazonaws.com');
  });

  test('AWS_PROFILE picks credentials and region from the shared files', async () => {
    const config = path.join(home, 'profile-config');
    const credentials = path.join(home, 'profile-credentials');
    writeFileSync(config, '[profile team]\nregion = us-west-2\n');
    writeFileSync(credentials, '[team]\naws_access_key_id = AKIAPROFILEEXAMPLE01\naws_secret_access_key = profile-secret\n');
    const { seen, handler } = recorder();
    await withAwsEnv({ AWS_PROFILE: 'team', AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: credentials }, async () => {
      const reader = createReader({ env: process.env, insecureHttp: false, requestHandler: handler });
      await reader.byPath('/app', false, signal());
    });
    assert.equal(seen[0]?.hostname, 'ssm.us-west-2.amazonaws.com');
    assert.match(seen[0]?.headers.authorization ?? '', /Credential=AKIAPROFILEEXAMPLE01\/\d{8}\/us-west-2\/ssm\//);
  });

  test('AWS_ENDPOINT_URL sends the same requests to kura serve instead', async () => {
    const { seen, handler } = recorder();
    await withAwsEnv({ ...STATIC, AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL: 'http://127.0.0.1:4566' }, async () => {
      await createReader({ env: process.env, insecureHttp: false, requestHandler: handler }).byPath('/app', false, signal());
    });
    assert.deepEqual([seen[0]?.protocol, seen[0]?.hostname, seen[0]?.port], ['http:', '127.0.0.1', 4566]);
    assert.match(seen[0]?.headers.authorization ?? '', /Credential=AKIASTATICEXAMPLE001\/\d{8}\/us-east-1\/ssm\//);
  });

  test('plain HTTP beyond loopback is refused before anything is sent, unless --insecure-http', async () => {
    for (const endpoint of ['http://kura.internal:4566', 'http://10.0.0.5:4566']) {
      const { seen, handler } = recorder();
      await withAwsEnv({ ...STATIC, AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL: endpoint }, async () => {
        const reader = createReader({ env: process.env, insecureHttp: false, requestHandler: handler });
        await assert.rejects(reader.byPath('/app', false, signal()), { name: 'ExecError', exitCode: 2, message: /refusing plain HTTP to .*--insecure-http/ });
        assert.equal(seen.length, 0);
        await createReader({ env: process.env, insecureHttp: true, requestHandler: handler }).byPath('/app', false, signal());
        assert.equal(seen.length, 1);
      });
    }
    for (const endpoint of ['http://localhost:4566', 'http://[::1]:4566', 'http://127.0.0.2:1']) {
      await withAwsEnv({ ...STATIC, AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL: endpoint }, async () => {
        await createReader({ env: process.env, insecureHttp: false, requestHandler: recorder().handler }).byPath('/app', false, signal());
      });
    }
  });

  test('GetParametersByPath asks for decryption and follows NextToken to the last page', async () => {
    const { seen, handler } = recorder((request) => {
      const page = Number(JSON.parse(request.body).NextToken ?? 0);
      const Parameters = Array.from({ length: page < 2 ? 10 : 3 }, (_, i) => ({ Name: `/app/p${page}-${i}`, Value: `v${page}-${i}`, Type: 'SecureString' }));
      return { body: JSON.stringify({ Parameters, ...(page < 2 ? { NextToken: String(page + 1) } : {}) }) };
    });
    const found = await withAwsEnv({ ...STATIC, AWS_REGION: 'us-east-1' }, () => createReader({ env: process.env, insecureHttp: false, requestHandler: handler }).byPath('/app', true, signal()));
    assert.equal(found.length, 23);
    assert.deepEqual(seen.map((r) => r.operation), ['GetParametersByPath', 'GetParametersByPath', 'GetParametersByPath']);
    assert.deepEqual(JSON.parse(seen[0]?.body ?? '{}'), { Path: '/app', Recursive: true, WithDecryption: true, MaxResults: 10 });
  });

  test('GetParameters asks for decryption and returns selectors and invalid names', async () => {
    const { seen, handler } = recorder(() => ({ body: JSON.stringify({ Parameters: [{ Name: '/app/x', Value: 'one', Selector: ':1' }], InvalidParameters: ['/app/y'] }) }));
    const answer = await withAwsEnv({ ...STATIC, AWS_REGION: 'us-east-1' }, () => createReader({ env: process.env, insecureHttp: false, requestHandler: handler }).byNames(['/app/x:1', '/app/y'], signal()));
    assert.deepEqual(answer, { parameters: [{ name: '/app/x', value: 'one', selector: ':1' }], invalid: ['/app/y'] });
    assert.deepEqual(JSON.parse(seen[0]?.body ?? '{}'), { Names: ['/app/x:1', '/app/y'], WithDecryption: true });
  });

  test('a failure on page 3 fails the whole path: nothing partial is returned', async () => {
    const handler = stubHandler((request) => {
      const page = Number(JSON.parse(request.body).NextToken ?? 0);
      if (page === 2) return { status: 500, body: JSON.stringify({ __type: 'InternalServerError', message: 'boom' }) };
      return { body: JSON.stringify({ Parameters: [{ Name: `/app/p${page}`, Value: 'v' }], NextToken: String(page + 1) }) };
    });
    await withAwsEnv({ ...STATIC, AWS_REGION: 'us-east-1', AWS_MAX_ATTEMPTS: '1' }, async () => {
      const reader = createReader({ env: process.env, insecureHttp: false, requestHandler: handler });
      await assert.rejects(fetchAll(reader, [{ kind: 'path', path: '/app' }], [], false, 5_000), { exitCode: 3, message: 'cannot read --path /app: InternalServerError: boom' });
    });
  });

  test('throttling is retried with backoff, then reported once the attempts are spent', async () => {
    let attempts = 0;
    const handler = stubHandler(() => (attempts++, { status: 400, body: JSON.stringify({ __type: 'ThrottlingException', message: 'Rate exceeded' }) }));
    const started = Date.now();
    await withAwsEnv({ ...STATIC, AWS_REGION: 'us-east-1', AWS_MAX_ATTEMPTS: '3' }, async () => {
      const reader = createReader({ env: process.env, insecureHttp: false, requestHandler: handler });
      await assert.rejects(fetchAll(reader, [{ kind: 'path', path: '/app' }], [], false, 10_000), { exitCode: 3, message: 'cannot read --path /app: ThrottlingException: Rate exceeded' });
    });
    assert.equal(attempts, 3);
    assert.ok(Date.now() - started < 5_000);
  });

  test('errors: a service error keeps its name and message; a malformed body is never echoed', async () => {
    const answers: StubAnswer[] = [
      { status: 400, body: JSON.stringify({ __type: 'AccessDeniedException', message: 'User: arn:aws:sts::1:assumed-role/r/s is not authorized to perform: ssm:GetParametersByPath' }) },
      { body: '{"Parameters":[{"Name":"/app/a","Value":"CANARY-hunter2' },
      { status: 500, body: '<html>CANARY-hunter2</html>', headers: { 'content-type': 'text/html' } },
      { status: 400, body: JSON.stringify({ __type: 'ParameterNotFound', message: 'CANARY-hunter2 reflected' }).slice(0, 30) },
    ];
    const messages: string[] = [];
    for (const answer of answers) {
      await withAwsEnv({ ...STATIC, AWS_REGION: 'us-east-1', AWS_MAX_ATTEMPTS: '1' }, async () => {
        const reader = createReader({ env: process.env, insecureHttp: false, requestHandler: stubHandler(() => answer) });
        await fetchAll(reader, [{ kind: 'path', path: '/app' }], [], false, 5_000).then(
          () => assert.fail('should fail'),
          (error: Error & { exitCode: number }) => {
            assert.equal(error.exitCode, 3);
            messages.push(error.message);
          },
        );
      });
    }
    assert.equal(messages[0], 'cannot read --path /app: AccessDeniedException: User: arn:aws:sts::1:assumed-role/r/s is not authorized to perform: ssm:GetParametersByPath');
    for (const message of messages) assert.ok(!message.includes('CANARY'), message);
  });
});
