import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decide, planStack, recordable, resolveProperties } from './plan.js';
import type { RecordedResource, StackRecord } from './record.js';
import { iamRole } from './resources/iam-role.js';
import { HANDLERS } from './resources/index.js';
import { secret } from './resources/secret.js';
import { ssmParameter } from './resources/ssm-parameter.js';
import { SECRET_MARK, type HandlerContext, type Props, type ResourceHandler } from './resources/types.js';
import { makeScope } from './scope.js';
import { ENV, errorOf, testScope } from './testing/scope.js';
import { readTemplate } from './template.js';
import { Unknown, type Value } from './values.js';

const ctx = { logicalId: 'X', env: ENV } as unknown as HandlerContext;
const TRUST = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }] };

function recorded(handler: ResourceHandler, properties: Props, physicalId = 'phys'): RecordedResource {
  return { type: handler.type, physicalId, attributes: { Ref: physicalId }, properties, dependsOn: [], deletionPolicy: 'Delete', updateReplacePolicy: 'Delete' };
}

describe('deciding what to do with a resource', () => {
  it('creates what the record lacks and leaves alone what did not change', async () => {
    const props = { AssumeRolePolicyDocument: TRUST };
    assert.deepEqual(await decide('Role', iamRole, props, undefined, ctx), { action: 'create', changed: [] });
    assert.deepEqual(await decide('Role', iamRole, props, recorded(iamRole, { AssumeRolePolicyDocument: TRUST }), ctx), { action: 'unchanged', changed: [] });
  });

  it('compares documents whatever their key order', async () => {
    const reordered = { Statement: [{ Action: 'sts:AssumeRole', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Effect: 'Allow' }], Version: '2012-10-17' };
    assert.equal((await decide('Role', iamRole, { AssumeRolePolicyDocument: reordered }, recorded(iamRole, { AssumeRolePolicyDocument: TRUST }), ctx)).action, 'unchanged');
  });

  it('updates in place what can change in place', async () => {
    const before = recorded(iamRole, { AssumeRolePolicyDocument: TRUST, Policies: [{ PolicyName: 'p', PolicyDocument: { Statement: [] } }] });
    const after = { AssumeRolePolicyDocument: TRUST, Policies: [{ PolicyName: 'p', PolicyDocument: { Statement: [{ Effect: 'Allow' }] } }], Tags: [{ Key: 'k', Value: 'v' }] };
    assert.deepEqual(await decide('Role', iamRole, after, before, ctx), { action: 'update', changed: ['Policies', 'Tags'] });
  });

  it('replaces when a property requiring replacement changes', async () => {
    assert.deepEqual(await decide('P', ssmParameter, { Name: '/b', Type: 'String', Value: 'v' }, recorded(ssmParameter, { Name: '/a', Type: 'String', Value: 'v' }), ctx), {
      action: 'replace',
      changed: ['Name'],
    });
    assert.deepEqual(await decide('Role', iamRole, { AssumeRolePolicyDocument: TRUST, Path: '/new/' }, recorded(iamRole, { AssumeRolePolicyDocument: TRUST }), ctx), {
      action: 'replace',
      changed: ['Path'],
    });
  });

  it('refuses to replace a resource whose explicit name stays, as CloudFormation does', async () => {
    const before = recorded(iamRole, { AssumeRolePolicyDocument: TRUST, RoleName: 'app' });
    await assert.rejects(decide('Role', iamRole, { AssumeRolePolicyDocument: TRUST, RoleName: 'app', Path: '/new/' }, before, ctx), {
      message:
        'Resources.Role: CloudFormation cannot update a stack when a custom-named resource requires replacing. Rename app and update the stack again. (Path changed, which replaces the AWS::IAM::Role)',
    });
  });

  it('a value known only after apply counts as changed', async () => {
    const before = recorded(iamRole, { AssumeRolePolicyDocument: TRUST, ManagedPolicyArns: ['arn:old'] });
    assert.equal((await decide('Role', iamRole, { AssumeRolePolicyDocument: TRUST, ManagedPolicyArns: [new Unknown('Policy')] }, before, ctx)).action, 'update');
    assert.equal((await decide('Role', iamRole, { AssumeRolePolicyDocument: TRUST, Path: new Unknown('X') }, before, ctx)).action, 'replace');
  });

  it('asks the live secret whether a SecretString changed, and records only a mark', async () => {
    const live = (differs: boolean): ResourceHandler => ({ ...secret, secretChanged: async () => differs });
    const before = recorded(secret, { SecretString: SECRET_MARK });
    assert.equal((await decide('S', live(false), { SecretString: 'same' }, before, ctx)).action, 'unchanged');
    assert.deepEqual(await decide('S', live(true), { SecretString: 'new' }, before, ctx), { action: 'update', changed: ['SecretString'] });
    assert.deepEqual(recordable({ Name: 'app/db', SecretString: 'hunter2' }, secret), { Name: 'app/db', SecretString: SECRET_MARK });
  });
});

