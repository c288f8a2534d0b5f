// Which environments the direct reader takes, and which it leaves to the SDK. That the direct
// reader's answers then equal the SDK's is pinned by credentials.test.ts (credentials),
// endpoints.test.ts (endpoints) and sdk-pin.test.ts (requests, answers, failures).

import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import { decide, DEFAULT_ATTEMPTS, sharedFiles } from './settings.js';

const HOME = '/home/app';
const BASE = { HOME, AWS_REGION: 'eu-west-1', AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret' };
const nothingExists = (_file: string): boolean => false;
const sdkBecause = (env: NodeJS.ProcessEnv, exists = nothingExists): string => {
  const verdict = decide(env, exists);
  assert.ok('sdk' in verdict, `expected the SDK for ${JSON.stringify(Object.keys(env))}`);
  return verdict.sdk;
};
const direct = (env: NodeJS.ProcessEnv) => {
  const verdict = decide(env, nothingExists);
  assert.ok('direct' in verdict, `expected the direct reader, got: ${'sdk' in verdict ? verdict.sdk : ''}`);
  return verdict.direct;
};

describe('the direct reader is chosen', () => {
  test('for keys, a region and nothing else: the keys, the region, Kura\'s attempts', () => {
    const settings = direct({ ...BASE, AWS_SESSION_TOKEN: 'token' });
    assert.deepEqual(settings.credentials, { kind: 'environment', credentials: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'secret', sessionToken: 'token' } });
    assert.equal(settings.region, 'eu-west-1');
    assert.equal(settings.maxAttempts, DEFAULT_ATTEMPTS);
  });

  test('AWS_DEFAULT_REGION when AWS_REGION is not set; AWS_MAX_ATTEMPTS when it is a number', () => {
    const settings = direct({ ...BASE, AWS_REGION: '', AWS_DEFAULT_REGION: 'ap-northeast-1', AWS_MAX_ATTEMPTS: '3' });
    assert.equal(settings.region, 'ap-northeast-1');
    assert.equal(settings.maxAttempts, 3);
  });

  test('for the ECS agent (relative URI on 169.254.170.2), the EKS agent, loopback and any https URL', () => {
    const { AWS_ACCESS_KEY_ID: _, AWS_SECRET_ACCESS_KEY: __, ...noKeys } = BASE;
    const relative = direct({ ...noKeys, AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '/v2/credentials/abc' });
    assert.equal(relative.credentials.kind === 'container' && relative.credentials.url.href, 'http://169.254.170.2/v2/credentials/abc');
    for (const full of ['http://169.254.170.23/v1/credentials', 'http://[fd00:ec2::23]/v1/credentials', 'http://127.0.0.1:8080/creds', 'http://localhost/creds', 'http://[::1]:9/creds', 'https://creds.example.com/x']) {
      const settings = direct({ ...noKeys, AWS_CONTAINER_CREDENTIALS_FULL_URI: full, AWS_CONTAINER_AUTHORIZATION_TOKEN: 'tok' });
      assert.equal(settings.credentials.kind, 'container', full);
      assert.equal(settings.credentials.kind === 'container' && settings.credentials.token, 'tok');
    }
  });

  test('keys in the environment win over container credentials, as the SDK\'s chain has it', () => {
    assert.equal(direct({ ...BASE, AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '/v2/credentials/abc' }).credentials.kind, 'environment');
  });
});

