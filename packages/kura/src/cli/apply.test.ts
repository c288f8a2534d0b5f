import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { taskDefinitions } from '../apply/task-definitions.js';
import { testScope } from '../apply/testing/scope.js';
import { parseTaskDefinition } from '../runner/task-definition.js';
import { defaultStackName } from './apply.js';

describe('kura apply', () => {
  it("names the stack after the template's file", () => {
    assert.equal(defaultStackName('cdk.out/PostsApi.template.json'), 'PostsApi');
    assert.equal(defaultStackName('/infra/db.yaml'), 'db');
    assert.equal(defaultStackName('stack.template.yml'), 'stack');
    assert.equal(defaultStackName('stack.template'), 'stack');
  });

  it('writes task definitions that kura run-task reads', () => {
    const { template, scope } = testScope(
      {
        Resources: {
          Role: { Type: 'AWS::IAM::Role', Properties: {} },
          Td: {
            Type: 'AWS::ECS::TaskDefinition',
            Properties: {
              Family: 'posts-api',
              TaskRoleArn: { 'Fn::GetAtt': ['Role', 'Arn'] },
              ExecutionRoleArn: { 'Fn::GetAtt': ['Role', 'Arn'] },
              ContainerDefinitions: [
                {
                  Name: 'app',
                  Image: 'posts:latest',
                  Essential: true,
                  Secrets: [{ Name: 'DB_HOST', ValueFrom: 'arn:aws:ssm:eu-west-1:123456789012:parameter/app/db/host' }],
                  HealthCheck: { Command: ['CMD-SHELL', 'true'], Interval: 10, Retries: 2 },
                  DependsOn: [],
                  StopTimeout: 20,
                },
              ],
            },
          },
        },
      },
      { attributes: { Role: { Ref: 'r', Arn: 'arn:aws:iam::123456789012:role/r' } } },
    );
    const [file] = taskDefinitions(template, scope, 'app');
    const parsed = parseTaskDefinition(JSON.stringify(file!.document), '/tmp');
    assert.equal(parsed.family, 'posts-api');
    assert.equal(parsed.taskRoleArn, 'arn:aws:iam::123456789012:role/r');
    assert.deepEqual(parsed.containers[0]!.secrets, [{ name: 'DB_HOST', valueFrom: 'arn:aws:ssm:eu-west-1:123456789012:parameter/app/db/host' }]);
    assert.equal(parsed.containers[0]!.healthCheck?.intervalSeconds, 10);
    assert.equal(parsed.containers[0]!.stopTimeoutSeconds, 20);
  });
});
