// `kura apply` against a real `kura serve`, as users run it: a template with every resource type
// it creates (fixtures/apply/stack.yaml) applied, each resource checked with the SDK; applied again
// with no change and no write; a policy changed in place; a parameter's name changed (replaced);
// --delete leaving nothing, checked by listing every resource type; the task definition read by
// kura run-task's parser.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import {
  GetGroupCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  GetUserCommand,
  IAMClient,
  ListAttachedGroupPoliciesCommand,
  ListAttachedRolePoliciesCommand,
  ListGroupsCommand,
  ListGroupsForUserCommand,
  ListPoliciesCommand,
  ListRolePoliciesCommand,
  ListRolesCommand,
  ListUsersCommand,
} from '@aws-sdk/client-iam';
import { DescribeKeyCommand, GetKeyRotationStatusCommand, KMSClient, ListAliasesCommand, ListKeysCommand, ListResourceTagsCommand } from '@aws-sdk/client-kms';
import { DescribeSecretCommand, GetSecretValueCommand, ListSecretsCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DescribeParametersCommand, GetParameterCommand, ListTagsForResourceCommand, SSMClient } from '@aws-sdk/client-ssm';
import { parseTaskDefinition } from '../../src/runner/task-definition.js';
import { startKura, type RunningKura } from './harness.js';
import { kuraCli, kuraOk } from './manage-cli.js';

const TEMPLATE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'fixtures/apply/stack.yaml');
const ACCOUNT = '123456789012';
const client = <T>(Client: new (config: object) => T, kura: RunningKura) => new Client({ endpoint: kura.url, region: 'us-east-1', credentials: kura.credentials });

interface Report {
  stackId: string;
  noChanges: boolean;
  changes: Array<{ action: string; logicalId: string; type: string; physicalId?: string; detail?: string }>;
  skipped: Array<{ logicalId: string; type: string; reason: string }>;
  taskDefinitions: Array<{ family: string; path: string; written: boolean }>;
  outputs: Array<{ name: string; value?: unknown }>;
}

