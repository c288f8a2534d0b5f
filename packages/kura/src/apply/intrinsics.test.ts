import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resolve } from './intrinsics.js';
import { ENV, errorOf, testScope } from './testing/scope.js';
import { NO_VALUE, Unknown, type Json, type Resolved } from './values.js';

const TEMPLATE = {
  Parameters: {
    Env: { Type: 'String', Default: 'dev' },
    Subnets: { Type: 'CommaDelimitedList', Default: 'a,b' },
  },
  Mappings: { Sizes: { dev: { Memory: '512' }, prod: { Memory: '2048' } } },
  Conditions: { IsProd: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] } },
  Resources: {
    Role: { Type: 'AWS::IAM::Role', Properties: {} },
    Key: { Type: 'AWS::KMS::Key', Properties: {} },
    Logs: { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: { 'Fn::Sub': '/ecs/${Env}' } } },
    Unnamed: { Type: 'AWS::Logs::LogGroup', Properties: {} },
    Alb: { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: {} },
    ProdOnly: { Type: 'AWS::SSM::Parameter', Condition: 'IsProd', Properties: {} },
  },
};

const created = { Role: { Ref: 'app-Role-X', Arn: 'arn:aws:iam::123456789012:role/app-Role-X', RoleId: 'AROAX' } };

function value(expression: Json, attributes: object = created): Resolved {
  const { scope } = testScope(TEMPLATE, { attributes: attributes as never });
  return resolve(expression, 'Resources.T.Properties.P', scope);
}

function failure(expression: Json, attributes: object = created): string {
  return errorOf(() => value(expression, attributes));
}

