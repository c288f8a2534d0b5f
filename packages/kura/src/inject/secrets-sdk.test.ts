// The Secrets Manager half, with the HTTP layer stubbed: what GetSecretValue sends, where (the ARN's
// region for an ARN), signed as whom, and how its answers and failures come back.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { fetchAll } from './fetch.js';
import { parseSecretRef } from './secret-refs.js';
import { createReader, createSecretReader } from './secrets-sdk.js';
import { stubHandler, type SeenRequest, type StubAnswer } from './stub-handler.js';

const home = mkdtempSync(path.join(tmpdir(), 'kura-secrets-sdk-test-'));
after(() => rmSync(home, { recursive: true, force: true }));

/** Runs fn with exactly these AWS_* variables (and no user configuration) in process.env. */
async function withAwsEnv<T>(vars: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(process.env).filter((k) => k.startsWith('AWS_')).map((k) => [k, process.env[k]]));
  for (const k of Object.keys(process.env)) if (k.startsWith('AWS_')) delete process.env[k];
  Object.assign(process.env, { AWS_CONFIG_FILE: path.join(home, 'none-config'), AWS_SHARED_CREDENTIALS_FILE: path.join(home, 'none-credentials'), AWS_EC2_METADATA_DISABLED: 'true' }, vars);
  try {
    return await fn();
  } finally {
    for (const k of Object.keys(process.env)) if (k.startsWith('AWS_')) delete process.env[k];
    Object.assign(process.env, saved);
  }
}

const ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:app/db-AbCdEf';
const STATIC = { AWS_ACCESS_KEY_ID: 'AKIASTATICEXAMPLE001', AWS_SECRET_ACCESS_KEY: 'static-secret', AWS_REGION: 'us-east-1' };

function recorder(answer: (request: SeenRequest) => StubAnswer = () => ({ body: JSON.stringify({ ARN, Name: 'app/db', SecretString: '{"password":"pw"}', VersionStages: ['AWSCURRENT'] }) })) {
  const seen: SeenRequest[] = [];
  return { seen, handler: stubHandler((request) => (seen.push(request), answer(request))) };
}

const signal = () => new AbortController().signal;