describe('kura apply', () => {
  let kura: RunningKura;
  let dir: string;
  let iam: IAMClient;
  let kms: KMSClient;
  let ssm: SSMClient;
  let secrets: SecretsManagerClient;
  const apply = async (...extra: string[]): Promise<Report> =>
    JSON.parse(await kuraOk(kura, ['apply', TEMPLATE, '--stack-name', 'e2e', '--task-definitions-out', path.join(dir, 'td'), '--json', ...extra])) as Report;
  const physical = (report: Report, logicalId: string) => report.changes.find((c) => c.logicalId === logicalId)!.physicalId!;
  const recordVersion = async () => (await ssm.send(new GetParameterCommand({ Name: '/kura/stacks/e2e' }))).Parameter?.Version;
  let first: Report;

  before(async () => {
    kura = await startKura({ args: ['--account-id', ACCOUNT] });
    dir = mkdtempSync(path.join(tmpdir(), 'kura-apply-e2e-'));
    [iam, kms, ssm, secrets] = [client(IAMClient, kura), client(KMSClient, kura), client(SSMClient, kura), client(SecretsManagerClient, kura)];
  });
  after(async () => {
    for (const c of [iam, kms, ssm, secrets]) c.destroy();
    await kura.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('creates every supported type, skips the rest, and writes the task definition', async () => {
    first = await apply();
    assert.deepEqual(
      first.changes.map((c) => [c.action, c.logicalId]),
      [
        ['create', 'Key'],
        ['create', 'KeyAlias'],
        ['create', 'HostParameter'],
        ['create', 'ZonesParameter'],
        ['create', 'DbSecret'],
        ['create', 'TokenSecret'],
        ['create', 'ReadersGroup'],
        ['create', 'Reader'],
        ['create', 'AuditorsGroup'],
        ['create', 'AuditorsMembership'],
        ['create', 'TaskRole'],
        ['create', 'ReadManagedPolicy'],
        ['create', 'TaskPolicy'],
        ['create', 'ExecutionRole'],
      ],
    );
    assert.deepEqual(
      first.skipped.map((s) => [s.logicalId, s.reason]),
      [
        ['ProdOnly', 'its condition IsProd is false'],
        ['Logs', 'not emulated by Kura'],
        ['Repository', 'not emulated by Kura'],
        ['Vpc', 'not emulated by Kura'],
        ['TaskDefinition', 'written as a task definition file for kura run-task'],
      ],
    );
    assert.match(first.stackId, new RegExp(`^arn:aws:cloudformation:us-east-1:${ACCOUNT}:stack/e2e/[0-9a-f-]{36}$`));

    // KMS: the key, its rotation and tags, the alias.
    const keyId = physical(first, 'Key');
    const key = (await kms.send(new DescribeKeyCommand({ KeyId: 'alias/e2e-app' }))).KeyMetadata!;
    assert.deepEqual([key.KeyId, key.Description, key.KeyState], [keyId, 'e2e application key', 'Enabled']);
    assert.equal((await kms.send(new GetKeyRotationStatusCommand({ KeyId: keyId }))).KeyRotationEnabled, true);
    assert.deepEqual((await kms.send(new ListResourceTagsCommand({ KeyId: keyId }))).Tags, [{ TagKey: 'team', TagValue: 'posts' }]);

    // SSM: values, types, description, tags (CloudFormation writes them as a map).
    const host = (await ssm.send(new GetParameterCommand({ Name: '/e2e/db/host' }))).Parameter!;
    assert.deepEqual([host.Type, host.Value], ['String', 'db.internal']);
    assert.deepEqual((await ssm.send(new ListTagsForResourceCommand({ ResourceType: 'Parameter', ResourceId: '/e2e/db/host' }))).TagList, [{ Key: 'team', Value: 'posts' }]);
    const zones = (await ssm.send(new GetParameterCommand({ Name: '/e2e/dev/zones' }))).Parameter!;
    assert.deepEqual([zones.Type, zones.Value], ['StringList', 'us-east-1a,us-east-1b,us-east-1c']);

    // Secrets: a generated password inside the template, under the stack's key; a SecretString.
    const db = await secrets.send(new DescribeSecretCommand({ SecretId: 'e2e/db' }));
    assert.equal(db.KmsKeyId, keyId);
    const value = JSON.parse((await secrets.send(new GetSecretValueCommand({ SecretId: 'e2e/db' }))).SecretString!) as { username: string; password: string };
    assert.equal(value.username, 'app');
    assert.match(value.password, /^[A-Za-z0-9]{24}$/);
    const token = await secrets.send(new GetSecretValueCommand({ SecretId: physical(first, 'TokenSecret') }));
    assert.equal(token.SecretString, 'token-CANARY-0123');
    assert.match(token.Name!, /^TokenSecret-[A-Z0-9]{12}$/);

    // IAM: roles with generated names, their inline, managed and AWS managed policies; the user in
    // its group; the customer managed policy attached to the group and the role.
    const taskRole = physical(first, 'TaskRole');
    assert.match(taskRole, /^e2e-TaskRole-[A-Z0-9]{13}$/);
    const role = (await iam.send(new GetRoleCommand({ RoleName: taskRole }))).Role!;
    assert.equal(role.MaxSessionDuration, 7200);
    assert.deepEqual(role.Tags, [{ Key: 'team', Value: 'posts' }]);
    assert.deepEqual((await iam.send(new ListRolePoliciesCommand({ RoleName: taskRole }))).PolicyNames?.sort(), ['decrypt', 'read-app']);
    const readApp = JSON.parse(decodeURIComponent((await iam.send(new GetRolePolicyCommand({ RoleName: taskRole, PolicyName: 'read-app' }))).PolicyDocument!));
    assert.deepEqual(readApp.Statement[0], { Effect: 'Allow', Action: 'ssm:GetParameters', Resource: `arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/e2e/*` });
    assert.equal(readApp.Statement[1].Resource, db.ARN);
    const managed = `arn:aws:iam::${ACCOUNT}:policy/e2e-read-config`;
    assert.deepEqual((await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: taskRole }))).AttachedPolicies?.map((p) => p.PolicyArn), [managed]);
    assert.deepEqual((await iam.send(new ListAttachedGroupPoliciesCommand({ GroupName: 'e2e-readers' }))).AttachedPolicies?.map((p) => p.PolicyArn), [managed]);
    const executionRole = physical(first, 'ExecutionRole');
    assert.deepEqual((await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: executionRole }))).AttachedPolicies?.map((p) => p.PolicyArn), [
      'arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy',
    ]);
    const logsPolicy = JSON.parse(decodeURIComponent((await iam.send(new GetRolePolicyCommand({ RoleName: executionRole, PolicyName: 'logs-and-image' }))).PolicyDocument!));
    assert.deepEqual(
      logsPolicy.Statement.map((s: { Resource: string }) => s.Resource),
      [`arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/ecs/e2e:*`, `arn:aws:ecr:us-east-1:${ACCOUNT}:repository/e2e/posts`],
    );
    assert.equal((await iam.send(new GetGroupCommand({ GroupName: 'e2e-readers' }))).Group?.Path, '/e2e/');
    assert.deepEqual((await iam.send(new GetUserCommand({ UserName: 'e2e-reader' }))).User?.Tags, [{ Key: 'team', Value: 'posts' }]);
    const auditors = physical(first, 'AuditorsGroup');
    assert.match(auditors, /^e2e-AuditorsGroup-[A-Z0-9]{13}$/);
    assert.deepEqual((await iam.send(new ListGroupsForUserCommand({ UserName: 'e2e-reader' }))).Groups?.map((g) => g.GroupName).sort(), [auditors, 'e2e-readers'].sort());

    // The task definition: every token resolved, and kura run-task reads it.
    const [written] = first.taskDefinitions;
    assert.deepEqual([written!.family, written!.path, written!.written], ['e2e-posts', path.join(dir, 'td', 'e2e-posts.json'), true]);
    const td = parseTaskDefinition(readFileSync(written!.path, 'utf8'), dir);
    assert.deepEqual([td.taskRoleArn, td.executionRoleArn], [role.Arn, `arn:aws:iam::${ACCOUNT}:role/${executionRole}`]);
    assert.equal(td.containers[0]!.image, `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/e2e/posts:latest`);
    assert.deepEqual(td.containers[0]!.secrets, [
      { name: 'DB_PASSWORD', valueFrom: `${db.ARN}:password::` },
      { name: 'DB_HOST', valueFrom: `arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/e2e/db/host` },
    ]);
    assert.deepEqual(first.outputs, [
      { name: 'TaskRoleArn', value: role.Arn },
      { name: 'SecretArn', value: db.ARN },
    ]);
  });

  test('applied again: no changes and no write', async () => {
    const version = await recordVersion();
    const out = await kuraCli(kura, ['apply', TEMPLATE, '--stack-name', 'e2e', '--task-definitions-out', path.join(dir, 'td')]);
    assert.equal(out.code, 0, out.stderr);
    assert.match(out.stdout, /\nNo changes \(14 unchanged, 5 skipped\)\.\n$/);
    assert.match(out.stdout, /\n {2}unchanged +TaskRole +AWS::IAM::Role +e2e-TaskRole-/);
    assert.match(out.stdout, /e2e-posts\.json +unchanged\n/);
    assert.equal(await recordVersion(), version);
    assert.equal((await ssm.send(new GetParameterCommand({ Name: '/e2e/db/host' }))).Parameter?.Version, 1);
    const versions = (await secrets.send(new DescribeSecretCommand({ SecretId: 'e2e/db' }))).VersionIdsToStages ?? {};
    assert.equal(Object.keys(versions).length, 1, 'the generated password was not generated again');
  });

  test('tags, rotation, a description and a secret value are updated in place', async () => {
    const keyId = physical(first, 'Key');
    const report = await apply('--parameter', 'Team=web', '--parameter', 'KeyRotation=false', '--parameter', 'KeyDescription=renamed', '--parameter', 'ApiToken=token-CANARY-4567');
    const changed = report.changes.filter((c) => c.action !== 'unchanged').map((c) => [c.action, c.logicalId, c.detail]);
    assert.deepEqual(changed, [
      ['update', 'Key', 'Description, EnableKeyRotation, Tags'],
      ['update', 'HostParameter', 'Tags'],
      ['update', 'TokenSecret', 'SecretString, Tags'],
      ['update', 'Reader', 'Tags'],
      ['update', 'TaskRole', 'Tags'],
    ]);
    assert.equal((await kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata?.Description, 'renamed');
    assert.equal((await kms.send(new GetKeyRotationStatusCommand({ KeyId: keyId }))).KeyRotationEnabled, false);
    assert.deepEqual((await kms.send(new ListResourceTagsCommand({ KeyId: keyId }))).Tags, [{ TagKey: 'team', TagValue: 'web' }]);
    assert.deepEqual((await ssm.send(new ListTagsForResourceCommand({ ResourceType: 'Parameter', ResourceId: '/e2e/db/host' }))).TagList, [{ Key: 'team', Value: 'web' }]);
    assert.equal((await ssm.send(new GetParameterCommand({ Name: '/e2e/db/host' }))).Parameter?.Version, 1, 'a tag is not a new version');
    assert.equal((await secrets.send(new GetSecretValueCommand({ SecretId: physical(first, 'TokenSecret') }))).SecretString, 'token-CANARY-4567');
    assert.deepEqual((await secrets.send(new DescribeSecretCommand({ SecretId: physical(first, 'TokenSecret') }))).Tags, [{ Key: 'team', Value: 'web' }]);
    assert.deepEqual((await iam.send(new GetRoleCommand({ RoleName: physical(first, 'TaskRole') }))).Role?.Tags, [{ Key: 'team', Value: 'web' }]);
    assert.deepEqual((await iam.send(new GetUserCommand({ UserName: 'e2e-reader' }))).User?.Tags, [{ Key: 'team', Value: 'web' }]);
    const again = await apply('--parameter', 'Team=web', '--parameter', 'KeyRotation=false', '--parameter', 'KeyDescription=renamed', '--parameter', 'ApiToken=token-CANARY-4567');
    assert.equal(again.noChanges, true);
  });

  test('a changed policy is updated in place; a changed parameter name replaces the parameter', async () => {
    const roleId = (await iam.send(new GetRoleCommand({ RoleName: physical(first, 'TaskRole') }))).Role?.RoleId;
    const report = await apply('--parameter', 'ReadAction=ssm:GetParameter*', '--parameter', 'HostParameterName=/e2e/db/hostname');
    const changed = report.changes.filter((c) => c.action !== 'unchanged').map((c) => [c.action, c.logicalId, c.detail]);
    assert.deepEqual(changed, [
      ['update', 'Key', 'Description, EnableKeyRotation, Tags'],
      ['replace', 'HostParameter', 'Name; replaces /e2e/db/host'],
      ['update', 'TokenSecret', 'SecretString, Tags'],
      ['update', 'Reader', 'Tags'],
      ['update', 'TaskRole', 'Tags'],
      ['update', 'ReadManagedPolicy', 'PolicyDocument'],
      ['update', 'TaskPolicy', 'PolicyDocument'],
      ['delete', 'HostParameter', 'replaced'],
    ]);
    const managed = (await iam.send(new ListPoliciesCommand({ Scope: 'Local' }))).Policies![0]!;
    assert.equal(managed.DefaultVersionId, 'v2', 'a new default version of the managed policy');
    assert.equal((await secrets.send(new GetSecretValueCommand({ SecretId: physical(first, 'TokenSecret') }))).SecretString, 'token-CANARY-0123', 'back to the default');
    const role = (await iam.send(new GetRoleCommand({ RoleName: physical(first, 'TaskRole') }))).Role!;
    assert.equal(role.RoleId, roleId, 'the same role');
    const readApp = JSON.parse(decodeURIComponent((await iam.send(new GetRolePolicyCommand({ RoleName: role.RoleName, PolicyName: 'read-app' }))).PolicyDocument!));
    assert.equal(readApp.Statement[0].Action, 'ssm:GetParameter*');
    await assert.rejects(ssm.send(new GetParameterCommand({ Name: '/e2e/db/host' })), { name: 'ParameterNotFound' });
    assert.equal((await ssm.send(new GetParameterCommand({ Name: '/e2e/db/hostname' }))).Parameter?.Value, 'db.internal');
    const td = JSON.parse(readFileSync(report.taskDefinitions[0]!.path, 'utf8'));
    assert.equal(td.containerDefinitions[0].secrets[1].valueFrom, `arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/e2e/db/hostname`);
  });

  test('--delete removes exactly what the stack created: every resource type is empty again', async () => {
    const out = await kuraCli(kura, ['apply', '--delete', '--stack-name', 'e2e']);
    assert.equal(out.code, 0, out.stderr);
    assert.match(out.stdout, /^Deleted stack e2e\n/);
    assert.doesNotMatch(out.stdout, /\(replaced\)/);
    assert.match(out.stdout, /\n14 deleted\.\n$/);
    assert.deepEqual((await ssm.send(new DescribeParametersCommand({}))).Parameters, [], 'no parameter left, the record included');
    assert.deepEqual((await secrets.send(new ListSecretsCommand({}))).SecretList, []);
    assert.deepEqual((await iam.send(new ListRolesCommand({}))).Roles, []);
    assert.deepEqual((await iam.send(new ListUsersCommand({}))).Users?.map((u) => u.UserName), ['admin']);
    assert.deepEqual((await iam.send(new ListGroupsCommand({}))).Groups, []);
    assert.deepEqual((await iam.send(new ListPoliciesCommand({ Scope: 'Local' }))).Policies, []);
    assert.deepEqual((await kms.send(new ListAliasesCommand({}))).Aliases?.filter((a) => !a.AliasName?.startsWith('alias/aws/')), []);
    // A KMS key is never deleted at once: AWS and Kura schedule its deletion (30 days by default).
    const keys = (await kms.send(new ListKeysCommand({}))).Keys ?? [];
    const states = await Promise.all(keys.map(async (k) => (await kms.send(new DescribeKeyCommand({ KeyId: k.KeyId }))).KeyMetadata!));
    assert.deepEqual(
      states.filter((k) => k.KeyManager === 'CUSTOMER').map((k) => k.KeyState),
      ['PendingDeletion'],
    );
    const again = await kuraCli(kura, ['apply', '--delete', '--stack-name', 'e2e']);
    assert.deepEqual([again.code, again.stderr], [1, 'kura apply: no stack named e2e on this server (nothing recorded at /kura/stacks/e2e)\n']);
  });
});