describe('intrinsic functions', () => {
  it('Ref: parameters, pseudo parameters, created resources, AWS::NoValue', () => {
    assert.equal(value({ Ref: 'Env' }), 'dev');
    assert.deepEqual(value({ Ref: 'Subnets' }), ['a', 'b']);
    assert.equal(value({ Ref: 'AWS::AccountId' }), ENV.accountId);
    assert.equal(value({ Ref: 'AWS::Region' }), 'eu-west-1');
    assert.equal(value({ Ref: 'AWS::StackName' }), 'app');
    assert.equal(value({ Ref: 'AWS::StackId' }), ENV.stackId);
    assert.equal(value({ Ref: 'AWS::Partition' }), 'aws');
    assert.equal(value({ Ref: 'AWS::URLSuffix' }), 'amazonaws.com');
    assert.deepEqual(value({ Ref: 'AWS::NotificationARNs' }), []);
    assert.equal(value({ Ref: 'Role' }), 'app-Role-X');
    assert.equal(value({ Ref: 'AWS::NoValue' }), NO_VALUE);
  });

  it('AWS::NoValue removes a property or a list item', () => {
    assert.deepEqual(value({ A: { Ref: 'AWS::NoValue' }, B: ['x', { Ref: 'AWS::NoValue' }, 'y'] }), { B: ['x', 'y'] });
  });

  it('Fn::GetAtt, both forms, and an attribute named by a Ref', () => {
    assert.equal(value({ 'Fn::GetAtt': ['Role', 'Arn'] }), created.Role.Arn);
    assert.equal(value({ 'Fn::GetAtt': 'Role.RoleId' }), 'AROAX');
    const { scope } = testScope({ ...TEMPLATE, Parameters: { ...TEMPLATE.Parameters, Which: { Type: 'String', Default: 'Arn' } } }, { attributes: created });
    assert.equal(resolve({ 'Fn::GetAtt': ['Role', { Ref: 'Which' }] }, 'x', scope), created.Role.Arn);
  });

  it('a resource not created yet is Unknown, and so is what is made of it', () => {
    assert.deepEqual(value({ 'Fn::GetAtt': ['Key', 'Arn'] }), new Unknown('Key.Arn'));
    assert.deepEqual(value({ Ref: 'Key' }), new Unknown('Key'));
    assert.deepEqual(value({ 'Fn::Join': ['', ['a', { Ref: 'Key' }]] }), new Unknown('Key'));
    assert.deepEqual(value({ 'Fn::Sub': 'key/${Key.Arn}' }), new Unknown('Key.Arn'));
  });

  it('Fn::Sub: pseudo parameters, parameters, resources, attributes, its own variables and ${!Literal}', () => {
    assert.equal(value({ 'Fn::Sub': 'arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/${Env}/*' }), 'arn:aws:ssm:eu-west-1:123456789012:parameter/dev/*');
    assert.equal(value({ 'Fn::Sub': '${Role}|${Role.Arn}' }), `app-Role-X|${created.Role.Arn}`);
    assert.equal(value({ 'Fn::Sub': ['${Name}-${Env}', { Name: { 'Fn::Join': ['-', ['a', 'b']] } }] }), 'a-b-dev');
    assert.equal(value({ 'Fn::Sub': '${!Literal} and ${ Env }' }), '${Literal} and dev');
    assert.equal(value({ 'Fn::Sub': 'no variables, $ and { alone' }), 'no variables, $ and { alone');
  });

  it('Fn::Join, Fn::Select, Fn::Split', () => {
    assert.equal(value({ 'Fn::Join': [':', ['a', 1, true, { Ref: 'Env' }]] }), 'a:1:true:dev');
    assert.equal(value({ 'Fn::Join': [',', { Ref: 'Subnets' }] }), 'a,b');
    assert.equal(value({ 'Fn::Select': ['1', { Ref: 'Subnets' }] }), 'b');
    assert.equal(value({ 'Fn::Select': [0, ['x']] }), 'x');
    assert.deepEqual(value({ 'Fn::Split': [':', 'a:b::c'] }), ['a', 'b', '', 'c']);
    // What CDK writes for an image in a repository of the stack.
    const { scope } = testScope({ ...TEMPLATE, Resources: { ...TEMPLATE.Resources, Repo: { Type: 'AWS::ECR::Repository', Properties: { RepositoryName: 'posts' } } } });
    const arnPart = (n: number) => ({ 'Fn::Select': [n, { 'Fn::Split': [':', { 'Fn::GetAtt': ['Repo', 'Arn'] }] }] });
    const image = { 'Fn::Join': ['', [arnPart(4), '.dkr.ecr.', arnPart(3), '.', { Ref: 'AWS::URLSuffix' }, '/', { Ref: 'Repo' }, ':latest']] };
    assert.equal(resolve(image, 'x', scope), '123456789012.dkr.ecr.eu-west-1.amazonaws.com/posts:latest');
  });

  it('Fn::If with conditions, Fn::FindInMap, Fn::Base64, Fn::GetAZs', () => {
    assert.equal(value({ 'Fn::If': ['IsProd', 'big', 'small'] }), 'small');
    assert.equal(value({ 'Fn::FindInMap': ['Sizes', { Ref: 'Env' }, 'Memory'] }), '512');
    assert.equal(value({ 'Fn::Base64': 'hi' }), 'aGk=');
    assert.deepEqual(value({ 'Fn::GetAZs': '' }), ['eu-west-1a', 'eu-west-1b', 'eu-west-1c']);
    assert.deepEqual(value({ 'Fn::GetAZs': { Ref: 'AWS::Region' } }), ['eu-west-1a', 'eu-west-1b', 'eu-west-1c']);
  });

  it('a resource whose condition is false can be named only in a branch not taken', () => {
    assert.equal(value({ 'Fn::If': ['IsProd', { Ref: 'ProdOnly' }, 'none'] }), 'none');
    assert.equal(failure({ Ref: 'ProdOnly' }), 'Resources.T.Properties.P: Ref ProdOnly: ProdOnly is not created: its condition IsProd is false');
  });

  it('a skipped resource gives what its name determines, and nothing else', () => {
    assert.equal(value({ Ref: 'Logs' }), '/ecs/dev');
    assert.equal(value({ 'Fn::GetAtt': ['Logs', 'Arn'] }), 'arn:aws:logs:eu-west-1:123456789012:log-group:/ecs/dev:*');
    assert.equal(
      failure({ 'Fn::GetAtt': ['Alb', 'DNSName'] }),
      'Resources.T.Properties.P: Fn::GetAtt Alb.DNSName: Alb is an AWS::ElasticLoadBalancingV2::LoadBalancer, which kura apply does not create, so its DNSName is known only to AWS',
    );
    assert.equal(
      failure({ Ref: 'Unnamed' }),
      'Resources.T.Properties.P: Ref Unnamed: Unnamed is an AWS::Logs::LogGroup without a LogGroupName: CloudFormation generates its name, so its Ref is known only to AWS; give it a LogGroupName',
    );
  });

  it('names the resource and property of every mistake', () => {
    const at = 'Resources.T.Properties.P';
    assert.equal(failure({ 'Fn::Frobnicate': 'x' }), `${at}: unknown intrinsic function Fn::Frobnicate`);
    assert.equal(failure({ Nested: [{ 'Fn::Frobnicate': 'x' }] }), `${at}.Nested[0]: unknown intrinsic function Fn::Frobnicate`);
    assert.equal(failure({ Ref: 'Missing' }), `${at}: Ref Missing: no parameter or resource named Missing`);
    assert.equal(failure({ 'Fn::GetAtt': ['Missing', 'Arn'] }), `${at}: Fn::GetAtt Missing.Arn: no resource named Missing`);
    assert.equal(failure({ 'Fn::GetAtt': ['Role', 'Nope'] }), `${at}: Fn::GetAtt Role.Nope: an AWS::IAM::Role has no attribute Nope that kura apply provides (it has Arn, RoleId)`);
    assert.equal(failure({ 'Fn::Sub': '${Missing}' }), `${at}: Fn::Sub \${Missing}: no parameter or resource named Missing`);
    assert.equal(failure({ 'Fn::Sub': '${Subnets}' }), `${at}: Fn::Sub \${Subnets}: expected a string, got a list`);
    assert.equal(failure({ 'Fn::Select': [5, ['a']] }), `${at}: Fn::Select: index 5 is out of range (the list has 1 item)`);
    assert.equal(failure({ 'Fn::Join': [',', 'a'] }), `${at}: Fn::Join: the second item must be a list, not a string`);
    assert.equal(failure({ 'Fn::If': ['Nope', 'a', 'b'] }), `${at}: no condition named Nope in Conditions`);
    assert.equal(failure({ 'Fn::FindInMap': ['Sizes', 'qa', 'Memory'] }), `${at}: Fn::FindInMap: mapping Sizes has no key qa`);
    assert.match(failure({ 'Fn::ImportValue': 'Shared' }), /^Resources\.T\.Properties\.P: Fn::ImportValue reads another stack's exports, and kura apply applies one stack without exports/);
    assert.equal(failure({ 'Fn::Cidr': ['10.0.0.0/16', 2, 8] }), `${at}: Fn::Cidr (subnet arithmetic) is not supported by kura apply`);
    assert.match(failure({ 'Fn::Equals': ['a', 'b'] }), /Fn::Equals is a condition function: it belongs in the Conditions section/);
  });

  it('leaves plain data alone, including IAM conditions and keys that merely look like functions', () => {
    const statement = { Effect: 'Allow', Condition: { StringEquals: { 'kms:ViaService': 'ssm.eu-west-1.amazonaws.com' } }, Ref: 'two keys: not a Ref' };
    assert.deepEqual(value(statement), statement);
  });
});
