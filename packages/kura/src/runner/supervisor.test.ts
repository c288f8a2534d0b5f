// The supervisor with real processes (node -e, sh -c) and short timings: ordering, essential
// exits, stopping, health checks. The same rules with ECS's real timings run in test/e2e/run-task*.

import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';
import type { RunTaskEvent } from './events.js';
import { Supervisor, type SupervisedContainer } from './supervisor.js';

const node = (code: string) => [process.execPath, '-e', code];
const dir = mkdtempSync(path.join(tmpdir(), 'kura-supervisor-'));
const health = (script: string, extra: Partial<{ intervalMs: number; timeoutMs: number; retries: number; startPeriodMs: number }> = {}) => ({
  command: { kind: 'CMD-SHELL' as const, script },
  timing: { intervalMs: 100, timeoutMs: 1000, retries: 1, startPeriodMs: 0, ...extra },
});

/** 'gone', or the state letter from /proc ('Z': a zombie waiting for an init that does not reap, as in some containers). */
function processState(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(' ')[2] ?? 'gone';
  } catch {
    return 'gone';
  }
}

function runTask(containers: Array<Partial<SupervisedContainer> & { name: string; argv: string[] }>, keepUnhealthy = false) {
  const events: RunTaskEvent[] = [];
  let out = '';
  const sink = new PassThrough();
  sink.on('data', (d: Buffer) => (out += d.toString()));
  const supervisor = new Supervisor({
    containers: containers.map((c) => ({ essential: true, env: { PATH: process.env.PATH ?? '', DIR: dir }, cwd: dir, dependsOn: [], stopTimeoutMs: 2000, ...c })),
    output: { stdout: sink, stderr: sink, prefixed: containers.length > 1 },
    emit: (e) => events.push(e),
    keepUnhealthy,
  });
  supervisor.start();
  const index = (match: (e: RunTaskEvent) => boolean) => events.findIndex(match);
  const status = (name: string, lastStatus: string) => index((e) => e.type === 'container' && e.name === name && e.lastStatus === lastStatus);
  return { supervisor, events, output: () => out, index, status };
}