describe('resolving a resource against its handler', () => {
  it('names an unknown or missing property', () => {
    const { template, scope } = testScope({ Resources: { P: { Type: 'AWS::SSM::Parameter', Properties: { Type: 'String', Valeu: 'x' } } } });
    assert.match(errorOf(() => resolveProperties(template.resources.get('P')!, ssmParameter, scope)), /^Resources\.P\.Properties\.Valeu: an AWS::SSM::Parameter has no property Valeu that kura apply knows/);
    const { template: t2, scope: s2 } = testScope({ Resources: { P: { Type: 'AWS::SSM::Parameter', Properties: { Type: 'String' } } } });
    assert.equal(errorOf(() => resolveProperties(t2.resources.get('P')!, ssmParameter, s2)), 'Resources.P.Properties.Value: is required by AWS::SSM::Parameter');
  });

  it("refuses what Kura cannot do, with the handler's reason", () => {
    const { template, scope } = testScope({ Resources: { P: { Type: 'AWS::SSM::Parameter', Properties: { Type: 'SecureString', Value: 'x' } } } });
    assert.match(errorOf(() => resolveProperties(template.resources.get('P')!, ssmParameter, scope)), /^Resources\.P\.Properties\.Type: CloudFormation cannot create a SecureString parameter/);
  });
});

describe('planning a stack', () => {
  const template = readTemplate({
    Parameters: { Env: { Type: 'String', Default: 'dev' } },
    Conditions: { IsProd: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] } },
    Resources: {
      Policy: { Type: 'AWS::IAM::Policy', Properties: { PolicyName: 'p', Roles: [{ Ref: 'Role' }], PolicyDocument: { Statement: [{ Resource: { 'Fn::GetAtt': ['Key', 'Arn'] } }] } } },
      Role: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: TRUST } },
      Key: { Type: 'AWS::KMS::Key', Properties: {} },
      Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } },
      ProdOnly: { Type: 'AWS::SSM::Parameter', Condition: 'IsProd', Properties: { Type: 'String', Value: 'x' } },
    },
  });

  async function plan(record: StackRecord | undefined) {
    const planned = new Map<string, { [name: string]: Value } | undefined>();
    const parameters = new Map([['Env', { value: 'dev' as Value }]]);
    const scope = makeScope({ template, env: ENV, parameters, attributesOf: (id) => planned.get(id) });
    const result = await planStack({ template, scope, record, planned, context: () => ctx });
    return { result, planned };
  }

  it('orders what it creates, and lists what it skips', async () => {
    const { result, planned } = await plan(undefined);
    assert.deepEqual(
      result.resources.map((r) => [r.logicalId, r.action]),
      [
        ['Role', 'create'],
        ['Key', 'create'],
        ['Policy', 'create'],
      ],
    );
    assert.deepEqual(result.resources.find((r) => r.logicalId === 'Policy')!.dependsOn.sort(), ['Key', 'Role']);
    assert.deepEqual(result.skipped, [
      { logicalId: 'Vpc', type: 'AWS::EC2::VPC', reason: 'not emulated by Kura' },
      { logicalId: 'ProdOnly', type: 'AWS::SSM::Parameter', reason: 'its condition IsProd is false' },
    ]);
    assert.equal(planned.get('Key'), undefined);
  });

  it('uses recorded attributes of unchanged resources, and deletes what the template no longer has', async () => {
    const keyArn = 'arn:aws:kms:eu-west-1:123456789012:key/k1';
    const record: StackRecord = {
      format: 'kura-apply/1',
      stackName: 'app',
      stackId: ENV.stackId,
      pendingDeletion: [],
      resources: {
        Role: { ...recorded(iamRole, { AssumeRolePolicyDocument: TRUST }, 'app-Role-1'), attributes: { Ref: 'app-Role-1', Arn: 'arn:role', RoleId: 'AROA1' } },
        Key: { ...recorded(HANDLERS.get('AWS::KMS::Key')!, {}, 'k1'), attributes: { Ref: 'k1', KeyId: 'k1', Arn: keyArn } },
        Policy: recorded(HANDLERS.get('AWS::IAM::Policy')!, { PolicyName: 'p', Roles: ['app-Role-1'], PolicyDocument: { Statement: [{ Resource: keyArn }] } }, 'app-Polic-1'),
        Old: recorded(ssmParameter, { Type: 'String', Value: 'x' }, 'CFN-Old-1'),
      },
    };
    const { result } = await plan(record);
    assert.deepEqual(
      result.resources.map((r) => [r.logicalId, r.action]),
      [
        ['Role', 'unchanged'],
        ['Key', 'unchanged'],
        ['Policy', 'unchanged'],
      ],
    );
    assert.deepEqual(
      result.removed.map((r) => [r.logicalId, r.physicalId]),
      [['Old', 'CFN-Old-1']],
    );
  });
});

