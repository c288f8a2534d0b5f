import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TaskDefinitionError, parseTaskDefinition } from './task-definition.js';

const container = (extra: Record<string, unknown> = {}) => ({ name: 'app', image: 'posts-api:latest', command: ['node', 'server.js'], ...extra });
const parse = (doc: unknown) => parseTaskDefinition(JSON.stringify(doc), '/defs');
const rejects = (doc: unknown, message: RegExp) => assert.throws(() => parse(doc), (e: unknown) => e instanceof TaskDefinitionError && message.test(e.message));

describe('parseTaskDefinition', () => {
  it('fills in ECS defaults: essential, stopTimeout 30, health check timing', () => {
    const def = parse({ family: 'posts', containerDefinitions: [container({ healthCheck: { command: ['CMD-SHELL', 'curl -f http://localhost/'] } })] });
    const [c] = def.containers;
    assert.equal(def.revision, 1);
    assert.equal(c?.essential, true);
    assert.equal(c?.stopTimeoutSeconds, 30);
    assert.deepEqual(c?.healthCheck, { command: { kind: 'CMD-SHELL', script: 'curl -f http://localhost/' }, intervalSeconds: 30, timeoutSeconds: 5, retries: 3, startPeriodSeconds: 0 });
  });

  it('reads describe-task-definition output ({"taskDefinition": …}) and ignores fields that do not matter locally', () => {
    const def = parse({ taskDefinition: { family: 'posts', revision: 7, status: 'ACTIVE', cpu: '256', networkMode: 'awsvpc', taskRoleArn: 'arn:aws:iam::1:role/t', containerDefinitions: [container({ portMappings: [{ containerPort: 80 }] })] } });
    assert.equal(def.revision, 7);
    assert.equal(def.taskRoleArn, 'arn:aws:iam::1:role/t');
  });

  it('resolves environmentFiles against the task definition folder and refuses S3 ARNs', () => {
    const def = parse({ family: 'f', containerDefinitions: [container({ environmentFiles: [{ value: 'env/app.env', type: 's3' }] })] });
    assert.deepEqual(def.containers[0]?.environmentFiles, ['/defs/env/app.env']);
    rejects({ family: 'f', containerDefinitions: [container({ environmentFiles: [{ value: 'arn:aws:s3:::bucket/app.env', type: 's3' }] })] }, /environmentFiles\[0\]\.value: Kura reads environment files from local paths/);
  });

  it('names the field at fault', () => {
    rejects({ containerDefinitions: [container()] }, /^taskDefinition\.family: is required$/);
    rejects({ family: 'f', containerDefinitions: [] }, /containerDefinitions: is required/);
    rejects({ family: 'f', containerDefinitions: [container({ name: 'my app' })] }, /containerDefinitions\[0\]\.name: up to 255 letters/);
    rejects({ family: 'f', containerDefinitions: [container({ command: 'node server.js' })] }, /containerDefinitions\[0\]\.command: must be a list of strings/);
    rejects({ family: 'f', containerDefinitions: [container({ healthCheck: { command: ['CMD-SHELL', 'true'], interval: 2 } })] }, /containerDefinitions\[0\]\.healthCheck\.interval: must be an integer from 5 to 300 \(got 2\)/);
    rejects({ family: 'f', containerDefinitions: [container({ healthCheck: { command: ['curl', 'x'] } })] }, /healthCheck\.command: must be \["CMD"/);
    rejects({ family: 'f', containerDefinitions: [container({ stopTimeout: 600 })] }, /stopTimeout: must be an integer from 2 to 120/);
    rejects({ family: 'f', containerDefinitions: [container({ secrets: [{ name: 'X' }] })], executionRoleArn: 'r' }, /secrets\[0\]\.valueFrom: is required/);
    rejects('[]', /must be an object/);
    assert.throws(() => parseTaskDefinition('{', '/'), /not valid JSON/);
  });

  it('refuses what RegisterTaskDefinition refuses: no essential container, duplicate names, secrets without an execution role', () => {
    rejects({ family: 'f', containerDefinitions: [container({ essential: false })] }, /does not have any essential container/);
    rejects({ family: 'f', containerDefinitions: [container(), container()] }, /containerDefinitions\[1\]\.name: duplicate container name 'app'/);
    rejects({ family: 'f', containerDefinitions: [container({ secrets: [{ name: 'X', valueFrom: '/x' }] })] }, /executionRoleArn: when you are specifying container secrets/);
  });

  it('checks dependsOn: known containers, no cycles, no COMPLETE/SUCCESS on essential ones, HEALTHY only with a health check', () => {
    const db = (extra: Record<string, unknown> = {}) => container({ name: 'db', essential: false, ...extra });
    rejects({ family: 'f', containerDefinitions: [container({ dependsOn: [{ containerName: 'nope', condition: 'START' }] })] }, /dependsOn\[0\]\.containerName: no container named 'nope'/);
    rejects({ family: 'f', containerDefinitions: [container({ dependsOn: [{ containerName: 'db', condition: 'READY' }] }), db()] }, /condition: must be one of START, COMPLETE, SUCCESS, HEALTHY/);
    rejects({ family: 'f', containerDefinitions: [container({ dependsOn: [{ containerName: 'db', condition: 'SUCCESS' }] }), db({ essential: true })] }, /SUCCESS cannot be set on an essential container \('db'\)/);
    rejects({ family: 'f', containerDefinitions: [container({ dependsOn: [{ containerName: 'db', condition: 'HEALTHY' }] }), db()] }, /HEALTHY needs a healthCheck on 'db'/);
    rejects(
      { family: 'f', containerDefinitions: [container({ dependsOn: [{ containerName: 'db', condition: 'START' }] }), db({ dependsOn: [{ containerName: 'app', condition: 'START' }] })] },
      /dependsOn forms a cycle: app -> db -> app/,
    );
    const ok = parse({ family: 'f', containerDefinitions: [container({ dependsOn: [{ containerName: 'db', condition: 'HEALTHY' }] }), db({ healthCheck: { command: ['CMD', 'true'] } })] });
    assert.deepEqual(ok.containers[0]?.dependsOn, [{ containerName: 'db', condition: 'HEALTHY' }]);
    assert.deepEqual(ok.containers[1]?.healthCheck?.command, { kind: 'CMD', argv: ['true'] });
  });
});
