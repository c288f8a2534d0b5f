// `kura run-task`'s container lifecycle with ECS's real timings: health checks (first probe after
// `interval`, 5 s at least) drive the status and the dependsOn order, an essential container's
// exit stops the task with its exit code, an UNHEALTHY essential container stops it, and SIGINT
// stops it cleanly (SIGTERM, SIGKILL after stopTimeout, DEPROVISIONING, STOPPED, exit 130).

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startKura, type RunningKura } from './harness.js';
import { ACCOUNT, runTask, setUpRoles, stopped, type Event } from './run-task-kit.js';

const node = (code: string) => [process.execPath, '-e', code];
const stayUp = (name: string) => `process.on('SIGTERM', () => { console.log('${name}: SIGTERM'); process.exit(0) }); setInterval(() => {}, 1000)`;
const healthCheck = (script: string, extra: Record<string, number> = {}) => ({ command: ['CMD-SHELL', script], interval: 5, timeout: 2, retries: 1, ...extra });
const at = (events: Event[], match: (e: Event) => boolean): number => {
  const i = events.findIndex(match);
  assert.ok(i >= 0, `missing event in ${JSON.stringify(events)}`);
  return i;
};
const container = (name: string, status: string) => (e: Event) => e.type === 'container' && e.name === name && e.lastStatus === status;

