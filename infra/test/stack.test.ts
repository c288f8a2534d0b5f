// The reference design's resources, property by property where security or operation depends on it:
// the key and its rotation, the parameters, the image repository, the log group, the task definition
// (compared with examples/posts-api/task-definition.json, which the posts API's own tests run), the
// service's two tasks in two zones, and the load balancer's health check.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { Match } from 'aws-cdk-lib/assertions';
import { environment, resolve } from './testing/resolve.js';
import { only, repoRoot, resourcesOf, synthesize } from './testing/synth.js';

interface Container {
  Name: string;
  Image: unknown;
  EntryPoint: string[];
  Command: string[];
  [field: string]: unknown;
}

const example = (file: string) =>
  JSON.parse(readFileSync(path.join(repoRoot, 'examples/posts-api', file), 'utf8')) as { containerDefinitions: Array<Record<string, unknown>> } & Record<string, unknown>;
const dockerfile = readFileSync(path.join(repoRoot, 'examples/posts-api/Dockerfile'), 'utf8');

/** The example's container definition, in CloudFormation's spelling (HealthCheck, not healthCheck). */
function pascal(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(pascal);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k === 'options' ? 'Options' : k[0]!.toUpperCase() + k.slice(1), k === 'options' ? v : pascal(v)]));
}