describe('what CDK adds to a template', () => {
  it('Rules are not evaluated, BootstrapVersion is not read, AWS::CDK::Metadata is skipped', async () => {
    const regions = (names: string[]) => ({ 'Fn::Or': names.map((r) => ({ 'Fn::Equals': [{ Ref: 'AWS::Region' }, r] })) });
    const { template, scope } = testScope(
      {
        Parameters: { BootstrapVersion: { Type: 'AWS::SSM::Parameter::Value<String>', Default: '/cdk-bootstrap/hnb659fds/version' } },
        Rules: { CheckBootstrapVersion: { Assertions: [{ Assert: { 'Fn::Not': [{ 'Fn::Contains': [['1', '2', '3', '4', '5'], { Ref: 'BootstrapVersion' }] }] } }] } },
        Conditions: { CDKMetadataAvailable: { 'Fn::Or': [regions(['af-south-1', 'ap-east-1']), regions(['eu-west-1', 'us-east-1'])] } },
        Resources: {
          CDKMetadata: { Type: 'AWS::CDK::Metadata', Properties: { Analytics: 'v2:deflate64:H4sI' }, Metadata: { 'aws:cdk:path': 'App/CDKMetadata/Default' }, Condition: 'CDKMetadataAvailable' },
          Param: { Type: 'AWS::SSM::Parameter', Properties: { Type: 'String', Value: 'v' }, Metadata: { 'aws:cdk:path': 'App/Param/Resource' } },
        },
      },
      { parameters: { BootstrapVersion: { problem: 'names the SSM parameter /cdk-bootstrap/hnb659fds/version, which does not exist on the server' } } },
    );
    const result = await planStack({ template, scope, record: undefined, planned: new Map(), context: () => ctx });
    assert.deepEqual(result.resources.map((r) => [r.logicalId, r.action]), [['Param', 'create']]);
    assert.deepEqual(result.skipped, [{ logicalId: 'CDKMetadata', type: 'AWS::CDK::Metadata', reason: 'not emulated by Kura' }]);
    assert.equal(
      errorOf(() => resolveProperties(readTemplate({ Resources: { P: { Type: 'AWS::SSM::Parameter', Properties: { Type: 'String', Value: { Ref: 'BootstrapVersion' } } } } }).resources.get('P')!, ssmParameter, scope)),
      'Resources.P.Properties.Value: parameter BootstrapVersion names the SSM parameter /cdk-bootstrap/hnb659fds/version, which does not exist on the server',
    );
  });
});
