// `kura apply` changes a role's and a user's permissions boundary in place, as CloudFormation does
// (no replacement): set, swapped for another, and removed, the role keeping its RoleId throughout.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { GetRoleCommand, GetUserCommand, IAMClient } from '@aws-sdk/client-iam';
import { startKura, type RunningKura } from './harness.js';
import { kuraOk } from './manage-cli.js';

const ACCOUNT = '123456789012';
const allow = (action: string) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] });
const TEMPLATE = {
  Parameters: { Boundary: { Type: 'String', AllowedValues: ['none', 'fence', 'wide'], Default: 'none' } },
  Conditions: { Bounded: { 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'Boundary' }, 'none'] }] } },
  Resources: {
    Fence: { Type: 'AWS::IAM::ManagedPolicy', Properties: { ManagedPolicyName: 'fence', PolicyDocument: allow('ssm:GetParameter') } },
    Wide: { Type: 'AWS::IAM::ManagedPolicy', Properties: { ManagedPolicyName: 'wide', PolicyDocument: allow('ssm:*') } },
    Task: {
      Type: 'AWS::IAM::Role',
      DependsOn: ['Fence', 'Wide'],
      Properties: {
        RoleName: 'bounded-task',
        AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
        PermissionsBoundary: { 'Fn::If': ['Bounded', { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:policy/${Boundary}' }, { Ref: 'AWS::NoValue' }] },
      },
    },
    Deployer: {
      Type: 'AWS::IAM::User',
      DependsOn: ['Fence', 'Wide'],
      Properties: {
        UserName: 'bounded-deployer',
        PermissionsBoundary: { 'Fn::If': ['Bounded', { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:policy/${Boundary}' }, { Ref: 'AWS::NoValue' }] },
      },
    },
  },
};

interface Report {
  noChanges: boolean;
  changes: Array<{ action: string; logicalId: string; detail?: string }>;
}

describe('kura apply: permissions boundaries change in place', () => {
  let kura: RunningKura;
  let dir: string;
  let iam: IAMClient;
  before(async () => {
    kura = await startKura({ args: ['--account-id', ACCOUNT] });
    dir = mkdtempSync(path.join(tmpdir(), 'kura-apply-boundary-'));
    writeFileSync(path.join(dir, 'stack.json'), JSON.stringify(TEMPLATE));
    iam = new IAMClient({ endpoint: kura.url, region: 'us-east-1', credentials: kura.credentials });
  });
  after(async () => {
    iam.destroy();
    await kura.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const apply = async (boundary: string): Promise<Report> =>
    JSON.parse(await kuraOk(kura, ['apply', path.join(dir, 'stack.json'), '--stack-name', 'bounded', '--parameter', `Boundary=${boundary}`, '--json'])) as Report;
  const changed = (report: Report) => report.changes.filter((c) => c.action !== 'unchanged').map((c) => [c.action, c.logicalId, c.detail]);
  const boundaries = async () => [
    (await iam.send(new GetRoleCommand({ RoleName: 'bounded-task' }))).Role?.PermissionsBoundary?.PermissionsBoundaryArn,
    (await iam.send(new GetUserCommand({ UserName: 'bounded-deployer' }))).User?.PermissionsBoundary?.PermissionsBoundaryArn,
  ];

  test('set, swapped and removed, with the same role throughout', async () => {
    await apply('none');
    const roleId = (await iam.send(new GetRoleCommand({ RoleName: 'bounded-task' }))).Role?.RoleId;
    assert.deepEqual(await boundaries(), [undefined, undefined]);

    for (const name of ['fence', 'wide']) {
      const report = await apply(name);
      assert.deepEqual(changed(report), [
        ['update', 'Task', 'PermissionsBoundary'],
        ['update', 'Deployer', 'PermissionsBoundary'],
      ]);
      const arn = `arn:aws:iam::${ACCOUNT}:policy/${name}`;
      assert.deepEqual(await boundaries(), [arn, arn]);
    }
    assert.deepEqual(changed(await apply('none')), [
      ['update', 'Task', 'PermissionsBoundary'],
      ['update', 'Deployer', 'PermissionsBoundary'],
    ]);
    assert.deepEqual(await boundaries(), [undefined, undefined]);
    assert.equal((await iam.send(new GetRoleCommand({ RoleName: 'bounded-task' }))).Role?.RoleId, roleId, 'never replaced');
    assert.equal((await apply('none')).noChanges, true);
    await kuraOk(kura, ['apply', '--delete', '--stack-name', 'bounded']);
  });
});
