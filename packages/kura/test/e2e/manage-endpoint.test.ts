// Issue 6's "done when": with no endpoint override, the management commands go to AWS's own endpoints
// with the credentials of the SDK's chain. Observed by capturing the signed request at the SDK's
// HTTP layer (nothing is sent anywhere), and by running the built bin where it fails before sending.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, afterEach, before, describe, test } from 'node:test';
import { GetParameterCommand } from '@aws-sdk/client-ssm';
import { DescribeKeyCommand } from '@aws-sdk/client-kms';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { createAwsClients, type AwsOptions } from '../../src/manage/aws-clients.js';
import { kuraBin } from './harness.js';

interface Captured {
  url: string;
  accessKeyId: string | undefined;
  scope: string | undefined;
  sessionToken: string | undefined;
}

class Captured_ extends Error {}

/** Stands in for the HTTP layer: records where the SDK would send the signed request, sends nothing. */
function capture(sink: Captured[]): NonNullable<AwsOptions['requestHandler']> {
  return {
    async handle(request: { protocol: string; hostname: string; port?: number; path: string; headers: Record<string, string> }) {
      const auth = request.headers.authorization ?? request.headers.Authorization ?? '';
      const credential = /Credential=([^/]+)\/[0-9]{8}\/([^,]+),/.exec(auth);
      sink.push({
        url: `${request.protocol}//${request.hostname}${request.port ? `:${request.port}` : ''}${request.path}`,
        accessKeyId: credential?.[1],
        scope: credential?.[2],
        sessionToken: request.headers['x-amz-security-token'],
      });
      throw new Captured_('captured');
    },
  } as unknown as NonNullable<AwsOptions['requestHandler']>;
}

const AWS_VARS = Object.keys(process.env).filter((k) => k.startsWith('AWS_'));
const saved = Object.fromEntries(AWS_VARS.map((k) => [k, process.env[k]]));

