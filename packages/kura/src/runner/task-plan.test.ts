import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { formatJson, formatText } from './events.js';
import { planTask } from './task-plan.js';
import { secretRegion, describeSdkError } from './secrets.js';

const dir = mkdtempSync(path.join(tmpdir(), 'kura-plan-'));
const file = path.join(dir, 'task.json');
writeFileSync(
  file,
  JSON.stringify({
    family: 'posts',
    containerDefinitions: [
      { name: 'web', image: 'posts-api', entryPoint: ['/entrypoint.sh'], command: ['serve'], workingDirectory: '/nonexistent/app', dependsOn: [{ containerName: 'db', condition: 'HEALTHY' }] },
      { name: 'db', image: 'mysql:8', essential: false, healthCheck: { command: ['CMD-SHELL', 'mysqladmin ping'] } },
    ],
  }),
);
const plan = (extra: Partial<Parameters<typeof planTask>[0]> = {}) => planTask({ taskDefinitionPath: file, select: [], containerCommands: [], cwd: dir, ...extra });

describe('planTask', () => {
  it('runs every container by default, each as entryPoint + command', () => {
    assert.throws(() => plan(), /container 'db' has no entryPoint or command, and Kura does not run its image \(mysql:8\)/);
    const p = plan({ containerCommands: ['db=sleep 60'] });
    assert.deepEqual(p.containers.map((c) => [c.definition.name, c.argv]), [['web', ['/entrypoint.sh', 'serve']], ['db', ['sleep', '60']]]);
    assert.deepEqual(p.containers[0]?.dependsOn, [{ containerName: 'db', condition: 'HEALTHY' }]);
  });

  it('with --container, runs only those and drops dependencies on the others, saying so', () => {
    const p = plan({ select: ['web'], command: 'node dist/server.js' });
    assert.deepEqual(p.containers.map((c) => c.argv), [['node', 'dist/server.js']]);
    assert.deepEqual(p.containers[0]?.dependsOn, []);
    assert.ok(p.notes.some((n) => n.includes('dependsOn db (HEALTHY) ignored')));
  });

  it('runs where the user is when the image\'s workingDirectory is not here', () => {
    const p = plan({ select: ['web'] });
    assert.equal(p.containers[0]?.cwd, dir);
    assert.ok(p.notes.some((n) => n.includes('workingDirectory /nonexistent/app does not exist here')));
  });

  it('takes RunTask-style role overrides', () => {
    const p = plan({ select: ['web'], taskRoleArn: 'go-ecs-sample', executionRoleArn: 'arn:aws:iam::1:role/exec' });
    assert.equal(p.definition.taskRoleArn, 'go-ecs-sample');
    assert.equal(p.definition.executionRoleArn, 'arn:aws:iam::1:role/exec');
  });

  it('refuses ambiguous or misspelt overrides', () => {
    assert.throws(() => plan({ command: 'x' }), /--command needs exactly one container/);
    assert.throws(() => plan({ select: ['wbe'] }), /--container: no container named 'wbe' .* \(it has: web, db\)/);
    assert.throws(() => plan({ containerCommands: ['nope=x'] }), /--container-command: no container named 'nope'/);
    assert.throws(() => plan({ taskDefinitionPath: path.join(dir, 'missing.json') }), /cannot read .*missing\.json: ENOENT/);
  });
});

describe('secret sources', () => {
  it('reads the region of a parameter ARN and of a Secrets Manager ARN; refuses other ARNs', () => {
    assert.equal(secretRegion('/app/db/password', 'us-east-1'), 'us-east-1');
    assert.equal(secretRegion('arn:aws:ssm:eu-west-1:123456789012:parameter/app/db:3', 'us-east-1'), 'eu-west-1');
    assert.equal(secretRegion('arn:aws:secretsmanager:eu-west-1:1:secret:db-AbCdEf:password::', 'us-east-1'), 'eu-west-1');
    assert.throws(() => secretRegion('arn:aws:s3:::bucket/key', 'us-east-1'), /ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secrets from ssm: invalid ssm parameters: arn:aws:s3:::bucket\/key/);
  });
  it('prints SDK errors as the ECS agent does', () => {
    const error = Object.assign(new Error('User: x is not authorized'), { name: 'AccessDeniedException', $metadata: { httpStatusCode: 400, requestId: 'r-1' } });
    assert.equal(describeSdkError(error), 'AccessDeniedException: User: x is not authorized status code: 400, request id: r-1');
  });
});

describe('events', () => {
  const stamp = { time: '2030-01-01T00:00:00.000Z', taskArn: 'arn:aws:ecs:us-east-1:1:task/default/abc' };
  it('are one line each, as text or JSON', () => {
    assert.equal(formatText({ ...stamp, type: 'task', lastStatus: 'STOPPED', desiredStatus: 'STOPPED', stopCode: 'UserInitiated', stoppedReason: 'Task stopped by user (SIGINT)', exitCode: 130 }), 'kura run-task: task STOPPED (UserInitiated: Task stopped by user (SIGINT)); exit code 130\n');
    assert.equal(formatText({ ...stamp, type: 'container', name: 'web', lastStatus: 'STOPPED', exitCode: 137 }), 'kura run-task: container web STOPPED (exit code 137)\n');
    const line = formatJson({ ...stamp, type: 'health', name: 'web', healthStatus: 'HEALTHY', taskHealthStatus: 'HEALTHY' });
    assert.deepEqual(JSON.parse(line), { ...stamp, type: 'health', name: 'web', healthStatus: 'HEALTHY', taskHealthStatus: 'HEALTHY' });
    assert.equal(line.split('\n').length, 2);
  });
});