describe('the Secrets Manager reader', () => {
  test('GetSecretValue by name goes to secretsmanager.<region>.amazonaws.com, signed with the environment credentials', async () => {
    const { seen, handler } = recorder();
    const value = await withAwsEnv(STATIC, async () => {
      const reader = createSecretReader({ env: process.env, insecureHttp: false, requestHandler: handler });
      try {
        return await reader.get(parseSecretRef('app/db:password:AWSPREVIOUS', 'x'), signal());
      } finally {
        reader.close();
      }
    });
    assert.deepEqual(value, { kind: 'string', text: '{"password":"pw"}' });
    assert.deepEqual([seen[0]?.protocol, seen[0]?.hostname, seen[0]?.operation], ['https:', 'secretsmanager.us-east-1.amazonaws.com', 'GetSecretValue']);
    assert.deepEqual(JSON.parse(seen[0]?.body ?? '{}'), { SecretId: 'app/db', VersionStage: 'AWSPREVIOUS' });
    assert.match(seen[0]?.headers.authorization ?? '', /Credential=AKIASTATICEXAMPLE001\/\d{8}\/us-east-1\/secretsmanager\/aws4_request/);
  });

  test("a secret named by ARN is read in the ARN's region, with the version id given", async () => {
    const { seen, handler } = recorder();
    await withAwsEnv(STATIC, () => createSecretReader({ env: process.env, insecureHttp: false, requestHandler: handler }).get(parseSecretRef(`${ARN}:password::v-1`, 'x'), signal()));
    assert.equal(seen[0]?.hostname, 'secretsmanager.eu-west-1.amazonaws.com');
    assert.match(seen[0]?.headers.authorization ?? '', /\/eu-west-1\/secretsmanager\//);
    assert.deepEqual(JSON.parse(seen[0]?.body ?? '{}'), { SecretId: ARN, VersionId: 'v-1' });
  });

  test('AWS_ENDPOINT_URL sends it to kura serve; AWS_DEFAULT_REGION is honoured as for parameters', async () => {
    const { seen, handler } = recorder();
    await withAwsEnv({ AWS_ACCESS_KEY_ID: 'AKIASTATICEXAMPLE001', AWS_SECRET_ACCESS_KEY: 's', AWS_DEFAULT_REGION: 'ap-northeast-1', AWS_ENDPOINT_URL: 'http://127.0.0.1:4566' }, () =>
      createSecretReader({ env: process.env, insecureHttp: false, requestHandler: handler }).get(parseSecretRef('app/db', 'x'), signal()),
    );
    assert.deepEqual([seen[0]?.protocol, seen[0]?.hostname, seen[0]?.port], ['http:', '127.0.0.1', 4566]);
    assert.match(seen[0]?.headers.authorization ?? '', /\/ap-northeast-1\/secretsmanager\//);
  });

  test('plain HTTP beyond loopback is refused before anything is sent, unless --insecure-http', async () => {
    const { seen, handler } = recorder();
    await withAwsEnv({ ...STATIC, AWS_ENDPOINT_URL: 'http://kura.internal:4566' }, async () => {
      await assert.rejects(createSecretReader({ env: process.env, insecureHttp: false, requestHandler: handler }).get(parseSecretRef('app/db', 'x'), signal()), { exitCode: 2, message: /refusing plain HTTP to kura.internal/ });
      assert.equal(seen.length, 0);
      await createSecretReader({ env: process.env, insecureHttp: true, requestHandler: handler }).get(parseSecretRef('app/db', 'x'), signal());
      assert.equal(seen.length, 1);
    });
  });

  test('a binary secret comes back as binary (its bytes are not kept)', async () => {
    const { handler } = recorder(() => ({ body: JSON.stringify({ ARN, Name: 'app/db', SecretBinary: Buffer.from('bytes').toString('base64') }) }));
    assert.deepEqual(await withAwsEnv(STATIC, () => createSecretReader({ env: process.env, insecureHttp: false, requestHandler: handler }).get(parseSecretRef('app/db', 'x'), signal())), { kind: 'binary' });
  });

  test("denied and malformed answers: the service's name and message, never the body", async () => {
    const answers: StubAnswer[] = [
      { status: 400, body: JSON.stringify({ __type: 'AccessDeniedException', Message: 'User: arn:aws:iam::1:user/u is not authorized to perform: secretsmanager:GetSecretValue on resource: app/db' }) },
      { body: '{"SecretString":"CANARY-hunter2' },
    ];
    const messages: string[] = [];
    for (const answer of answers) {
      await withAwsEnv({ ...STATIC, AWS_MAX_ATTEMPTS: '1' }, async () => {
        const secrets = createSecretReader({ env: process.env, insecureHttp: false, requestHandler: stubHandler(() => answer) });
        await assert.rejects(fetchAll(undefined, [{ kind: 'secret', secret: parseSecretRef('app/db', '--secret') }], [], false, 5_000, { reader: secrets, references: [] }), (error: Error & { exitCode: number }) => {
          assert.equal(error.exitCode, 3);
          messages.push(error.message);
          return true;
        });
      });
    }
    assert.equal(messages[0], 'cannot read secret app/db: AccessDeniedException: User: arn:aws:iam::1:user/u is not authorized to perform: secretsmanager:GetSecretValue on resource: app/db');
    assert.match(messages[1] ?? '', /^cannot read secret app\/db: malformed response from the store/);
    for (const message of messages) assert.ok(!message.includes('CANARY'), message);
  });

  test('the bundle also carries the Parameter Store reader, so a start reading both loads one SDK', async () => {
    const { seen, handler } = recorder(() => ({ body: JSON.stringify({ Parameters: [{ Name: '/app/a', Value: 'v' }] }) }));
    await withAwsEnv(STATIC, () => createReader({ env: process.env, insecureHttp: false, requestHandler: handler }).byPath('/app', false, signal()));
    assert.equal(seen[0]?.operation, 'GetParametersByPath');
  });
});
