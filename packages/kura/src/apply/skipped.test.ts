import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { knownSkippedTypes, skippedAttribute } from './skipped.js';
import { ENV, errorOf } from './testing/scope.js';
import { Unknown } from './values.js';

const named = (name: string | undefined) => () => name;

describe('attributes of resources kura apply does not create', () => {
  it('computes what follows from an explicit name, as CloudFormation would', () => {
    const get = (type: string, attribute: string | undefined, name: string) => skippedAttribute('R', type, attribute, 'at', ENV, named(name));
    assert.equal(get('AWS::Logs::LogGroup', undefined, '/ecs/app'), '/ecs/app');
    assert.equal(get('AWS::Logs::LogGroup', 'Arn', '/ecs/app'), 'arn:aws:logs:eu-west-1:123456789012:log-group:/ecs/app:*');
    assert.equal(get('AWS::ECR::Repository', undefined, 'posts'), 'posts');
    assert.equal(get('AWS::ECR::Repository', 'Arn', 'posts'), 'arn:aws:ecr:eu-west-1:123456789012:repository/posts');
    assert.equal(get('AWS::ECR::Repository', 'RepositoryUri', 'posts'), '123456789012.dkr.ecr.eu-west-1.amazonaws.com/posts');
    assert.equal(get('AWS::ECS::Cluster', 'Arn', 'main'), 'arn:aws:ecs:eu-west-1:123456789012:cluster/main');
    assert.equal(get('AWS::S3::Bucket', 'Arn', 'b'), 'arn:aws:s3:::b');
    assert.equal(get('AWS::SNS::Topic', undefined, 't'), 'arn:aws:sns:eu-west-1:123456789012:t');
    assert.equal(get('AWS::SQS::Queue', undefined, 'q'), 'https://sqs.eu-west-1.amazonaws.com/123456789012/q');
    assert.equal(get('AWS::Lambda::Function', 'Arn', 'f'), 'arn:aws:lambda:eu-west-1:123456789012:function:f');
    assert.equal(get('AWS::DynamoDB::Table', 'Arn', 't'), 'arn:aws:dynamodb:eu-west-1:123456789012:table/t');
  });

  it('a name known only after apply keeps the attribute unknown', () => {
    assert.deepEqual(skippedAttribute('R', 'AWS::Logs::LogGroup', 'Arn', 'at', ENV, () => new Unknown('Key')), new Unknown('Key'));
  });

  it('refuses everything else, naming the resource, the attribute and what would work', () => {
    assert.equal(
      errorOf(() => skippedAttribute('Lb', 'AWS::ElasticLoadBalancingV2::LoadBalancer', 'DNSName', 'Resources.T.Properties.P', ENV, named('x'))),
      'Resources.T.Properties.P: Fn::GetAtt Lb.DNSName: Lb is an AWS::ElasticLoadBalancingV2::LoadBalancer, which kura apply does not create, so its DNSName is known only to AWS',
    );
    assert.equal(
      errorOf(() => skippedAttribute('Logs', 'AWS::Logs::LogGroup', 'Foo', 'at', ENV, named('x'))),
      'at: Fn::GetAtt Logs.Foo: Logs is an AWS::Logs::LogGroup, which kura apply does not create, so its Foo is known only to AWS (kura apply computes Ref, Arn of an AWS::Logs::LogGroup with a LogGroupName)',
    );
    assert.equal(
      errorOf(() => skippedAttribute('Repo', 'AWS::ECR::Repository', 'Arn', 'at', ENV, named(undefined))),
      'at: Fn::GetAtt Repo.Arn: Repo is an AWS::ECR::Repository without a RepositoryName: CloudFormation generates its name, so its Arn is known only to AWS; give it a RepositoryName',
    );
  });

  it('lists the types it knows', () => {
    assert.deepEqual(knownSkippedTypes().find((t) => t.type === 'AWS::ECR::Repository'), { type: 'AWS::ECR::Repository', nameProperty: 'RepositoryName', attributes: ['Ref', 'Arn', 'RepositoryUri'] });
  });
});
