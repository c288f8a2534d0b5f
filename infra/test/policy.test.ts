// The roles' policies are exactly what `kura policy` prints: the synthesized documents, evaluated for
// an account and region, compared whole (every statement, action, resource and condition) with the
// built kura bin's output and with the pure function behind it. A statement added on either side, a
// widened resource or a dropped condition fails here.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { policyName, readPolicy, trustPolicy } from '../../packages/kura/src/manage/policy.js';
import { environment, resolve } from './testing/resolve.js';
import { only, repoRoot, resourcesOf, synthesize } from './testing/synth.js';

const PATH = '/goecssample/database/sample/master';
const SECRET = 'goecssample/db';
const kuraBin = path.join(repoRoot, 'packages/kura/bin/kura.js');
const built = existsSync(path.join(repoRoot, 'packages/kura/dist/kura.js'));
const home = mkdtempSync(path.join(tmpdir(), 'kura-infra-home-'));
after(() => rmSync(home, { recursive: true, force: true }));

interface InlinePolicy {
  PolicyName: string;
  PolicyDocument: unknown;
}
interface RoleProperties {
  AssumeRolePolicyDocument: unknown;
  Policies?: InlinePolicy[];
  ManagedPolicyArns?: unknown;
}

const keyArn = (region: string) => `arn:${environment(region).partition}:kms:${region}:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

/** The template's values for one account and region; the stack's key is keyArn(region). */
function evaluate(template: Record<string, unknown>, value: unknown, region: string): unknown {
  const keyId = only(template, 'AWS::KMS::Key').id;
  return resolve(value, { ...environment(region), attributes: { [`${keyId}.Arn`]: keyArn(region) } });
}

/** `kura policy … --role-name R --output json`, offline: a key ARN and --account-id need no AWS call. */
function kuraPolicy(args: string[], region: string): { AssumeRolePolicyDocument: unknown; PolicyName: string; PolicyDocument: unknown } {
  const out = execFileSync(process.execPath, [kuraBin, 'policy', ...args, '--account-id', '111111111111', '--region', region, '--role-name', 'posts-api', '--output', 'json'], {
    env: { PATH: process.env.PATH ?? '', HOME: home },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 30_000,
  });
  return JSON.parse(out) as { AssumeRolePolicyDocument: unknown; PolicyName: string; PolicyDocument: unknown };
}

/** The roles that name `roleId` in an AWS::IAM::Policy or ManagedPolicy (policies attached from outside the role). */
function attachedPolicies(template: Record<string, unknown>, roleId: string): string[] {
  return [...resourcesOf(template, 'AWS::IAM::Policy'), ...resourcesOf(template, 'AWS::IAM::ManagedPolicy')]
    .filter((p) => JSON.stringify(p.properties.Roles ?? []).includes(`"${roleId}"`))
    .map((p) => p.id);
}

function taskRole(template: Record<string, unknown>): { id: string; properties: RoleProperties } {
  const definition = only(template, 'AWS::ECS::TaskDefinition').properties as { TaskRoleArn: { 'Fn::GetAtt': [string, string] } };
  const id = definition.TaskRoleArn['Fn::GetAtt'][0];
  return { id, properties: (template.Resources as Record<string, { Properties: RoleProperties }>)[id]!.Properties };
}

function executionRole(template: Record<string, unknown>): { id: string; properties: RoleProperties } {
  const definition = only(template, 'AWS::ECS::TaskDefinition').properties as { ExecutionRoleArn: { 'Fn::GetAtt': [string, string] } };
  const id = definition.ExecutionRoleArn['Fn::GetAtt'][0];
  return { id, properties: (template.Resources as Record<string, { Properties: RoleProperties }>)[id]!.Properties };
}

describe('the task role of the reference design', () => {
  const { json } = synthesize();
  const role = taskRole(json.parameters);

  test('has one inline policy, and no policy attached from outside', () => {
    assert.equal(role.properties.Policies?.length, 1);
    assert.equal(role.properties.ManagedPolicyArns, undefined);
    assert.deepEqual(attachedPolicies(json.parameters, role.id), []);
  });

  test('allows no wildcard action, and nothing but reads of the path and Decrypt', () => {
    const document = role.properties.Policies![0]!.PolicyDocument as { Statement: Array<{ Effect: string; Action: string | string[] }> };
    const actions = document.Statement.flatMap((s) => [s.Action].flat());
    for (const action of actions) assert.doesNotMatch(action, /\*/, `wildcard action ${action}`);
    assert.deepEqual(actions.sort(), ['kms:Decrypt', 'ssm:GetParameter', 'ssm:GetParameters', 'ssm:GetParametersByPath']);
    assert.ok(document.Statement.every((s) => s.Effect === 'Allow'));
  });

  for (const region of ['ap-northeast-1', 'us-east-1', 'cn-north-1']) {
    test(`equals kura's readPolicy for ${region} (the pure function)`, () => {
      const expected = readPolicy({ path: PATH, region, accountId: '111111111111', keyArn: keyArn(region) });
      const [inline] = role.properties.Policies!;
      assert.equal(inline!.PolicyName, policyName(PATH));
      assert.deepEqual(evaluate(json.parameters, inline!.PolicyDocument, region), expected);
      assert.deepEqual(role.properties.AssumeRolePolicyDocument, trustPolicy('ecs-tasks.amazonaws.com'));
    });

    test(`equals what the built \`kura policy\` prints for ${region}`, { skip: built ? false : 'packages/kura is not built (npm run build)' }, () => {
      const printed = kuraPolicy(['--path', PATH, '--key', keyArn(region)], region);
      const [inline] = role.properties.Policies!;
      assert.equal(inline!.PolicyName, printed.PolicyName);
      assert.deepEqual(evaluate(json.parameters, inline!.PolicyDocument, region), printed.PolicyDocument);
      assert.deepEqual(role.properties.AssumeRolePolicyDocument, printed.AssumeRolePolicyDocument);
    });
  }
});