describe('kura run-task: lifecycle', { concurrency: true }, () => {
  let kura: RunningKura;
  before(async () => {
    kura = await startKura({ args: ['--account-id', ACCOUNT] });
    await setUpRoles(kura);
  });
  after(() => kura.stop());

  test('health checks and dependsOn order the start; the essential container\'s exit stops the task with its exit code', async () => {
    const run = runTask(kura, {
      family: 'ordered',
      containerDefinitions: [
        { name: 'app', image: 'app', command: node("console.log('app: migrated=' + require('fs').readFileSync('migrated', 'utf8')); process.exit(7)"), dependsOn: [{ containerName: 'migrate', condition: 'SUCCESS' }, { containerName: 'db', condition: 'HEALTHY' }] },
        { name: 'migrate', image: 'app', essential: false, command: node("require('fs').writeFileSync('migrated', 'yes')"), dependsOn: [{ containerName: 'db', condition: 'HEALTHY' }] },
        // The probe sees the container's environment, as Docker runs it inside the container.
        { name: 'db', image: 'mysql:8', essential: false, command: node(stayUp('db')), environment: [{ name: 'DB_UP', value: '1' }], healthCheck: healthCheck('test "$DB_UP" = 1') },
      ],
    });
    assert.equal(await run.exited, 7, run.stderr());
    const e = run.events;
    const order = [
      at(e, container('db', 'RUNNING')),
      at(e, (x) => x.type === 'health' && x.name === 'db' && x.healthStatus === 'HEALTHY'),
      at(e, container('migrate', 'RUNNING')),
      at(e, (x) => container('migrate', 'STOPPED')(x) && x.exitCode === 0),
      at(e, container('app', 'RUNNING')),
      at(e, (x) => x.type === 'task' && x.lastStatus === 'RUNNING'),
      at(e, (x) => container('app', 'STOPPED')(x) && x.exitCode === 7),
      at(e, (x) => x.type === 'task' && x.lastStatus === 'STOPPING'),
      at(e, container('db', 'STOPPED')),
      at(e, (x) => x.type === 'task' && x.lastStatus === 'DEPROVISIONING'),
      at(e, (x) => x.type === 'task' && x.lastStatus === 'STOPPED'),
    ];
    assert.deepEqual(order, [...order].sort((a, b) => a - b), `events out of order: ${JSON.stringify(e)}`);
    assert.equal(stopped(e)?.stopCode, 'EssentialContainerExited');
    assert.match(run.stderr(), /^app \| app: migrated=yes$/m);
    assert.match(run.stderr(), /^db \| db: SIGTERM$/m);
    assert.ok(e.some((x) => x.type === 'note' && /no taskRoleArn/.test(String(x.message))));
  });

  test('SIGINT stops the task cleanly: SIGTERM, SIGKILL after stopTimeout, DEPROVISIONING, STOPPED, exit 130', async () => {
    const run = runTask(kura, {
      family: 'web',
      taskRoleArn: 'task-role',
      containerDefinitions: [
        { name: 'web', image: 'web', command: node(`console.log('URI ' + process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI); ${stayUp('web')}`), healthCheck: healthCheck('exit 0') },
        { name: 'stubborn', image: 'sidecar', essential: false, stopTimeout: 2, command: node("process.on('SIGTERM', () => console.log('stubborn: ignoring SIGTERM')); setInterval(() => {}, 1000)") },
      ],
    });
    const healthy = await run.waitFor((e) => e.type === 'health' && e.name === 'web');
    assert.deepEqual([healthy.healthStatus, healthy.taskHealthStatus], ['HEALTHY', 'HEALTHY']);
    const signalledAt = Date.now();
    run.child.kill('SIGINT');
    assert.equal(await run.exited, 130, run.stderr());
    assert.ok(Date.now() - signalledAt >= 1900, 'waited for the stubborn container\'s stopTimeout');
    const e = run.events;
    assert.deepEqual(e.filter((x) => x.type === 'task').slice(-3).map((x) => [x.lastStatus, x.stopCode, x.stoppedReason]), [
      ['STOPPING', 'UserInitiated', 'Task stopped by user (SIGINT)'],
      ['DEPROVISIONING', 'UserInitiated', 'Task stopped by user (SIGINT)'],
      ['STOPPED', 'UserInitiated', 'Task stopped by user (SIGINT)'],
    ]);
    assert.equal(stopped(e)?.exitCode, 130);
    assert.equal(e.find(container('web', 'STOPPED'))?.exitCode, 0);
    assert.equal(e.find(container('stubborn', 'STOPPED'))?.exitCode, 137);
    assert.match(run.stderr(), /^web \| web: SIGTERM$/m);
    assert.match(run.stderr(), /^stubborn \| stubborn: ignoring SIGTERM$/m);
    const uri = /^web \| URI (\S+)$/m.exec(run.stderr())?.[1] as string;
    await assert.rejects(fetch(uri), 'the credentials endpoint is gone once the task is deprovisioned');
  });

  test('an essential container turning UNHEALTHY stops the task (text events on stderr)', async () => {
    const run = runTask(
      kura,
      { family: 'sick', containerDefinitions: [{ name: 'app', image: 'app', command: node(stayUp('app')), healthCheck: healthCheck('exit 1') }] },
      { text: true },
    );
    assert.equal(await run.exited, 1);
    const lines = run.stderr().split('\n');
    const index = (pattern: RegExp) => lines.findIndex((l) => pattern.test(l));
    assert.ok(index(/^kura run-task: task arn:aws:ecs:us-east-1:123456789012:task\/default\/[0-9a-f]{32} \(sick:1\) PROVISIONING$/) === 0, run.stderr());
    const sequence = [
      index(/^kura run-task: container app RUNNING \(pid \d+\)$/),
      index(/^kura run-task: container app health UNHEALTHY \(task health UNHEALTHY\)$/),
      index(/^kura run-task: task STOPPING \(ServiceSchedulerInitiated: Task failed container health checks\)$/),
      index(/^kura run-task: container app STOPPED \(exit code 0\)$/),
      index(/^kura run-task: task STOPPED \(ServiceSchedulerInitiated: Task failed container health checks\); exit code 1$/),
    ];
    assert.ok(sequence.every((i) => i > 0), run.stderr());
    assert.deepEqual(sequence, [...sequence].sort((a, b) => a - b), run.stderr());
    assert.equal(run.stdout(), 'app: SIGTERM\n', 'one container: its output as is, on stdout');
  });

  test('a bad task definition, bad options or wrong administrator credentials fail before anything starts', async () => {
    const bad = runTask(kura, { family: 'f', containerDefinitions: [{ name: 'app', image: 'app', command: ['true'], healthCheck: healthCheck('true', { interval: 2 }) }] });
    assert.equal(await bad.exited, 2);
    assert.match(bad.stderr(), /^kura run-task: \S+task-definition\.json: taskDefinition\.containerDefinitions\[0\]\.healthCheck\.interval: must be an integer from 5 to 300 \(got 2\)\n$/);
    const good = { family: 'f', containerDefinitions: [{ name: 'app', image: 'app', command: ['true'] }] };
    const noEndpoint = runTask(kura, good, { env: { AWS_ENDPOINT_URL: undefined } });
    assert.equal(await noEndpoint.exited, 2);
    assert.match(noEndpoint.stderr(), /no Kura endpoint: pass --endpoint URL or set AWS_ENDPOINT_URL/);
    const unknown = runTask(kura, good, { args: ['--no-such-flag'] });
    assert.equal(await unknown.exited, 2);
    const wrongKey = runTask(kura, good, { env: { AWS_SECRET_ACCESS_KEY: 'wrong-secret-wrong-secret-wrong-secret00' } });
    assert.equal(await wrongKey.exited, 1);
    assert.match(wrongKey.stderr(), /^kura run-task: cannot authenticate to Kura at http:\/\/127\.0\.0\.1:\d+ with the administrator's credentials .*SignatureDoesNotMatch/m);
    assert.deepEqual([bad, noEndpoint, unknown, wrongKey].map((r) => r.events.length), [0, 0, 0, 0]);
  });
});
