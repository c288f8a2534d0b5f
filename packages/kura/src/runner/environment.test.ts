import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { containerEnvironment, parseEnvFile } from './environment.js';

describe('parseEnvFile', () => {
  it('reads VAR=VALUE lines literally, skipping comments and blank lines, and reports the rest', () => {
    const { vars, skipped } = parseEnvFile('# db\nDB_HOST=db.local\r\n\nQUOTED="a b"\nURL=http://x/?a=b\nnot a variable\nDB_HOST=again\n');
    assert.deepEqual(Object.fromEntries(vars), { DB_HOST: 'db.local', QUOTED: '"a b"', URL: 'http://x/?a=b' });
    assert.deepEqual(skipped, [6]);
  });
});

describe('containerEnvironment', () => {
  const agent = { region: 'ap-northeast-1', endpointUrl: 'http://127.0.0.1:4566', credentials: { fullUri: 'http://127.0.0.1:9/v2/credentials/x', authorizationToken: 'tok' }, metadataUri: 'http://127.0.0.1:9/v4/m' };
  const env = containerEnvironment({
    inherited: { PATH: '/bin', HOME: '/home/me', AWS_ACCESS_KEY_ID: 'AKIAADMIN', AWS_SECRET_ACCESS_KEY: 'admin-secret', AWS_SESSION_TOKEN: 't', AWS_PROFILE: 'prod', KURA_ADMIN_SECRET_ACCESS_KEY: 's', AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '/x' },
    agent,
    files: [new Map([['A', 'file1'], ['B', 'file1']]), new Map([['A', 'file2'], ['C', 'file2']])],
    environment: [{ name: 'B', value: 'env' }, { name: 'D', value: 'env' }],
    secrets: new Map([['D', 'secret']]),
  });

  it('keeps the caller\'s environment but none of its AWS credentials, profile or endpoints', () => {
    assert.equal(env.PATH, '/bin');
    for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE', 'KURA_ADMIN_SECRET_ACCESS_KEY', 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI']) {
      assert.equal(env[name], undefined, name);
    }
    assert.equal(env.AWS_CONFIG_FILE, '/dev/null');
    assert.equal(env.AWS_SHARED_CREDENTIALS_FILE, '/dev/null');
  });

  it('sets what the ECS agent sets, plus Kura\'s endpoint', () => {
    assert.equal(env.AWS_REGION, 'ap-northeast-1');
    assert.equal(env.AWS_DEFAULT_REGION, 'ap-northeast-1');
    assert.equal(env.AWS_ENDPOINT_URL, 'http://127.0.0.1:4566');
    assert.equal(env.AWS_CONTAINER_CREDENTIALS_FULL_URI, agent.credentials.fullUri);
    assert.equal(env.AWS_CONTAINER_AUTHORIZATION_TOKEN, 'tok');
    assert.equal(env.ECS_CONTAINER_METADATA_URI_V4, agent.metadataUri);
  });

  it('ranks environmentFiles (first file wins) < environment < secrets', () => {
    assert.equal(env.A, 'file1');
    assert.equal(env.B, 'env');
    assert.equal(env.C, 'file2');
    assert.equal(env.D, 'secret');
  });

  it('gives no credentials endpoint to a task without a task role', () => {
    const bare = containerEnvironment({ inherited: {}, agent: { region: 'us-east-1', endpointUrl: 'http://k' }, files: [], environment: [], secrets: new Map() });
    assert.equal(bare.AWS_CONTAINER_CREDENTIALS_FULL_URI, undefined);
    assert.equal(bare.AWS_CONTAINER_AUTHORIZATION_TOKEN, undefined);
  });
});