describe('the SDK is left to read', () => {
  test('with a profile, web identity, a credential scope, SigV4a or an auth scheme preference', () => {
    for (const name of ['AWS_PROFILE', 'AWS_WEB_IDENTITY_TOKEN_FILE', 'AWS_ROLE_ARN', 'AWS_CREDENTIAL_SCOPE', 'AWS_SIGV4A_SIGNING_REGION_SET', 'AWS_AUTH_SCHEME_PREFERENCE']) {
      assert.equal(sdkBecause({ ...BASE, [name]: 'x' }), `${name} is set`);
    }
  });

  test('with FIPS or dual-stack endpoints asked for (anything but "false"), a defaults mode, adaptive retries', () => {
    assert.match(sdkBecause({ ...BASE, AWS_USE_FIPS_ENDPOINT: 'true' }), /FIPS/);
    assert.match(sdkBecause({ ...BASE, AWS_USE_DUALSTACK_ENDPOINT: 'yes' }), /DUALSTACK/);
    assert.equal(direct({ ...BASE, AWS_USE_FIPS_ENDPOINT: 'false', AWS_USE_DUALSTACK_ENDPOINT: 'false' }).region, 'eu-west-1');
    assert.match(sdkBecause({ ...BASE, AWS_DEFAULTS_MODE: 'standard' }), /DEFAULTS_MODE/);
    assert.match(sdkBecause({ ...BASE, AWS_RETRY_MODE: 'adaptive' }), /adaptive/);
    assert.equal(direct({ ...BASE, AWS_RETRY_MODE: 'standard', AWS_DEFAULTS_MODE: 'legacy' }).region, 'eu-west-1');
  });

  test('with settings the SDK would refuse or read its own way', () => {
    assert.match(sdkBecause({ ...BASE, AWS_MAX_ATTEMPTS: '3x' }), /MAX_ATTEMPTS/);
    assert.match(sdkBecause({ ...BASE, AWS_MAX_ATTEMPTS: '0' }), /MAX_ATTEMPTS/);
    assert.match(sdkBecause({ ...BASE, AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'yes' }), /IGNORE_CONFIGURED/);
    assert.match(sdkBecause({ ...BASE, AWS_REGION: 'fips-us-east-1' }), /region/);
    assert.match(sdkBecause({ ...BASE, AWS_REGION: 'us-east-1-fips' }), /region/);
    assert.match(sdkBecause({ ...BASE, AWS_REGION: 'bad region' }), /region/);
    assert.match(sdkBecause({ ...BASE, AWS_REGION: '', AWS_DEFAULT_REGION: '' }), /region/);
  });

  test('when a shared credentials or config file exists, named or at its default place (~ resolved)', () => {
    const existing = (only: string) => (file: string) => file === only;
    assert.match(sdkBecause(BASE, existing(path.join(HOME, '.aws', 'credentials'))), /shared/);
    assert.match(sdkBecause(BASE, existing(path.join(HOME, '.aws', 'config'))), /shared/);
    assert.match(sdkBecause({ ...BASE, AWS_CONFIG_FILE: '/etc/aws.ini' }, existing('/etc/aws.ini')), /shared/);
    assert.match(sdkBecause({ ...BASE, AWS_SHARED_CREDENTIALS_FILE: '~/creds' }, existing(path.join(HOME, 'creds'))), /shared/);
    assert.deepEqual(sharedFiles({ HOME, AWS_CONFIG_FILE: '/x/config' }), [path.join(HOME, '.aws', 'credentials'), '/x/config']);
    assert.deepEqual(sharedFiles({ USERPROFILE: '/profile' }), [path.join('/profile', '.aws', 'credentials'), path.join('/profile', '.aws', 'config')]);
  });

  test('without keys or container credentials (the instance metadata service is the SDK\'s), or with one key of the pair', () => {
    assert.match(sdkBecause({ HOME, AWS_REGION: 'eu-west-1' }), /no credentials/);
    assert.match(sdkBecause({ HOME, AWS_REGION: 'eu-west-1', AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE' }), /no credentials/);
  });

  test('for container credentials the SDK would warn about, refuse, or rebuild', () => {
    const { AWS_ACCESS_KEY_ID: _, AWS_SECRET_ACCESS_KEY: __, ...noKeys } = BASE;
    assert.match(sdkBecause({ ...noKeys, AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '/a', AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://127.0.0.1/b' }), /both/);
    assert.match(sdkBecause({ ...noKeys, AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://127.0.0.1/b', AWS_CONTAINER_AUTHORIZATION_TOKEN: 't', AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: '/f' }), /both/);
    for (const full of ['http://10.0.0.5/creds', 'http://169.254.169.254/latest', 'http://example.com/creds', 'ftp://127.0.0.1/x', 'http://127.0.0.1/creds?x=1', 'http://user@127.0.0.1/c', 'not a url']) {
      assert.match(sdkBecause({ ...noKeys, AWS_CONTAINER_CREDENTIALS_FULL_URI: full }), /container credentials URI/, full);
    }
  });
});
