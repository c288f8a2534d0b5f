// The reference design's steps with the AWS CLI, through a real HAProxy in front of three replicas on
// one PostgreSQL: every call may land on another replica (round robin), so the key made by one, the
// parameters written by the next, the role and policy by a third, and the session AssumeRole issued,
// all have to be what every replica reads on the very next request.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { ACCOUNT, startCluster, type Cluster } from './cluster.js';

const run = promisify(execFile);
const PREFIX = '/goecssample/database/sample/master';
const VALUES: Record<string, string> = { user: 'sample-user', password: 'p@ss w0rd+/=~%', host: 'db.internal', name: 'sample', port: '3306' };
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/go-ecs-sample`;

interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

describe('three replicas behind HAProxy: the reference design with the AWS CLI', () => {
  let cluster: Cluster;
  let role: Credentials;
  let keyId: string;

  const aws = async <T = Record<string, unknown>>(args: string[], credentials?: Credentials): Promise<T> => {
    const { stdout } = await run('aws', [...args, '--output', 'json'], { env: cluster.cliEnv(cluster.url, credentials) });
    return (stdout.trim() === '' ? {} : JSON.parse(stdout)) as T;
  };
  const denied = async (args: string[], credentials: Credentials): Promise<string> =>
    aws(args, credentials).then(
      () => assert.fail(`aws ${args.join(' ')} was allowed`),
      (error: { stderr: string }) => error.stderr.trim(),
    );

  before(async () => {
    cluster = await startCluster({ replicas: 3, haproxy: true });
  });
  after(async () => {
    await cluster?.stop();
  });

  test('the administrator makes a KMS key and the five parameters, the password a SecureString under that key', async () => {
    keyId = (await aws<{ KeyMetadata: { KeyId: string } }>(['kms', 'create-key', '--description', 'go-ecs-sample'])).KeyMetadata.KeyId;
    for (const [leaf, value] of Object.entries(VALUES)) {
      const type = leaf === 'password' ? ['--type', 'SecureString', '--key-id', keyId] : ['--type', 'String'];
      const out = await aws<{ Version: number }>(['ssm', 'put-parameter', '--name', `${PREFIX}/${leaf}`, '--value', value, ...type]);
      assert.equal(out.Version, 1);
    }
    const overwrite = await aws<{ Version: number }>(['ssm', 'put-parameter', '--name', `${PREFIX}/host`, '--type', 'String', '--value', 'db2.internal', '--overwrite']);
    assert.equal(overwrite.Version, 2);
    const tree = await aws<{ Parameters: Array<{ Name: string; Value: string; Type: string }> }>(['ssm', 'get-parameters-by-path', '--path', '/goecssample', '--recursive', '--with-decryption']);
    assert.deepEqual(Object.fromEntries(tree.Parameters.map((p) => [p.Name.slice(PREFIX.length + 1), p.Value])), { ...VALUES, host: 'db2.internal' });
    const sealed = await aws<{ Parameter: { Value: string } }>(['ssm', 'get-parameter', '--name', `${PREFIX}/password`]);
    assert.notEqual(sealed.Parameter.Value, VALUES.password, 'without --with-decryption, the ciphertext');
  });

  test('a role trusting the account, with a least-privilege policy', async () => {
    const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' }] };
    const made = await aws<{ Role: { Arn: string } }>(['iam', 'create-role', '--role-name', 'go-ecs-sample', '--assume-role-policy-document', JSON.stringify(trust)]);
    assert.equal(made.Role.Arn, ROLE_ARN);
    const policy = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: ['ssm:GetParameters'], Resource: `arn:aws:ssm:us-east-1:${ACCOUNT}:parameter${PREFIX}/*` },
        { Effect: 'Allow', Action: ['kms:Decrypt'], Resource: `arn:aws:kms:us-east-1:${ACCOUNT}:key/${keyId}` },
      ],
    };
    const created = await aws<{ Policy: { Arn: string } }>(['iam', 'create-policy', '--policy-name', 'go-ecs-sample-read', '--policy-document', JSON.stringify(policy)]);
    await aws(['iam', 'attach-role-policy', '--role-name', 'go-ecs-sample', '--policy-arn', created.Policy.Arn]);
    const attached = await aws<{ AttachedPolicies: Array<{ PolicyName: string }> }>(['iam', 'list-attached-role-policies', '--role-name', 'go-ecs-sample']);
    assert.deepEqual(attached.AttachedPolicies.map((p) => p.PolicyName), ['go-ecs-sample-read']);
  });

  test('AssumeRole, then reading as the role: the five values, decrypted; anything else denied', async () => {
    const assumed = await aws<{ Credentials: { AccessKeyId: string; SecretAccessKey: string; SessionToken: string }; AssumedRoleUser: { Arn: string } }>([
      'sts', 'assume-role', '--role-arn', ROLE_ARN, '--role-session-name', 'task-1',
    ]);
    role = { accessKeyId: assumed.Credentials.AccessKeyId, secretAccessKey: assumed.Credentials.SecretAccessKey, sessionToken: assumed.Credentials.SessionToken };
    // Calls in a row: round robin sends them to every replica, the issuing one and the others.
    for (let i = 0; i < 2; i++) {
      const me = await aws<{ Arn: string }>(['sts', 'get-caller-identity'], role);
      assert.equal(me.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/go-ecs-sample/task-1`);
      const got = await aws<{ Parameters: Array<{ Name: string; Value: string }>; InvalidParameters: string[] }>(
        ['ssm', 'get-parameters', '--names', ...Object.keys(VALUES).map((k) => `${PREFIX}/${k}`), '--with-decryption'],
        role,
      );
      assert.deepEqual(Object.fromEntries(got.Parameters.map((p) => [p.Name.slice(PREFIX.length + 1), p.Value])), { ...VALUES, host: 'db2.internal' });
      assert.deepEqual(got.InvalidParameters, []);
    }
    assert.match(await denied(['ssm', 'get-parameter', '--name', `${PREFIX}/user`], role), /\(AccessDeniedException\).*ssm:GetParameter on resource/);
    assert.match(await denied(['ssm', 'put-parameter', '--name', `${PREFIX}/user`, '--type', 'String', '--value', 'x', '--overwrite'], role), /ssm:PutParameter/);
    assert.match(await denied(['iam', 'list-roles'], role), /\(AccessDenied\).*iam:ListRoles/);
  });

  test('HAProxy spread the calls over all three replicas, and each checked its health', () => {
    for (const replica of cluster.replicas) {
      const served = replica.stdout().split('\n').filter((line) => line.includes('"msg":"request"')).length;
      assert.ok(served >= 5, `${replica.options.name} served ${served} requests`);
    }
  });
});