describe('the reference design (KuraPostsApi)', () => {
  const { parameters: template, json } = synthesize();
  const definition = only(json.parameters, 'AWS::ECS::TaskDefinition').properties;
  const container = (definition.ContainerDefinitions as Container[])[0]!;

  test('a customer managed key with yearly rotation, an alias, kept when the stack goes', () => {
    template.hasResource('AWS::KMS::Key', { Properties: Match.objectLike({ EnableKeyRotation: true }), DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    template.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/posts-api' });
  });

  test("the blog post's four String parameters under /goecssample/database/sample/master, from the template's parameters", () => {
    const names = resourcesOf(json.parameters, 'AWS::SSM::Parameter').map((p) => [p.properties.Name, p.properties.Type, p.properties.Value]);
    assert.deepEqual(names.sort(), [
      ['/goecssample/database/sample/master/host', 'String', { Ref: 'DbHost' }],
      ['/goecssample/database/sample/master/name', 'String', { Ref: 'DbName' }],
      ['/goecssample/database/sample/master/port', 'String', { Ref: 'DbPort' }],
      ['/goecssample/database/sample/master/user', 'String', { Ref: 'DbUser' }],
    ]);
    // The password is a SecureString, which CloudFormation cannot create: scripts/put-db-password.sh puts it.
    assert.equal(resourcesOf(json.parameters, 'AWS::SSM::Parameter').filter((p) => String(p.properties.Name).endsWith('/password')).length, 0);
  });

  test('a named ECR repository with immutable tags and scan on push, and a named log group with retention, both kept', () => {
    template.hasResource('AWS::ECR::Repository', {
      Properties: Match.objectLike({ RepositoryName: 'posts-api', ImageTagMutability: 'IMMUTABLE', ImageScanningConfiguration: { ScanOnPush: true } }),
      DeletionPolicy: 'Retain',
    });
    template.hasResource('AWS::Logs::LogGroup', { Properties: { LogGroupName: '/ecs/posts-api', RetentionInDays: 30 }, DeletionPolicy: 'Retain' });
    // Every log group has a retention (the VPC's flow logs too).
    for (const group of resourcesOf(json.parameters, 'AWS::Logs::LogGroup')) assert.equal(typeof group.properties.RetentionInDays, 'number', group.id);
  });

  test('the task definition is examples/posts-api/task-definition.json, with the image, roles and log region filled in', () => {
    const reference = example('task-definition.json');
    for (const field of ['family', 'networkMode', 'requiresCompatibilities', 'cpu', 'memory', 'runtimePlatform']) {
      assert.deepEqual(definition[field[0]!.toUpperCase() + field.slice(1)], pascal(reference[field]), field);
    }
    const expected = pascal(reference.containerDefinitions[0]) as Record<string, unknown>;
    const env = environment('ap-northeast-1', '123456789012');
    const actual = resolve(container, env) as Record<string, unknown>;
    for (const [field, value] of Object.entries(expected)) {
      if (field === 'Image') assert.equal(actual.Image, '123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/posts-api:v1');
      else assert.deepEqual(actual[field], value, field);
    }
    // Only what the example leaves to the image: its ENTRYPOINT and CMD, written out for kura run-task.
    assert.deepEqual(Object.keys(actual).filter((k) => !(k in expected)).sort(), ['Command', 'EntryPoint']);
  });

  test("entryPoint and command are the image's own ENTRYPOINT and CMD", () => {
    assert.deepEqual(container.EntryPoint, JSON.parse(/^ENTRYPOINT (\[.*\])$/m.exec(dockerfile)![1]!));
    assert.deepEqual(container.Command, JSON.parse(/^CMD (\[.*\])$/m.exec(dockerfile)![1]!));
  });

  test('the task role and execution role are the stack\'s own, and the image tag comes from context', () => {
    assert.deepEqual(Object.keys(definition.TaskRoleArn as object), ['Fn::GetAtt']);
    assert.deepEqual(Object.keys(definition.ExecutionRoleArn as object), ['Fn::GetAtt']);
    const tagged = synthesize({ imageTag: 'git-1a2b3c4' }).json.parameters;
    const image = resolve((only(tagged, 'AWS::ECS::TaskDefinition').properties.ContainerDefinitions as Container[])[0]!.Image, environment('us-east-1'));
    assert.equal(image, '111111111111.dkr.ecr.us-east-1.amazonaws.com/posts-api:git-1a2b3c4');
  });

  test('two Fargate tasks in two availability zones, rolled back when a deployment fails', () => {
    const service = only(json.parameters, 'AWS::ECS::Service').properties as {
      DesiredCount: number;
      LaunchType: string;
      AvailabilityZoneRebalancing: string;
      DeploymentConfiguration: unknown;
      NetworkConfiguration: { AwsvpcConfiguration: { Subnets: Array<{ Ref: string }>; AssignPublicIp: string } };
    };
    assert.equal(service.DesiredCount, 2);
    assert.equal(service.LaunchType, 'FARGATE');
    assert.equal(service.AvailabilityZoneRebalancing, 'ENABLED');
    assert.deepEqual(service.DeploymentConfiguration, { DeploymentCircuitBreaker: { Enable: true, Rollback: true }, MaximumPercent: 200, MinimumHealthyPercent: 100 });
    const subnets = service.NetworkConfiguration.AwsvpcConfiguration.Subnets.map((s) => s.Ref);
    assert.equal(subnets.length, 2);
    const resources = json.parameters.Resources as Record<string, { Properties: { AvailabilityZone: unknown } }>;
    const zones = subnets.map((id) => resources[id]!.Properties.AvailabilityZone);
    assert.deepEqual(zones, [{ 'Fn::Select': [0, { 'Fn::GetAZs': '' }] }, { 'Fn::Select': [1, { 'Fn::GetAZs': '' }] }]);
    assert.equal(service.NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp, 'ENABLED');
    // The first deploy's `-c desiredCount=0` (README: before the image and the password exist).
    synthesize({ desiredCount: '0' }).parameters.hasResourceProperties('AWS::ECS::Service', { DesiredCount: 0 });
  });

  test('an internet-facing ALB whose target group checks /.healthcheck on the container port', () => {
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      Scheme: 'internet-facing',
      LoadBalancerAttributes: Match.arrayWith([{ Key: 'routing.http.drop_invalid_header_fields.enabled', Value: 'true' }]),
    });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      HealthCheckPath: '/.healthcheck',
      Matcher: { HttpCode: '200' },
      Port: 80,
      Protocol: 'HTTP',
      TargetType: 'ip',
    });
    template.hasResourceProperties('AWS::ECS::Service', { LoadBalancers: [Match.objectLike({ ContainerName: 'posts-api', ContainerPort: 80 })] });
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::Listener', 1);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { Port: 80, Protocol: 'HTTP' });
  });

  test('with a certificate: HTTPS on 443 with a TLS 1.3 policy, and 80 redirects to it', () => {
    const https = synthesize({ certificateArn: 'arn:aws:acm:ap-northeast-1:111111111111:certificate/0a1b2c3d-1111-2222-3333-444455556666' }).parameters;
    https.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { Port: 443, Protocol: 'HTTPS', SslPolicy: Match.stringLikeRegexp('TLS13') });
    https.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 80,
      DefaultActions: [Match.objectLike({ Type: 'redirect', RedirectConfig: Match.objectLike({ Protocol: 'HTTPS', Port: '443' }) })],
    });
  });
});