describe('Supervisor', () => {
  it("stops the task when an essential container exits, with that container's exit code, after SIGTERM to the others", async () => {
    const t = runTask([
      { name: 'app', argv: node('setTimeout(() => process.exit(3), 150)') },
      { name: 'side', essential: false, argv: node("process.on('SIGTERM', () => { console.log('side got SIGTERM'); process.exit(0) }); setInterval(() => {}, 1000)") },
    ]);
    const outcome = await t.supervisor.finished;
    assert.deepEqual(outcome, { stopCode: 'EssentialContainerExited', stoppedReason: 'Essential container in task exited', exitCode: 3 });
    assert.match(t.output(), /^side \| side got SIGTERM$/m);
    assert.ok(t.index((e) => e.type === 'task' && e.lastStatus === 'RUNNING') > Math.max(t.status('app', 'RUNNING'), t.status('side', 'RUNNING')));
    assert.deepEqual(t.events.find((e) => e.type === 'container' && e.name === 'side' && e.lastStatus === 'STOPPED'), { type: 'container', name: 'side', lastStatus: 'STOPPED', exitCode: 0 });
  });

  it('starts a container only when its dependsOn conditions hold (SUCCESS, COMPLETE, START)', async () => {
    const t = runTask([
      { name: 'app', argv: node("console.log('app saw', require('fs').readFileSync(process.env.DIR + '/migrated', 'utf8'))"), dependsOn: [{ containerName: 'migrate', condition: 'SUCCESS' }, { containerName: 'check', condition: 'COMPLETE' }, { containerName: 'cache', condition: 'START' }] },
      { name: 'migrate', essential: false, argv: node("setTimeout(() => require('fs').writeFileSync(process.env.DIR + '/migrated', 'v2'), 100)") },
      { name: 'check', essential: false, argv: node('setTimeout(() => process.exit(4), 50)') },
      { name: 'cache', essential: false, argv: node('setInterval(() => {}, 1000)') },
    ]);
    const outcome = await t.supervisor.finished;
    assert.equal(outcome.exitCode, 0);
    assert.match(t.output(), /^app \| app saw v2$/m);
    assert.ok(t.status('app', 'RUNNING') > t.status('migrate', 'STOPPED'));
    assert.ok(t.status('app', 'RUNNING') > t.status('check', 'STOPPED'), 'COMPLETE accepts any exit code');
  });

  it('never starts a container whose SUCCESS dependency failed, and stops the task if it was essential', async () => {
    const marker = path.join(dir, 'never');
    const t = runTask([
      { name: 'app', argv: node(`require('fs').writeFileSync(${JSON.stringify(marker)}, 'ran')`), dependsOn: [{ containerName: 'migrate', condition: 'SUCCESS' }] },
      { name: 'migrate', essential: false, argv: node('process.exit(2)') },
    ]);
    const outcome = await t.supervisor.finished;
    assert.deepEqual(outcome, { stopCode: 'EssentialContainerExited', stoppedReason: 'Essential container in task exited', exitCode: 1 });
    assert.deepEqual(t.events.slice(0, 2), [{ type: 'container', name: 'app', lastStatus: 'PENDING' }, { type: 'container', name: 'migrate', lastStatus: 'PENDING' }]);
    const app = t.events.find((e) => e.type === 'container' && e.name === 'app' && e.lastStatus === 'STOPPED');
    assert.deepEqual(app, { type: 'container', name: 'app', lastStatus: 'STOPPED', reason: 'dependency graph: failed to resolve container ordering dependency [migrate] for target [app] as dependency did not exit successfully.' });
    assert.equal(existsSync(marker), false);
  });

  it('sends SIGTERM, then SIGKILL after stopTimeout (exit code 137)', async () => {
    const t = runTask([{ name: 'stubborn', stopTimeoutMs: 300, argv: node("process.on('SIGTERM', () => console.log('ignoring SIGTERM')); console.log('up'); setInterval(() => {}, 1000)") }]);
    while (!t.output().includes('up')) await new Promise((r) => setTimeout(r, 20));
    const began = Date.now();
    t.supervisor.stop('UserInitiated', 'Task stopped by user (SIGINT)', 130);
    const outcome = await t.supervisor.finished;
    assert.ok(Date.now() - began >= 280, 'waited for stopTimeout');
    assert.deepEqual(outcome, { stopCode: 'UserInitiated', stoppedReason: 'Task stopped by user (SIGINT)', exitCode: 130 });
    assert.match(t.output(), /ignoring SIGTERM/);
    const stopped = t.events.find((e) => e.type === 'container' && e.lastStatus === 'STOPPED');
    assert.equal(stopped?.type === 'container' ? stopped.exitCode : undefined, 137);
  });

  it('stops dependents before their dependencies', async () => {
    const t = runTask([
      { name: 'app', dependsOn: [{ containerName: 'db', condition: 'START' }], argv: node("process.on('SIGTERM', () => setTimeout(() => process.exit(0), 200)); setInterval(() => {}, 1000)") },
      { name: 'db', essential: false, argv: node("process.on('SIGTERM', () => process.exit(0)); setInterval(() => {}, 1000)") },
    ]);
    while (t.status('app', 'RUNNING') < 0) await new Promise((r) => setTimeout(r, 20));
    t.supervisor.stop('UserInitiated', 'Task stopped by user (SIGTERM)', 143);
    await t.supervisor.finished;
    assert.ok(t.status('app', 'STOPPED') < t.status('db', 'STOPPED'), 'db was signalled only after app had stopped');
  });

  it('reports health UNKNOWN → HEALTHY and starts a HEALTHY dependent only then', async () => {
    const ready = path.join(dir, 'db-ready');
    const t = runTask([
      { name: 'app', dependsOn: [{ containerName: 'db', condition: 'HEALTHY' }], argv: node("console.log('app started')") },
      { name: 'db', essential: false, healthCheck: health(`test -f ${ready}`, { startPeriodMs: 5000 }), argv: node(`setTimeout(() => require('fs').writeFileSync(${JSON.stringify(ready)}, ''), 250); process.on('SIGTERM', () => process.exit(0)); setInterval(() => {}, 1000)`) },
    ]);
    await t.supervisor.finished;
    const healthy = t.index((e) => e.type === 'health' && e.name === 'db' && e.healthStatus === 'HEALTHY');
    assert.ok(healthy >= 0);
    assert.ok(t.status('app', 'RUNNING') > healthy);
    assert.equal(t.events.filter((e) => e.type === 'health').length, 1, 'no health event before the first result: it starts UNKNOWN');
  });

  it('stops the task when an essential container turns UNHEALTHY (a timed-out probe fails)', async () => {
    const t = runTask([{ name: 'app', healthCheck: health('sleep 5', { timeoutMs: 100, retries: 2 }), argv: node("process.on('SIGTERM', () => process.exit(0)); setInterval(() => {}, 1000)") }]);
    const outcome = await t.supervisor.finished;
    assert.deepEqual(outcome, { stopCode: 'ServiceSchedulerInitiated', stoppedReason: 'Task failed container health checks', exitCode: 1 });
    assert.deepEqual(t.events.find((e) => e.type === 'health'), { type: 'health', name: 'app', healthStatus: 'UNHEALTHY', taskHealthStatus: 'UNHEALTHY' });
  });

  it('with keepUnhealthy, only reports it; failures inside startPeriod do not count', async () => {
    const t = runTask([{ name: 'app', healthCheck: health('exit 1', { intervalMs: 50, startPeriodMs: 400 }), argv: node('setInterval(() => {}, 1000)') }], true);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(t.events.filter((e) => e.type === 'health').length, 0, 'still in startPeriod');
    while (!t.events.some((e) => e.type === 'health')) await new Promise((r) => setTimeout(r, 20));
    assert.equal(t.events.some((e) => e.type === 'task' && e.lastStatus === 'STOPPING'), false);
    t.supervisor.stop('UserInitiated', 'test over', 130);
    assert.equal((await t.supervisor.finished).stopCode, 'UserInitiated');
  });

  it('fails a HEALTHY dependency that exceeds its startTimeout', async () => {
    const t = runTask([
      { name: 'app', dependsOn: [{ containerName: 'db', condition: 'HEALTHY' }], argv: node('') },
      { name: 'db', essential: false, startTimeoutMs: 200, healthCheck: health('exit 1', { retries: 10 }), argv: node("process.on('SIGTERM', () => process.exit(0)); setInterval(() => {}, 1000)") },
    ]);
    await t.supervisor.finished;
    const app = t.events.find((e) => e.type === 'container' && e.name === 'app' && e.lastStatus === 'STOPPED');
    assert.match(app?.type === 'container' ? (app.reason ?? '') : '', /dependency graph: container ordering dependency \[db\] for target \[app\] has timed out\./);
  });

  it('stops the task with TaskFailedToStart when an essential program cannot be started', async () => {
    const t = runTask([{ name: 'app', argv: ['/nonexistent/bin/server'] }]);
    const outcome = await t.supervisor.finished;
    assert.equal(outcome.stopCode, 'TaskFailedToStart');
    assert.match(outcome.stoppedReason, /^CannotStartContainerError: \/nonexistent\/bin\/server: spawn \/nonexistent\/bin\/server ENOENT$/);
  });

  it('kills a health probe still running when its container stops', async () => {
    const pidFile = path.join(dir, 'probe-pid');
    const t = runTask([{ name: 'app', healthCheck: health(`echo $$ > ${pidFile}; exec sleep 30`, { intervalMs: 50, timeoutMs: 60_000 }), argv: node('setTimeout(() => {}, 300)') }]);
    const began = Date.now();
    await t.supervisor.finished;
    assert.ok(Date.now() - began < 5_000);
    await new Promise((r) => setTimeout(r, 50));
    assert.ok(['gone', 'Z'].includes(processState(Number(readFileSync(pidFile, 'utf8')))));
  });

  it("kills what a container left behind when its program exits, as a container's end does", async () => {
    const t = runTask([{ name: 'app', argv: ['/bin/sh', '-c', 'sleep 30 & echo $!'] }]);
    await t.supervisor.finished;
    const pid = Number(t.output().trim());
    await new Promise((r) => setTimeout(r, 50));
    const state = processState(pid);
    assert.ok(state === 'gone' || state === 'Z', `sleep is still ${state}`);
  });
});
