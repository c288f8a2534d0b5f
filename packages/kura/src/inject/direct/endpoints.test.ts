// The direct reader's endpoints held against the SDK's: for each environment and region, the request
// the SDK client would send (seen through a stubbed HTTP layer, nothing leaves the process) goes to
// the same protocol, host, port and path; where the direct reader does not resolve (another
// partition, an odd override), the SDK reads.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createSecretReader } from '../secrets-reader.js';
import { createReader } from '../ssm-reader.js';
import { stubHandler, type SeenRequest } from '../stub-handler.js';
import { endpointFor, SECRETS_MANAGER, SSM, type Service } from './endpoints.js';

const KEYS = { AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret', AWS_CONFIG_FILE: '/nonexistent/config', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials' };

/** Where the SDK client of `service` sends its first request, with exactly `env` as its AWS_* environment. */
async function sdkTarget(service: Service, env: Record<string, string>, region: string): Promise<{ protocol: string; hostname: string; port: number | undefined; path: string }> {
  const saved = { ...process.env };
  for (const name of Object.keys(process.env)) if (name.startsWith('AWS_')) delete process.env[name];
  Object.assign(process.env, KEYS, env, { AWS_REGION: region });
  let seen: SeenRequest | undefined;
  const requestHandler = stubHandler((request) => {
    seen = request;
    return { body: service === SSM ? '{"Parameters":[{"Name":"/a","Value":"v"}]}' : '{"SecretString":"v"}' };
  });
  try {
    const signal = new AbortController().signal;
    if (service === SSM) {
      const reader = createReader({ env: process.env, insecureHttp: true, requestHandler });
      await reader.byPath('/a', false, signal);
      reader.close();
    } else {
      const reader = createSecretReader({ env: process.env, insecureHttp: true, requestHandler });
      await reader.get({ spec: 'db', secretId: 'db' }, signal);
      reader.close();
    }
  } finally {
    for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
    Object.assign(process.env, saved);
  }
  assert.ok(seen, 'the SDK sent nothing');
  return { protocol: seen.protocol, hostname: seen.hostname, port: seen.port, path: seen.path };
}

async function agree(service: Service, env: Record<string, string>, region: string): Promise<void> {
  const direct = endpointFor(service, { ...KEYS, ...env }, region);
  assert.ok(direct, `the direct reader should resolve ${JSON.stringify(env)} in ${region}`);
  assert.deepEqual({ protocol: direct.protocol, hostname: direct.hostname, port: direct.port, path: direct.path }, await sdkTarget(service, env, region));
}

describe('endpoints: the direct reader goes where the SDK goes', () => {
  test("AWS's own endpoint in every region of the standard partition", async () => {
    for (const region of ['us-east-1', 'eu-west-1', 'ap-northeast-1', 'ap-southeast-7', 'il-central-1', 'mx-central-1', 'ca-west-1', 'me-central-1', 'af-south-1', 'sa-east-1']) {
      await agree(SSM, {}, region);
      await agree(SECRETS_MANAGER, {}, region);
    }
  });

  test('AWS_ENDPOINT_URL, and the per-service variables that win over it', async () => {
    await agree(SSM, { AWS_ENDPOINT_URL: 'http://127.0.0.1:4566' }, 'us-east-1');
    await agree(SECRETS_MANAGER, { AWS_ENDPOINT_URL: 'http://127.0.0.1:4566' }, 'eu-west-1');
    const both = { AWS_ENDPOINT_URL: 'http://127.0.0.1:4566', AWS_ENDPOINT_URL_SSM: 'https://ssm.internal:8443', AWS_ENDPOINT_URL_SECRETS_MANAGER: 'http://localhost:9000' };
    await agree(SSM, both, 'us-east-1');
    await agree(SECRETS_MANAGER, both, 'us-east-1');
    await agree(SECRETS_MANAGER, { AWS_ENDPOINT_URL_SSM: 'https://ssm.internal:8443' }, 'us-east-1');
  });

  test('an endpoint with a path, an IPv6 address, a default port', async () => {
    await agree(SSM, { AWS_ENDPOINT_URL: 'http://127.0.0.1:4566/kura' }, 'us-east-1');
    await agree(SSM, { AWS_ENDPOINT_URL: 'http://127.0.0.1:4566/kura/' }, 'us-east-1');
    await agree(SSM, { AWS_ENDPOINT_URL: 'http://[::1]:4566' }, 'us-east-1');
    await agree(SSM, { AWS_ENDPOINT_URL: 'https://kura.internal' }, 'us-east-1');
  });

  test('AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true sends both to AWS; =false changes nothing', async () => {
    await agree(SSM, { AWS_ENDPOINT_URL: 'http://127.0.0.1:4566', AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' }, 'eu-west-1');
    await agree(SECRETS_MANAGER, { AWS_ENDPOINT_URL_SECRETS_MANAGER: 'http://127.0.0.1:4566', AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' }, 'eu-west-1');
    await agree(SSM, { AWS_ENDPOINT_URL: 'http://127.0.0.1:4566', AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'false' }, 'eu-west-1');
  });

  test('the SDK resolves the rest: other partitions, overrides that are not a plain http(s) URL', () => {
    for (const region of ['cn-north-1', 'us-gov-west-1', 'us-iso-east-1', 'eusc-de-east-1', 'aws-global']) assert.equal(endpointFor(SSM, KEYS, region), undefined, region);
    for (const url of ['not a url', 'ftp://127.0.0.1', 'http://127.0.0.1:4566/?x=1', 'http://user:pw@127.0.0.1:4566', 'http://127.0.0.1:4566/#top']) {
      assert.equal(endpointFor(SSM, { AWS_ENDPOINT_URL: url }, 'us-east-1'), undefined, url);
    }
  });
});
