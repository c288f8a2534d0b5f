// `kura exec` as the reference design's task would run it: with the credentials of an identity whose
// IAM policy Kura enforces, and with ECS container credentials (AWS_CONTAINER_CREDENTIALS_FULL_URI)
// served by a stand-in for the ECS agent, so that the SDK's own container provider is exercised.

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { AttachRolePolicyCommand, CreateAccessKeyCommand, CreatePolicyCommand, CreateRoleCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { PREFIX, VALUES, report, runExec, seedReferenceDesign, writeProbe, type Probe } from './exec-kit.js';
import { startKura, type RunningKura } from './harness.js';

const ACCOUNT = '123456789012';
/** The reference design's task policy (its blog post): GetParameters, not GetParametersByPath. */
const REFERENCE_POLICY = {
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Action: ['ssm:DescribeParameters'], Resource: '*' },
    { Effect: 'Allow', Action: ['ssm:GetParameters'], Resource: `arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/goecssample/*` },
    { Effect: 'Allow', Action: ['kms:Decrypt'], Resource: '*' },
  ],
};

describe('kura exec with enforced IAM identities', () => {
  let kura: RunningKura;
  let probe: Probe;
  let iam: IAMClient;
  before(async () => {
    kura = await startKura({ args: ['--account-id', ACCOUNT] });
    await seedReferenceDesign(kura);
    probe = writeProbe();
    iam = new IAMClient({ endpoint: kura.url, region: kura.region, credentials: kura.credentials });
  });
  after(async () => {
    iam.destroy();
    probe.cleanup();
    await kura.stop();
  });

  const asIdentity = (keys: { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string }) => ({
    ...kura.clientEnv,
    AWS_ACCESS_KEY_ID: keys.AccessKeyId,
    AWS_SECRET_ACCESS_KEY: keys.SecretAccessKey,
    ...(keys.SessionToken ? { AWS_SESSION_TOKEN: keys.SessionToken } : {}),
  });

  test('denied: under the reference design policy --path is AccessDenied and the program never runs; --map works', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'task' }));
    await iam.send(new PutUserPolicyCommand({ UserName: 'task', PolicyName: 'go-ecs-sample', PolicyDocument: JSON.stringify(REFERENCE_POLICY) }));
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: 'task' }));
    const env = asIdentity(AccessKey ?? {});
    const marker = path.join(probe.dir, 'denied-ran');
    const denied = await runExec(['--path', PREFIX, '--', 'touch', marker], env);
    assert.equal(denied.code, 3);
    assert.match(denied.stderr, /^kura exec: cannot read --path \/goecssample\/database\/sample\/master: AccessDeniedException: .*ssm:GetParametersByPath.*\n$/);
    assert.ok(!existsSync(marker));

    const maps = Object.keys(VALUES).flatMap((leaf) => ['--map', `DB_${leaf.toUpperCase()}=${PREFIX}/${leaf}`]);
    const allowed = await runExec([...maps, '--', probe.file, 'report'], env);
    assert.equal(allowed.code, 0, allowed.stderr);
    assert.equal(report(allowed).env.DB_PASSWORD, VALUES.password);
    const outside = await runExec(['--map', 'X=/other/secret', '--', 'touch', marker], env);
    assert.equal(outside.code, 3);
    assert.match(outside.stderr, /AccessDeniedException|parameter not found/);
    assert.ok(!existsSync(marker));
  });

  test('ECS container credentials: the SDK fetches the task role from the agent endpoint; the program keeps the endpoint variables', async () => {
    const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' }] };
    await iam.send(new CreateRoleCommand({ RoleName: 'go-ecs-sample', AssumeRolePolicyDocument: JSON.stringify(trust) }));
    const withPath = { ...REFERENCE_POLICY, Statement: [...REFERENCE_POLICY.Statement, { Effect: 'Allow', Action: ['ssm:GetParametersByPath'], Resource: `arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/goecssample/*` }] };
    const { Policy } = await iam.send(new CreatePolicyCommand({ PolicyName: 'go-ecs-sample-exec', PolicyDocument: JSON.stringify(withPath) }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'go-ecs-sample', PolicyArn: Policy?.Arn }));
    const sts = new STSClient({ endpoint: kura.url, region: kura.region, credentials: kura.credentials });
    const { Credentials } = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/go-ecs-sample`, RoleSessionName: 'task-1' }));
    sts.destroy();

    let served = 0;
    const agent: Server = createServer((req, res) => {
      served += 1;
      if (req.url !== '/v2/credentials/task' || req.headers.authorization !== 'agent-token') return res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({ AccessKeyId: Credentials?.AccessKeyId, SecretAccessKey: Credentials?.SecretAccessKey, Token: Credentials?.SessionToken, Expiration: Credentials?.Expiration?.toISOString() }),
      );
    });
    await new Promise<void>((resolve) => agent.listen(0, '127.0.0.1', resolve));
    const uri = `http://127.0.0.1:${(agent.address() as { port: number }).port}/v2/credentials/task`;
    try {
      const env: NodeJS.ProcessEnv = { ...kura.clientEnv, AWS_CONTAINER_CREDENTIALS_FULL_URI: uri, AWS_CONTAINER_AUTHORIZATION_TOKEN: 'agent-token' };
      delete env.AWS_ACCESS_KEY_ID;
      delete env.AWS_SECRET_ACCESS_KEY;
      const result = await runExec(['--path', PREFIX, '--prefix', 'DB_', '--', probe.file, 'report'], env);
      assert.equal(result.code, 0, result.stderr);
      const got = report(result).env;
      assert.equal(got.DB_PASSWORD, VALUES.password);
      assert.equal(served, 1, 'one call to the agent');
      assert.equal(got.AWS_CONTAINER_CREDENTIALS_FULL_URI, uri, 'the program can still use its task role');
      assert.equal(got.AWS_ACCESS_KEY_ID, undefined);
    } finally {
      agent.close();
    }
  });
});
