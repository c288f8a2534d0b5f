// Issue 4's end-to-end story with the AWS CLI: the reference design's task role (trusting
// ecs-tasks.amazonaws.com and the account), its least-privilege policy, AssumeRole, the five reads
// allowed and decrypted, everything else denied with AWS-format messages, and the audit log.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { kuraAudit } from './audit-log.js';
import { awsCli, awsCliJson, startKura, type RunningKura } from './harness.js';

const ACCOUNT = '123456789012';
const PREFIX = '/goecssample/database/sample/master';
const VALUES: Record<string, string> = { user: 'sample', password: 'p4ss', host: 'db', name: 'posts', port: '3306' };

interface Creds {
  AccessKeyId: string;
  SecretAccessKey: string;
  SessionToken: string;
}

describe('the reference design task role, enforced', () => {
  let kura: RunningKura;
  let keyId: string;
  let otherKeyId: string;
  let role: RunningKura;
  before(async () => {
    kura = await startKura({ args: ['--account-id', ACCOUNT] });
  });
  after(async () => {
    await kura.stop();
  });

  const asRole = async (args: string[]) => awsCli(role, args);
  const deniedAsRole = async (args: string[]): Promise<string> => {
    try {
      await asRole(args);
    } catch (error) {
      return (error as { stderr: string }).stderr.trim();
    }
    return assert.fail(`aws ${args.join(' ')} was allowed`);
  };

  test('the administrator sets up keys, parameters, the role and its policy with the AWS CLI', async () => {
    keyId = (await awsCliJson<{ KeyMetadata: { KeyId: string } }>(kura, ['kms', 'create-key', '--description', 'go-ecs-sample'])).KeyMetadata.KeyId;
    otherKeyId = (await awsCliJson<{ KeyMetadata: { KeyId: string } }>(kura, ['kms', 'create-key', '--description', 'other'])).KeyMetadata.KeyId;
    for (const [leaf, value] of Object.entries(VALUES)) {
      const secure = leaf === 'password' ? ['--type', 'SecureString', '--key-id', keyId] : ['--type', 'String'];
      await awsCli(kura, ['ssm', 'put-parameter', '--name', `${PREFIX}/${leaf}`, '--value', value, ...secure]);
    }
    await awsCli(kura, ['ssm', 'put-parameter', '--name', '/other-app/secret', '--type', 'String', '--value', 'nope']);
    await awsCli(kura, ['ssm', 'put-parameter', '--name', '/goecssample/other-key', '--type', 'SecureString', '--key-id', otherKeyId, '--value', 'x']);
    const trust = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' },
        { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' },
      ],
    };
    const created = await awsCliJson<{ Role: { Arn: string; AssumeRolePolicyDocument: unknown } }>(kura, [
      'iam', 'create-role', '--role-name', 'go-ecs-sample', '--assume-role-policy-document', JSON.stringify(trust),
    ]);
    assert.equal(created.Role.Arn, `arn:aws:iam::${ACCOUNT}:role/go-ecs-sample`);
    assert.deepEqual(created.Role.AssumeRolePolicyDocument, trust, 'the CLI decodes the URL-encoded document');
    const policy = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: ['ssm:DescribeParameters'], Resource: '*' },
        { Effect: 'Allow', Action: ['ssm:GetParameters'], Resource: `arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/goecssample/*` },
        { Effect: 'Allow', Action: ['kms:Decrypt'], Resource: `arn:aws:kms:us-east-1:${ACCOUNT}:key/${keyId}` },
      ],
    };
    const made = await awsCliJson<{ Policy: { Arn: string; DefaultVersionId: string } }>(kura, ['iam', 'create-policy', '--policy-name', 'go-ecs-sample', '--policy-document', JSON.stringify(policy)]);
    assert.equal(made.Policy.DefaultVersionId, 'v1');
    await awsCli(kura, ['iam', 'attach-role-policy', '--role-name', 'go-ecs-sample', '--policy-arn', made.Policy.Arn]);
    const attached = await awsCliJson<{ AttachedPolicies: Array<{ PolicyName: string }> }>(kura, ['iam', 'list-attached-role-policies', '--role-name', 'go-ecs-sample']);
    assert.deepEqual(attached.AttachedPolicies.map((p) => p.PolicyName), ['go-ecs-sample']);
  });

  test('aws sts assume-role gives temporary credentials that act as the role', async () => {
    const out = await awsCliJson<{ Credentials: Creds & { Expiration: string }; AssumedRoleUser: { Arn: string } }>(kura, [
      'sts', 'assume-role', '--role-arn', `arn:aws:iam::${ACCOUNT}:role/go-ecs-sample`, '--role-session-name', 'task-1',
    ]);
    assert.equal(out.AssumedRoleUser.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/go-ecs-sample/task-1`);
    assert.match(out.Credentials.AccessKeyId, /^ASIA[A-Z2-7]{16}$/);
    assert.ok(Date.parse(out.Credentials.Expiration) > Date.now() + 50 * 60_000);
    role = {
      ...kura,
      clientEnv: {
        ...kura.clientEnv,
        AWS_ACCESS_KEY_ID: out.Credentials.AccessKeyId,
        AWS_SECRET_ACCESS_KEY: out.Credentials.SecretAccessKey,
        AWS_SESSION_TOKEN: out.Credentials.SessionToken,
      },
    };
    const me = await awsCliJson<{ Arn: string; Account: string; UserId: string }>(role, ['sts', 'get-caller-identity']);
    assert.equal(me.Arn, out.AssumedRoleUser.Arn);
    assert.match(me.UserId, /^AROA[A-Z2-7]{17}:task-1$/);
  });

  test('as the role, the five reads succeed and decrypt', async () => {
    const { stdout } = await asRole(['ssm', 'get-parameters', '--names', ...Object.keys(VALUES).map((k) => `${PREFIX}/${k}`), '--with-decryption', '--output', 'json']);
    const got = JSON.parse(stdout) as { Parameters: Array<{ Name: string; Value: string }>; InvalidParameters: string[] };
    assert.deepEqual(Object.fromEntries(got.Parameters.map((p) => [p.Name.slice(PREFIX.length + 1), p.Value])), VALUES);
    assert.deepEqual(got.InvalidParameters, []);
  });

  test('as the role, reading outside /goecssample/ is AccessDeniedException naming principal, action and resource', async () => {
    assert.equal(
      await deniedAsRole(['ssm', 'get-parameters', '--names', '/other-app/secret']),
      `An error occurred (AccessDeniedException) when calling the GetParameters operation: User: arn:aws:sts::${ACCOUNT}:assumed-role/go-ecs-sample/task-1 is not authorized to perform: ssm:GetParameters on resource: arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/other-app/secret because no identity-based policy allows the ssm:GetParameters action`,
    );
    assert.match(await deniedAsRole(['ssm', 'get-parameter', '--name', `${PREFIX}/user`]), /ssm:GetParameter on resource: .*parameter\/goecssample\/database\/sample\/master\/user because no identity-based policy allows/);
    assert.match(await deniedAsRole(['ssm', 'put-parameter', '--name', `${PREFIX}/user`, '--type', 'String', '--value', 'x', '--overwrite']), /ssm:PutParameter/);
    assert.match(await deniedAsRole(['iam', 'list-roles']), /\(AccessDenied\).*iam:ListRoles/);
  });

  test('as the role, decrypting a SecureString under another key is denied by KMS, through SSM', async () => {
    const message = await deniedAsRole(['ssm', 'get-parameters', '--names', '/goecssample/other-key', '--with-decryption']);
    assert.match(
      message,
      new RegExp(
        `\\(AccessDeniedException\\) when calling the GetParameters operation: User: arn:aws:sts::${ACCOUNT}:assumed-role/go-ecs-sample/task-1 is not authorized to perform: kms:Decrypt on resource: arn:aws:kms:us-east-1:${ACCOUNT}:key/${otherKeyId} because no identity-based policy allows the kms:Decrypt action \\(Service: AWSKMS; Status Code: 400; Error Code: AccessDeniedException; Request ID: [0-9a-f-]+; Proxy: null\\)$`,
      ),
    );
    // Without decryption the ciphertext is readable (ssm:GetParameters allows it), never the plaintext.
    const { stdout } = await asRole(['ssm', 'get-parameters', '--names', '/goecssample/other-key', '--output', 'json']);
    assert.notEqual((JSON.parse(stdout) as { Parameters: Array<{ Value: string }> }).Parameters[0]?.Value, 'x');
  });

  test('the audit log records every decision, allowed and denied, without values', async () => {
    // One event per request, its decisions inside: read back as one row per decision.
    const { text, events } = await kuraAudit(kura);
    const lines: Array<Record<string, unknown>> = events.flatMap((e) =>
      (e.additionalEventData.authorization ?? []).map((d) => ({ ...d, principal: e.userIdentity.arn, requestId: e.requestID })),
    );
    const roleArn = `arn:aws:sts::${ACCOUNT}:assumed-role/go-ecs-sample/task-1`;
    const mine = lines.filter((l) => l.principal === roleArn);
    assert.ok(mine.some((l) => l.action === 'ssm:GetParameters' && l.decision === 'Allow' && (l.resources as string[])[0]?.endsWith('/master/password')));
    assert.ok(mine.some((l) => l.action === 'kms:Decrypt' && l.decision === 'Allow'));
    assert.ok(mine.some((l) => l.action === 'ssm:GetParameters' && l.decision === 'ImplicitDeny' && (l.resources as string[])[0]?.endsWith('/other-app/secret')));
    assert.ok(mine.some((l) => l.action === 'kms:Decrypt' && l.decision === 'ImplicitDeny' && (l.resources as string[])[0]?.endsWith(otherKeyId)));
    assert.ok(lines.some((l) => l.action === 'sts:AssumeRole' && l.decision === 'Allow'));
    for (const l of lines) assert.equal(typeof l.requestId, 'string');
    assert.ok(!text.includes(VALUES.password!) && !text.includes(kura.credentials.secretAccessKey));
  });
});
