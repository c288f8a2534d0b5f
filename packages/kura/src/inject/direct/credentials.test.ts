// The direct reader's credentials held against the SDK's own chain (the SSM client's, as `kura exec`
// builds it): given the same environment and the same credentials endpoint, both yield the same
// credentials; where the SDK refuses, the direct reader does not answer either (NeedsSdk: the SDK
// then reads, and says why). The direct reader never holds credentials the SDK would not.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createClient } from '../ssm-reader.js';
import { credentialProvider, isNeedsSdk } from './credentials.js';
import { decide, type Credentials } from './settings.js';

const dir = mkdtempSync(path.join(tmpdir(), 'kura-direct-credentials-'));
const NO_FILES = { AWS_CONFIG_FILE: path.join(dir, 'none-config'), AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'none-credentials'), AWS_EC2_METADATA_DISABLED: 'true' };
const EXPIRATION = new Date(Date.now() + 6 * 3600_000);
const ROLE = { AccessKeyId: 'ASIAROLEEXAMPLE00001', SecretAccessKey: 'role-secret', Token: 'role-session-token', Expiration: EXPIRATION.toISOString() };

let server: Server;
let base = '';
let answer: (request: IncomingMessage, response: ServerResponse) => void = (_, response) => response.end(JSON.stringify(ROLE));
const seen: Array<{ path: string | undefined; authorization: string | undefined }> = [];

