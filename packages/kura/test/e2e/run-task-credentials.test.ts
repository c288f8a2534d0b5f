// `kura run-task` against a real `kura serve`: the task role reaches programs written with the AWS
// SDK v3 and with boto3 through the ECS container credentials endpoint (no code change, no static
// keys), `secrets` are resolved as the execution role before start, and a secret that cannot be
// read stops the task with ECS's ResourceInitializationError before the program runs.

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startKura, type RunningKura } from './harness.js';
import { ACCOUNT, DB_PASSWORD, fixtures, result, runTask, setUpRoles, stopped, taskStatuses } from './run-task-kit.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const never = (marker: string) => ['/bin/sh', '-c', `echo ran > ${marker}`];
const markerPath = () => path.join(mkdtempSync(path.join(tmpdir(), 'kura-never-')), 'ran');

describe('kura run-task: task role credentials and secrets', { concurrency: true }, () => {
  let kura: RunningKura;
  before(async () => {
    kura = await startKura({ args: ['--account-id', ACCOUNT] });
    await setUpRoles(kura);
  });
  after(() => kura.stop());

  const taskDefinition = (command: string[], extra: Record<string, unknown> = {}) => ({
    family: 'posts-api',
    taskRoleArn: `arn:aws:iam::${ACCOUNT}:role/task-role`,
    executionRoleArn: 'exec-role',
    containerDefinitions: [
      {
        name: 'app',
        image: 'posts-api:latest',
        command,
        environment: [{ name: 'PLAIN', value: 'from environment' }],
        secrets: [
          { name: 'DB_PASSWORD', valueFrom: `arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/app/db/password` },
          { name: 'GREETING', valueFrom: '/app/greeting:1' },
        ],
        ...extra,
      },
    ],
  });

  test('a program using the AWS SDK v3 default chain acts as the task role, with secrets, env files and no admin keys', async () => {
    const run = runTask(kura, taskDefinition([process.execPath, path.join(fixtures, 'sdk-v3-task.mjs')], { environmentFiles: [{ value: 'app.env', type: 's3' }] }), {
      files: { 'app.env': '# read before start\nFROM_FILE=from env file\nPLAIN=overridden by environment\n' },
    });
    assert.equal(await run.exited, 0, run.stderr());
    const taskArn = String(run.events[0]?.taskArn);
    const taskId = taskArn.split('/').pop() as string;
    assert.match(taskArn, new RegExp(`^arn:aws:ecs:us-east-1:${ACCOUNT}:task/default/[0-9a-f]{32}$`));
    const got = result(run.stderr());
    assert.deepEqual(got, {
      arn: `arn:aws:sts::${ACCOUNT}:assumed-role/task-role/${taskId}`,
      viaContainerMetadata: `arn:aws:sts::${ACCOUNT}:assumed-role/task-role/${taskId}`,
      greeting: 'hello from kura',
      passwordSha256: sha256(DB_PASSWORD),
      secretSha256: sha256(DB_PASSWORD),
      greetingSecret: 'hello from kura',
      fromEnvFile: 'from env file',
      plain: 'from environment',
      adminKeyVisible: false,
      endpoint: kura.url,
      fullUri: got.fullUri,
      deniedOutside: 'AccessDeniedException',
      taskArn,
    });
    assert.match(String(got.fullUri), /^http:\/\/127\.0\.0\.1:\d+\/v2\/credentials\//);
    assert.deepEqual(taskStatuses(run.events), ['PROVISIONING', 'PENDING', 'RUNNING', 'STOPPING', 'DEPROVISIONING', 'STOPPED']);
    assert.deepEqual(run.events.find((e) => e.type === 'secrets'), { ...run.events.find((e) => e.type === 'secrets'), name: 'app', variables: ['DB_PASSWORD', 'GREETING'] });
    const issued = run.events.find((e) => e.type === 'credentials');
    assert.equal(issued?.action, 'issued');
    assert.equal(issued?.roleArn, `arn:aws:iam::${ACCOUNT}:role/task-role`);
    assert.ok(Date.parse(String(issued?.renewAt)) < Date.parse(String(issued?.expiration)));
    assert.deepEqual({ ...stopped(run.events), time: undefined, taskArn: undefined }, {
      type: 'task', lastStatus: 'STOPPED', desiredStatus: 'STOPPED', stopCode: 'EssentialContainerExited', stoppedReason: 'Essential container in task exited', exitCode: 0, time: undefined, taskArn: undefined,
    });
    // Neither the events nor anything printed carries a secret or a credential.
    const everything = JSON.stringify(run.events) + run.stderr();
    assert.ok(!everything.includes(DB_PASSWORD) && !everything.includes(kura.credentials.secretAccessKey));
  });

  test('a program using boto3 acts as the task role through botocore\'s container provider', async () => {
    const run = runTask(kura, taskDefinition(['python3', path.join(fixtures, 'boto3_task.py')]));
    assert.equal(await run.exited, 0, run.stderr());
    const taskId = String(run.events[0]?.taskArn).split('/').pop();
    assert.deepEqual(result(run.stderr()), {
      arn: `arn:aws:sts::${ACCOUNT}:assumed-role/task-role/${taskId}`,
      method: 'container-role',
      greeting: 'hello from kura',
      passwordSha256: sha256(DB_PASSWORD),
      secretSha256: sha256(DB_PASSWORD),
      adminKeyVisible: false,
      deniedOutside: 'AccessDeniedException',
    });
  });

  test('a secret that does not exist stops the task before the program starts', async () => {
    const marker = markerPath();
    const run = runTask(kura, taskDefinition(never(marker), { secrets: [{ name: 'DB_PASSWORD', valueFrom: '/app/db/password' }, { name: 'GONE', valueFrom: '/app/missing' }] }));
    assert.equal(await run.exited, 1);
    const end = stopped(run.events);
    assert.equal(end?.stopCode, 'TaskFailedToStart');
    assert.equal(end?.stoppedReason, 'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secrets from ssm: invalid ssm parameters: /app/missing');
    assert.deepEqual(taskStatuses(run.events), ['PROVISIONING', 'PENDING', 'DEPROVISIONING', 'STOPPED']);
    assert.equal(run.events.some((e) => e.type === 'container'), false, 'no container ever started');
    assert.equal(existsSync(marker), false, 'the program never ran');
  });

  test('a secret the execution role may not read stops the task with AccessDeniedException, before the program starts', async () => {
    const marker = markerPath();
    const run = runTask(kura, taskDefinition(never(marker), { secrets: [{ name: 'STOLEN', valueFrom: '/other/secret' }] }));
    assert.equal(await run.exited, 1);
    const taskId = String(run.events[0]?.taskArn).split('/').pop();
    assert.match(
      String(stopped(run.events)?.stoppedReason),
      new RegExp(
        `^ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secrets from ssm: AccessDeniedException: User: arn:aws:sts::${ACCOUNT}:assumed-role/exec-role/${taskId} is not authorized to perform: ssm:GetParameters on resource: arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/other/secret because no identity-based policy allows the ssm:GetParameters action status code: 400, request id: [0-9a-f-]+$`,
      ),
    );
    assert.equal(run.events.some((e) => e.type === 'container'), false);
    assert.equal(existsSync(marker), false);
  });

  test('a task role (here from --task-role-arn) that does not trust ecs-tasks.amazonaws.com stops the task before start', async () => {
    const marker = markerPath();
    const run = runTask(kura, taskDefinition(never(marker), { secrets: [] }), { args: ['--task-role-arn', 'not-for-ecs'] });
    assert.equal(await run.exited, 1);
    assert.equal(
      stopped(run.events)?.stoppedReason,
      `ECS was unable to assume the role 'arn:aws:iam::${ACCOUNT}:role/not-for-ecs' that was provided for this task: AccessDenied: Service: ecs-tasks.amazonaws.com is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::${ACCOUNT}:role/not-for-ecs because no role trust policy allows the sts:AssumeRole action`,
    );
    assert.deepEqual(taskStatuses(run.events), ['PROVISIONING', 'DEPROVISIONING', 'STOPPED']);
    assert.equal(existsSync(marker), false);
  });
});