describe('which endpoint and credentials the management commands resolve', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'kura-endpoint-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  afterEach(() => {
    for (const k of Object.keys(process.env)) if (k.startsWith('AWS_')) delete process.env[k];
    Object.assign(process.env, saved);
  });

  /** A clean AWS environment: no user config, no instance metadata, no endpoint override. */
  const environment = (vars: Record<string, string>) => {
    for (const k of Object.keys(process.env)) if (k.startsWith('AWS_')) delete process.env[k];
    Object.assign(process.env, {
      AWS_CONFIG_FILE: path.join(dir, 'none-config'),
      AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'none-credentials'),
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_MAX_ATTEMPTS: '1',
      ...vars,
    });
  };

  const send = async (options: Partial<AwsOptions> = {}) => {
    const sink: Captured[] = [];
    const clients = createAwsClients({ env: process.env, requestHandler: capture(sink), ...options });
    for (const call of [
      () => clients.ssm.send(new GetParameterCommand({ Name: '/app/x' })),
      () => clients.kms.send(new DescribeKeyCommand({ KeyId: 'alias/app' })),
      () => clients.sts.send(new GetCallerIdentityCommand({})),
    ]) {
      await assert.rejects(call(), Captured_);
    }
    return sink;
  };

  test('environment credentials and AWS_REGION: https://ssm.<region>.amazonaws.com, signed with those keys', async () => {
    environment({ AWS_REGION: 'eu-west-1', AWS_ACCESS_KEY_ID: 'AKIAENVIRONMENT00001', AWS_SECRET_ACCESS_KEY: 'env-secret' });
    const [ssm, kms, sts] = await send();
    assert.deepEqual(ssm, { url: 'https://ssm.eu-west-1.amazonaws.com/', accessKeyId: 'AKIAENVIRONMENT00001', scope: 'eu-west-1/ssm/aws4_request', sessionToken: undefined });
    assert.equal(kms?.url, 'https://kms.eu-west-1.amazonaws.com/');
    assert.equal(sts?.url, 'https://sts.eu-west-1.amazonaws.com/');
  });

  test('AWS_PROFILE: region and credentials (with a session token) from the shared files', async () => {
    writeFileSync(path.join(dir, 'config'), '[profile dev]\nregion = ap-northeast-1\n');
    writeFileSync(path.join(dir, 'credentials'), '[dev]\naws_access_key_id = AKIAPROFILEDEV000001\naws_secret_access_key = dev-secret\naws_session_token = dev-token\n');
    environment({ AWS_PROFILE: 'dev', AWS_CONFIG_FILE: path.join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'credentials') });
    const [ssm] = await send();
    assert.deepEqual(ssm, { url: 'https://ssm.ap-northeast-1.amazonaws.com/', accessKeyId: 'AKIAPROFILEDEV000001', scope: 'ap-northeast-1/ssm/aws4_request', sessionToken: 'dev-token' });
  });

  test('--profile and --region win over the environment; AWS_DEFAULT_REGION is honoured like the AWS CLI', async () => {
    writeFileSync(path.join(dir, 'config2'), '[profile ops]\nregion = sa-east-1\n');
    writeFileSync(path.join(dir, 'credentials2'), '[ops]\naws_access_key_id = AKIAPROFILEOPS000001\naws_secret_access_key = ops-secret\n');
    environment({ AWS_CONFIG_FILE: path.join(dir, 'config2'), AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'credentials2'), AWS_DEFAULT_REGION: 'us-west-2' });
    const [byDefault] = await send({ profile: 'ops' });
    assert.equal(byDefault?.url, 'https://ssm.us-west-2.amazonaws.com/');
    assert.equal(byDefault?.accessKeyId, 'AKIAPROFILEOPS000001');
    const [explicit] = await send({ profile: 'ops', region: 'eu-central-1' });
    assert.equal(explicit?.url, 'https://ssm.eu-central-1.amazonaws.com/');
  });

  test('AWS_ENDPOINT_URL, a profile endpoint_url, or --endpoint-url send everything to that endpoint instead', async () => {
    environment({ AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'AKIAENVIRONMENT00001', AWS_SECRET_ACCESS_KEY: 's', AWS_ENDPOINT_URL: 'http://127.0.0.1:4566' });
    assert.deepEqual((await send()).map((c) => c.url), ['http://127.0.0.1:4566/', 'http://127.0.0.1:4566/', 'http://127.0.0.1:4566/']);
    writeFileSync(path.join(dir, 'config3'), '[profile local]\nregion = us-east-1\nendpoint_url = http://localhost:9999\naws_access_key_id = AKIALOCALPROFILE0001\naws_secret_access_key = s\n');
    environment({ AWS_PROFILE: 'local', AWS_CONFIG_FILE: path.join(dir, 'config3') });
    assert.equal((await send())[0]?.url, 'http://localhost:9999/');
    assert.equal((await send({ endpointUrl: 'http://127.0.0.2:1234' }))[0]?.url, 'http://127.0.0.2:1234/');
  });

  const runBin = (args: string[], env: NodeJS.ProcessEnv) => spawnSync(process.execPath, [kuraBin, ...args], { env: { PATH: process.env.PATH, HOME: dir, ...env }, encoding: 'utf8', timeout: 30_000 });

  test('the built bin with no credentials anywhere fails in one line before sending anything', () => {
    const out = runBin(['get', '/app/x'], { AWS_REGION: 'us-east-1', AWS_CONFIG_FILE: path.join(dir, 'none'), AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'none'), AWS_EC2_METADATA_DISABLED: 'true' });
    assert.equal(out.status, 1);
    assert.equal(out.stderr, 'kura get: no AWS credentials found: set AWS_PROFILE (or --profile), or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY\n');
    assert.equal(out.stdout, '');
  });

  test('the built bin with no region fails in one line before sending anything', () => {
    const out = runBin(['ls', '/app'], { AWS_ACCESS_KEY_ID: 'AKIAENVIRONMENT00001', AWS_SECRET_ACCESS_KEY: 's', AWS_CONFIG_FILE: path.join(dir, 'none'), AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'none'), AWS_EC2_METADATA_DISABLED: 'true' });
    assert.equal(out.status, 1);
    assert.equal(out.stderr, 'kura ls: no AWS region: set AWS_REGION (or AWS_DEFAULT_REGION, --region, or a region in your profile)\n');
  });
});