before(async () => {
  server = createServer((request, response) => {
    seen.push({ path: request.url, authorization: request.headers.authorization });
    answer(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => {
  server.close();
  rmSync(dir, { recursive: true, force: true });
});

type Outcome = { credentials: Credentials } | { refused: unknown };

/** The SDK's chain with exactly `env` as its AWS_* environment (it reads process.env itself). */
async function viaSdk(env: Record<string, string>): Promise<Outcome> {
  const saved = { ...process.env };
  for (const name of Object.keys(process.env)) if (name.startsWith('AWS_')) delete process.env[name];
  Object.assign(process.env, env);
  const client = createClient({ env: process.env, insecureHttp: false });
  try {
    return { credentials: comparable(await (client.config.credentials as () => Promise<Credentials>)()) };
  } catch (error) {
    return { refused: error };
  } finally {
    client.destroy();
    for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
    Object.assign(process.env, saved);
  }
}

/** What a signature depends on (the SDK's objects also carry feature markers). */
function comparable({ accessKeyId, secretAccessKey, sessionToken, expiration }: Credentials): Credentials {
  return { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}), ...(expiration ? { expiration } : {}) };
}

async function viaDirect(env: Record<string, string>): Promise<Outcome> {
  const verdict = decide(env);
  assert.ok('direct' in verdict, `the direct reader should take this environment: ${'sdk' in verdict ? verdict.sdk : ''}`);
  try {
    return { credentials: comparable(await credentialProvider(verdict.direct.credentials)()) };
  } catch (error) {
    return { refused: error };
  }
}

/** Both give the same credentials. */
async function same(env: Record<string, string>): Promise<Credentials> {
  const full = { AWS_REGION: 'us-east-1', ...NO_FILES, ...env };
  const [sdk, direct] = [await viaSdk(full), await viaDirect(full)];
  assert.ok('credentials' in sdk, `the SDK refused: ${'refused' in sdk ? String(sdk.refused) : ''}`);
  assert.deepEqual(direct, sdk);
  return sdk.credentials;
}

/** Both refuse: the SDK with its own error, the direct reader by handing the read to the SDK. */
async function bothRefuse(env: Record<string, string>): Promise<void> {
  const full = { AWS_REGION: 'us-east-1', ...NO_FILES, ...env };
  const [sdk, direct] = [await viaSdk(full), await viaDirect(full)];
  assert.ok('refused' in sdk, 'the SDK should refuse');
  assert.ok('refused' in direct && isNeedsSdk(direct.refused), 'the direct reader should hand over to the SDK');
}

describe('credentials: the direct reader and the SDK agree', () => {
  test('keys from the environment, with and without a session token', async () => {
    await same({ AWS_ACCESS_KEY_ID: 'AKIASTATICEXAMPLE001', AWS_SECRET_ACCESS_KEY: 'static-secret' });
    const withToken = await same({ AWS_ACCESS_KEY_ID: 'ASIASTATICEXAMPLE001', AWS_SECRET_ACCESS_KEY: 'static-secret', AWS_SESSION_TOKEN: 'session' });
    assert.equal(withToken.sessionToken, 'session');
  });

  test('keys in the environment win over container credentials in both', async () => {
    seen.length = 0;
    const found = await same({ AWS_ACCESS_KEY_ID: 'AKIASTATICEXAMPLE001', AWS_SECRET_ACCESS_KEY: 'static-secret', AWS_CONTAINER_CREDENTIALS_FULL_URI: `${base}/role` });
    assert.equal(found.accessKeyId, 'AKIASTATICEXAMPLE001');
    assert.equal(seen.length, 0, 'neither asked the endpoint');
  });

  test('container credentials (AWS_CONTAINER_CREDENTIALS_FULL_URI), with their expiration', async () => {
    answer = (_, response) => response.end(JSON.stringify(ROLE));
    const found = await same({ AWS_CONTAINER_CREDENTIALS_FULL_URI: `${base}/v1/credentials` });
    assert.deepEqual(found, { accessKeyId: ROLE.AccessKeyId, secretAccessKey: ROLE.SecretAccessKey, sessionToken: ROLE.Token, expiration: EXPIRATION });
  });

  test('the authorization token, from AWS_CONTAINER_AUTHORIZATION_TOKEN or read from its _FILE', async () => {
    answer = (request, response) => {
      if (request.headers.authorization === 'Bearer pod-token') response.end(JSON.stringify(ROLE));
      else response.writeHead(403).end(JSON.stringify({ Code: 'AccessDenied', Message: 'no token' }));
    };
    seen.length = 0;
    await same({ AWS_CONTAINER_CREDENTIALS_FULL_URI: `${base}/token`, AWS_CONTAINER_AUTHORIZATION_TOKEN: 'Bearer pod-token' });
    const file = path.join(dir, 'token');
    writeFileSync(file, 'Bearer pod-token');
    await same({ AWS_CONTAINER_CREDENTIALS_FULL_URI: `${base}/token-file`, AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: file });
    assert.deepEqual(
      seen.map((s) => s.authorization),
      ['Bearer pod-token', 'Bearer pod-token', 'Bearer pod-token', 'Bearer pod-token'],
    );
  });

  test('an answer without a session token, or refused: both refuse', async () => {
    const { Token: _, ...noToken } = ROLE;
    answer = (_, response) => response.end(JSON.stringify(noToken));
    await bothRefuse({ AWS_CONTAINER_CREDENTIALS_FULL_URI: `${base}/no-token` });
    answer = (_, response) => response.writeHead(403).end(JSON.stringify({ Code: 'AccessDenied', Message: 'no' }));
    await bothRefuse({ AWS_CONTAINER_CREDENTIALS_FULL_URI: `${base}/denied` });
  });

  test('an expiration that is not an RFC 3339 time: both refuse', async () => {
    answer = (_, response) => response.end(JSON.stringify({ ...ROLE, Expiration: EXPIRATION.toUTCString() }));
    await bothRefuse({ AWS_CONTAINER_CREDENTIALS_FULL_URI: `${base}/loose-date` });
  });
});

describe('container credentials are kept until five minutes before they expire, as the SDK keeps them', () => {
  test('far from expiry: fetched once; within five minutes: fetched again', async () => {
    let expiration = new Date(Date.now() + 3600_000);
    answer = (_, response) => response.end(JSON.stringify({ ...ROLE, Expiration: expiration.toISOString() }));
    const settings = decide({ AWS_REGION: 'us-east-1', ...NO_FILES, AWS_CONTAINER_CREDENTIALS_FULL_URI: `${base}/refresh` }, () => false);
    assert.ok('direct' in settings);
    const provider = credentialProvider(settings.direct.credentials);
    seen.length = 0;
    await Promise.all([provider(), provider()]);
    await provider();
    assert.equal(seen.length, 1, 'one fetch, shared by concurrent reads');
    expiration = new Date(Date.now() + 120_000);
    const provider2 = credentialProvider(settings.direct.credentials);
    await provider2();
    await provider2();
    assert.equal(seen.length, 3, 'fetched again when they expire within five minutes');
  });
});
