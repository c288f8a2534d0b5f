// Permissions boundaries with the AWS CLI, in the delegation idiom AWS documents: a delegated
// administrator may create roles only under a given boundary (iam:PermissionsBoundary), may not
// remove it, and the boundary then limits what the role's own policies allow.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { awsCli, awsCliJson, startKura, type RunningKura } from './harness.js';

const ACCOUNT = '123456789012';
const FENCE = `arn:aws:iam::${ACCOUNT}:policy/fence`;
const TRUST = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' }] });
const doc = (statements: unknown[]): string => JSON.stringify({ Version: '2012-10-17', Statement: statements });

async function refusal(kura: RunningKura, args: string[]): Promise<string> {
  try {
    await awsCli(kura, args);
  } catch (error) {
    return (error as { stderr: string }).stderr.trim();
  }
  return assert.fail(`aws ${args.join(' ')} was allowed`);
}

describe('permissions boundaries, delegated', () => {
  let kura: RunningKura;
  let delegate: RunningKura;
  before(async () => {
    kura = await startKura({ args: ['--account-id', ACCOUNT] });
    await awsCli(kura, ['iam', 'create-policy', '--policy-name', 'fence', '--policy-document', doc([{ Effect: 'Allow', Action: 'ssm:GetParameter', Resource: '*' }])]);
    await awsCli(kura, ['iam', 'create-policy', '--policy-name', 'wide', '--policy-document', doc([{ Effect: 'Allow', Action: '*', Resource: '*' }])]);
    await awsCli(kura, ['iam', 'create-user', '--user-name', 'delegate']);
    const onlyUnderFence = { StringEquals: { 'iam:PermissionsBoundary': FENCE } };
    await awsCli(kura, [
      'iam', 'put-user-policy', '--user-name', 'delegate', '--policy-name', 'delegation', '--policy-document',
      doc([
        { Effect: 'Allow', Action: ['iam:CreateRole', 'iam:PutRolePermissionsBoundary'], Resource: '*', Condition: onlyUnderFence },
        { Effect: 'Allow', Action: ['iam:GetRole', 'iam:PutRolePolicy'], Resource: '*' },
      ]),
    ]);
    const key = await awsCliJson<{ AccessKey: { AccessKeyId: string; SecretAccessKey: string } }>(kura, ['iam', 'create-access-key', '--user-name', 'delegate']);
    delegate = { ...kura, clientEnv: { ...kura.clientEnv, AWS_ACCESS_KEY_ID: key.AccessKey.AccessKeyId, AWS_SECRET_ACCESS_KEY: key.AccessKey.SecretAccessKey } };
  });
  after(() => kura.stop());

  test('the delegate creates a role under the boundary, and no role without it', async () => {
    const created = await awsCliJson<{ Role: { PermissionsBoundary: { PermissionsBoundaryArn: string } } }>(delegate, [
      'iam', 'create-role', '--role-name', 'fenced', '--assume-role-policy-document', TRUST, '--permissions-boundary', FENCE,
    ]);
    assert.equal(created.Role.PermissionsBoundary.PermissionsBoundaryArn, FENCE);
    const user = `arn:aws:iam::${ACCOUNT}:user/delegate`;
    assert.equal(
      await refusal(delegate, ['iam', 'create-role', '--role-name', 'free', '--assume-role-policy-document', TRUST]),
      `An error occurred (AccessDenied) when calling the CreateRole operation: User: ${user} is not authorized to perform: iam:CreateRole on resource: arn:aws:iam::${ACCOUNT}:role/free because no identity-based policy allows the iam:CreateRole action`,
    );
    assert.match(
      await refusal(delegate, ['iam', 'create-role', '--role-name', 'wider', '--assume-role-policy-document', TRUST, '--permissions-boundary', `arn:aws:iam::${ACCOUNT}:policy/wide`]),
      /\(AccessDenied\) when calling the CreateRole operation: .* iam:CreateRole on resource: arn:aws:iam::123456789012:role\/wider because no identity-based policy allows/,
    );
  });

  test('the delegate can neither swap the boundary for a wider one nor remove it', async () => {
    assert.match(
      await refusal(delegate, ['iam', 'put-role-permissions-boundary', '--role-name', 'fenced', '--permissions-boundary', `arn:aws:iam::${ACCOUNT}:policy/wide`]),
      /\(AccessDenied\) when calling the PutRolePermissionsBoundary operation: .* iam:PutRolePermissionsBoundary on resource: arn:aws:iam::123456789012:role\/fenced because/,
    );
    assert.match(
      await refusal(delegate, ['iam', 'delete-role-permissions-boundary', '--role-name', 'fenced']),
      /\(AccessDenied\) when calling the DeleteRolePermissionsBoundary operation: .* iam:DeleteRolePermissionsBoundary on resource: arn:aws:iam::123456789012:role\/fenced because/,
    );
    await awsCli(delegate, ['iam', 'put-role-permissions-boundary', '--role-name', 'fenced', '--permissions-boundary', FENCE]);
    const role = await awsCliJson<{ Role: { PermissionsBoundary?: { PermissionsBoundaryArn: string } } }>(delegate, ['iam', 'get-role', '--role-name', 'fenced']);
    assert.equal(role.Role.PermissionsBoundary?.PermissionsBoundaryArn, FENCE);
  });

  test("the boundary limits the role's own policy; the administrator removes it and the policy decides", async () => {
    await awsCli(delegate, ['iam', 'put-role-policy', '--role-name', 'fenced', '--policy-name', 'all', '--policy-document', doc([{ Effect: 'Allow', Action: '*', Resource: '*' }])]);
    await awsCli(kura, ['ssm', 'put-parameter', '--name', '/app/x', '--type', 'String', '--value', 'v']);
    const assume = async (): Promise<RunningKura> => {
      const out = await awsCliJson<{ Credentials: { AccessKeyId: string; SecretAccessKey: string; SessionToken: string } }>(kura, [
        'sts', 'assume-role', '--role-arn', `arn:aws:iam::${ACCOUNT}:role/fenced`, '--role-session-name', 'fenced-session',
      ]);
      return { ...kura, clientEnv: { ...kura.clientEnv, AWS_ACCESS_KEY_ID: out.Credentials.AccessKeyId, AWS_SECRET_ACCESS_KEY: out.Credentials.SecretAccessKey, AWS_SESSION_TOKEN: out.Credentials.SessionToken } };
    };
    const session = await assume();
    assert.equal((await awsCliJson<{ Parameter: { Value: string } }>(session, ['ssm', 'get-parameter', '--name', '/app/x'])).Parameter.Value, 'v', 'inside the boundary');
    // A parameter that does not exist yet is named `…:*` in the denial, as AWS names it.
    assert.equal(
      await refusal(session, ['ssm', 'put-parameter', '--name', '/app/y', '--type', 'String', '--value', 'v']),
      `An error occurred (AccessDeniedException) when calling the PutParameter operation: User: arn:aws:sts::${ACCOUNT}:assumed-role/fenced/fenced-session is not authorized to perform: ssm:PutParameter on resource: arn:aws:ssm:us-east-1:${ACCOUNT}:* because no permissions boundary allows the ssm:PutParameter action`,
    );
    await awsCli(kura, ['iam', 'delete-role-permissions-boundary', '--role-name', 'fenced']);
    const role = await awsCliJson<{ Role: { PermissionsBoundary?: unknown } }>(kura, ['iam', 'get-role', '--role-name', 'fenced']);
    assert.equal(role.Role.PermissionsBoundary, undefined);
    await awsCli(session, ['ssm', 'put-parameter', '--name', '/app/y', '--type', 'String', '--value', 'v']);
    await awsCli(kura, ['iam', 'delete-role-permissions-boundary', '--role-name', 'fenced']);
  });
});