describe('the execution role of the Secrets Manager variant', () => {
  const { json } = synthesize();
  const role = executionRole(json.secretsmanager);

  test("reads the secret with exactly `kura policy --secret`'s statements", { skip: built ? false : 'packages/kura is not built (npm run build)' }, () => {
    const region = 'ap-northeast-1';
    const printed = kuraPolicy(['--secret', SECRET, '--secret-key', keyArn(region)], region);
    const inline = role.properties.Policies?.find((p) => p.PolicyName === printed.PolicyName);
    assert.ok(inline, `no inline policy ${printed.PolicyName}`);
    assert.deepEqual(evaluate(json.secretsmanager, inline.PolicyDocument, region), printed.PolicyDocument);
    assert.deepEqual(role.properties.AssumeRolePolicyDocument, printed.AssumeRolePolicyDocument);
  });

  test('equals readPolicy for the secret (the pure function)', () => {
    const region = 'us-east-1';
    const expected = readPolicy({ region, accountId: '111111111111', secrets: [SECRET], secretKeyArn: keyArn(region) });
    const inline = role.properties.Policies?.find((p) => p.PolicyName === policyName(undefined));
    assert.deepEqual(evaluate(json.secretsmanager, inline?.PolicyDocument, region), expected);
  });

  test('and nothing else reads a secret: the CDK grant ecs.Secret would add is dropped', () => {
    const statements = resourcesOf(json.secretsmanager, 'AWS::IAM::Policy').flatMap(
      (p) => (p.properties.PolicyDocument as { Statement: Array<{ Action: string | string[] }> }).Statement,
    );
    const actions = statements.flatMap((s) => [s.Action].flat());
    assert.deepEqual(actions.filter((a) => /^(secretsmanager|kms):/.test(a)), []);
  });

  test('the task role of this variant has no permissions at all (the app calls no AWS API)', () => {
    const task = taskRole(json.secretsmanager);
    assert.equal(task.properties.Policies, undefined);
    assert.equal(task.properties.ManagedPolicyArns, undefined);
    assert.deepEqual(attachedPolicies(json.secretsmanager, task.id), []);
  });
});
