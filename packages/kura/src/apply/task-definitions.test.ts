import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { apiShape, taskDefinitions, writeTaskDefinitions } from './task-definitions.js';
import { errorOf, testScope } from './testing/scope.js';

const TEMPLATE = {
  Resources: {
    Role: { Type: 'AWS::IAM::Role', Properties: {} },
    Logs: { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: '/ecs/posts' } },
    Repo: { Type: 'AWS::ECR::Repository', Properties: { RepositoryName: 'posts' } },
    Password: { Type: 'AWS::SecretsManager::Secret', Properties: {} },
    TaskDef: {
      Type: 'AWS::ECS::TaskDefinition',
      Properties: {
        Family: 'posts-api',
        TaskRoleArn: { 'Fn::GetAtt': ['Role', 'Arn'] },
        ExecutionRoleArn: { 'Fn::GetAtt': ['Role', 'Arn'] },
        NetworkMode: 'awsvpc',
        RequiresCompatibilities: ['FARGATE'],
        Cpu: '256',
        Volumes: [{ Name: 'data', EFSVolumeConfiguration: { FilesystemId: 'fs-1' } }],
        ContainerDefinitions: [
          {
            Name: 'app',
            Image: { 'Fn::Sub': '${Repo.RepositoryUri}:latest' },
            Essential: true,
            PortMappings: [{ ContainerPort: 80, Protocol: 'tcp' }],
            Environment: [{ Name: 'PREFIX', Value: 'posts' }],
            Secrets: [{ Name: 'DB_PASSWORD', ValueFrom: { 'Fn::Join': ['', [{ Ref: 'Password' }, ':password::']] } }],
            HealthCheck: { Command: ['CMD-SHELL', 'true'], Interval: 30 },
            DockerLabels: { 'com.example.Team': 'web' },
            LogConfiguration: { LogDriver: 'awslogs', Options: { 'awslogs-group': { Ref: 'Logs' }, 'awslogs-region': { Ref: 'AWS::Region' } } },
          },
        ],
      },
    },
  },
};

const attributes = {
  Role: { Ref: 'app-Role-1', Arn: 'arn:aws:iam::123456789012:role/app-Role-1' },
  Password: { Ref: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:pw-AbCdEf', Id: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:pw-AbCdEf' },
};

describe('task definitions for kura run-task', () => {
  it("turns CloudFormation's names into the API's, keeping the user's own keys", () => {
    assert.deepEqual(apiShape({ ContainerDefinitions: [{ Name: 'a', LogConfiguration: { LogDriver: 'x', Options: { 'Awslogs-Group': 'g' } } }], IPCMode: 'host', PIDMode: 'task' }), {
      containerDefinitions: [{ name: 'a', logConfiguration: { logDriver: 'x', options: { 'Awslogs-Group': 'g' } } }],
      ipcMode: 'host',
      pidMode: 'task',
    });
  });

  it('resolves every token: role ARNs, secret ARNs, the image, the log group', () => {
    const { template, scope } = testScope(TEMPLATE, { attributes });
    const [file] = taskDefinitions(template, scope, 'app');
    assert.equal(file!.family, 'posts-api');
    assert.deepEqual(file!.document, {
      family: 'posts-api',
      taskRoleArn: attributes.Role.Arn,
      executionRoleArn: attributes.Role.Arn,
      networkMode: 'awsvpc',
      requiresCompatibilities: ['FARGATE'],
      cpu: '256',
      volumes: [{ name: 'data', efsVolumeConfiguration: { fileSystemId: 'fs-1' } }],
      containerDefinitions: [
        {
          name: 'app',
          image: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/posts:latest',
          essential: true,
          portMappings: [{ containerPort: 80, protocol: 'tcp' }],
          environment: [{ name: 'PREFIX', value: 'posts' }],
          secrets: [{ name: 'DB_PASSWORD', valueFrom: `${attributes.Password.Ref}:password::` }],
          healthCheck: { command: ['CMD-SHELL', 'true'], interval: 30 },
          dockerLabels: { 'com.example.Team': 'web' },
          logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': '/ecs/posts', 'awslogs-region': 'eu-west-1' } },
        },
      ],
    });
  });

  it('names a task definition without a Family after the stack and logical id', () => {
    const { template, scope } = testScope({ Resources: { Td: { Type: 'AWS::ECS::TaskDefinition', Properties: { ContainerDefinitions: [] } } } });
    assert.equal(taskDefinitions(template, scope, 'app')[0]!.family, 'app-Td');
  });

  it('refuses a value only AWS knows, naming where', () => {
    const { template, scope } = testScope({
      Resources: {
        Lb: { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: {} },
        Td: { Type: 'AWS::ECS::TaskDefinition', Properties: { ContainerDefinitions: [{ Environment: [{ Name: 'URL', Value: { 'Fn::GetAtt': ['Lb', 'DNSName'] } }] }] } },
      },
    });
    assert.match(errorOf(() => taskDefinitions(template, scope, 'app')), /^Resources\.Td\.Properties\.ContainerDefinitions\[0\]\.Environment\[0\]\.Value: Fn::GetAtt Lb\.DNSName: /);
  });

  it('writes <family>.json, and leaves a file with the same text alone', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kura-apply-td-'));
    try {
      const { template, scope } = testScope(TEMPLATE, { attributes });
      const files = taskDefinitions(template, scope, 'app');
      const [first] = await writeTaskDefinitions(files, path.join(dir, 'out'));
      assert.deepEqual(first, { family: 'posts-api', path: path.join(dir, 'out', 'posts-api.json'), written: true });
      assert.deepEqual(JSON.parse(readFileSync(first!.path, 'utf8')), files[0]!.document);
      const mtime = statSync(first!.path).mtimeMs;
      const [again] = await writeTaskDefinitions(files, path.join(dir, 'out'));
      assert.equal(again!.written, false);
      assert.equal(statSync(first!.path).mtimeMs, mtime);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
