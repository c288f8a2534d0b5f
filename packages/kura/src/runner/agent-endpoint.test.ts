import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startAgentEndpoint, type AgentEndpoint } from './agent-endpoint.js';
import type { RoleCredentials } from './service-role.js';

describe('the agent endpoint', () => {
  let endpoint: AgentEndpoint;
  let current: RoleCredentials | undefined = {
    accessKeyId: 'ASIAEXAMPLE000000001',
    secretAccessKey: 'secret',
    sessionToken: 'token',
    expiration: new Date('2030-01-02T03:04:05.678Z'),
    assumedRoleArn: 'arn:aws:sts::123456789012:assumed-role/task/abc',
  };
  before(async () => {
    endpoint = await startAgentEndpoint({
      taskRole: { roleArn: 'arn:aws:iam::123456789012:role/task', credentials: () => current },
      containerMetadata: (name) => (name === 'app' ? { Name: 'app' } : undefined),
      taskMetadata: () => ({ TaskARN: 'arn:task' }),
    });
  });
  after(() => endpoint.close());

  const get = (url: string, authorization?: string) => fetch(url, authorization === undefined ? {} : { headers: { authorization } });

  it('listens on loopback over plain HTTP, the only FULL_URI both SDKs accept without TLS', () => {
    assert.match(endpoint.credentialsUri, /^http:\/\/127\.0\.0\.1:\d+\/v2\/credentials\/[0-9a-f-]{36}$/);
    assert.ok(endpoint.authorizationToken.length >= 43);
  });

  it('serves the credentials in ECS\'s shape to the holder of the token', async () => {
    const res = await get(endpoint.credentialsUri, endpoint.authorizationToken);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/json');
    assert.deepEqual(await res.json(), {
      RoleArn: 'arn:aws:iam::123456789012:role/task',
      AccessKeyId: 'ASIAEXAMPLE000000001',
      SecretAccessKey: 'secret',
      Token: 'token',
      Expiration: '2030-01-02T03:04:05Z',
    });
  });

  it('refuses a missing or wrong token, and other methods', async () => {
    assert.equal((await get(endpoint.credentialsUri)).status, 401);
    assert.equal((await get(endpoint.credentialsUri, `${endpoint.authorizationToken}x`)).status, 401);
    const body = (await (await get(endpoint.credentialsUri, 'nope')).json()) as Record<string, string>;
    assert.equal(body.Code, 'AccessDenied');
    assert.equal((await fetch(endpoint.credentialsUri, { method: 'POST', headers: { authorization: endpoint.authorizationToken } })).status, 405);
  });

  it('answers 503 once the credentials have expired unrenewed, so the SDK retries rather than using them', async () => {
    const saved = current;
    current = undefined;
    const res = await get(endpoint.credentialsUri, endpoint.authorizationToken);
    current = saved;
    assert.equal(res.status, 503);
    assert.equal(((await res.json()) as Record<string, string>).Code, 'CredentialsUnavailable');
  });

  it('serves container and task metadata at each container\'s URI, and 404 elsewhere', async () => {
    const uri = endpoint.metadataUri('app');
    assert.equal(endpoint.metadataUri('app'), uri, 'stable per container');
    assert.deepEqual(await (await get(uri)).json(), { Name: 'app' });
    assert.deepEqual(await (await get(`${uri}/task`)).json(), { TaskARN: 'arn:task' });
    assert.equal((await get(`${new URL(uri).origin}/v2/credentials/guess`, endpoint.authorizationToken)).status, 404);
  });
});
