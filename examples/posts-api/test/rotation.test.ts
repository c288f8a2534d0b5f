// Rotating the app's database secret while it serves: Kura's built-in MySQL rotation functions
// (`kura serve --rotation-function NAME='kura rotation-function …' --rotation-role NAME=db-rotator`)
// against the real MariaDB, the app started by `kura run-task` as on ECS, 20 clients sending
// GET /posts one after the other for the whole run, and RotateSecret three times (one second of
// load before each and after the last). Every answer but 200 is a failed request.
//
// The app is task-definition.json with DB_SECRET_ID in place of PARAMETER_STORE_PREFIX (README): the
// entrypoint's kura exec reads the secret as the task role, and the app reads it again when the
// database refuses its credentials. Each strategy runs twice:
// - steady: the pool keeps its connections, as it does until something drops them;
// - with drops: every 250 ms the clients pause between requests, the app's own sessions are KILLed
//   (found by their client ports, so the rotation function's sessions, same user, are untouched),
//   and the clients go on: the next requests open new connections with whatever credentials the app
//   holds, as after a failover or a proxy's idle timeout.
// Alternating users must fail no request. Single user is measured, not judged: between its setSecret
// (the password changes) and finishSecret (AWSCURRENT moves) the secret holds a password the database
// no longer takes. A fifth run shows task-definition.secretsmanager.json (DB_* set by ECS at start,
// nothing re-read) under alternating users with drops. The figures go to the test's diagnostics and
// README ("Rotation under load").

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test, type TestContext } from 'node:test';
import type { Connection } from 'mysql2/promise';
import { dropConnections, findDescendant } from './support/connections.js';
import { aws, kuraHas, startKuraServe, type KuraServer } from './support/kura.js';
import { startLoad, type LoadResult } from './support/load.js';
import { createTestDatabase, ROOT, rootConnection } from './support/mariadb.js';
import { distDir, kuraBin, packageDir, repoRoot } from './support/paths.js';
import { closedPort, run, type Running } from './support/process.js';
import { databaseSecret, readSecretPolicy } from './support/secrets.js';

const ACCOUNT = '123456789012';
const REGION = 'ap-northeast-1';
const ROTATIONS = 3;
const CLIENTS = 20;
const DROP_EVERY_MS = 250;
const ready = kuraHas('run-task') && kuraHas('rotation-function');
const ECS_TRUST = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
const LAMBDA_TRUST = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
// docs/operations.md: what AWS documents for a rotation function's role.
const ROTATOR_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue', 'secretsmanager:PutSecretValue', 'secretsmanager:UpdateSecretVersionStage', 'secretsmanager:GetRandomPassword'], Resource: '*' }],
});
const FUNCTIONS = { alternating: 'rotate-alt', single: 'rotate-single' } as const;
type Strategy = keyof typeof FUNCTIONS;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const quoted = (word: string) => (/^[\w./:@%+=,-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`);

interface Measurement extends LoadResult {
  drops: number;
  killed: number;
  refreshed: number;
  /** Per rotation: ms from RotateSecret to AWSCURRENT moved, and from the end of setSecret to the end of finishSecret. */
  rotations: Array<{ ms: number; windowMs?: number }>;
  failedInWindows: number;
  /** Per rotation: ms from its first failure to its last, within a second of its window (none: 0). */
  failingMs: number[];
  /** The first failure: which rotation's setSecret (1-based) it follows, and by how long (negative: before it was logged as ended). */
  firstFailure?: { rotation: number; afterSetSecretMs: number };
}

describe('rotation under load', { skip: ready ? false : 'this build of Kura has no `run-task` or `rotation-function`' }, () => {
  let kura: KuraServer;
  let root: Connection;
  let work: string;
  let masterArn: string;

  before(async () => {
    work = mkdtempSync(path.join(tmpdir(), 'posts-api-rotation-'));
    const builtIn = (fn: string) => [process.execPath, kuraBin, 'rotation-function', fn].map(quoted).join(' ');
    kura = await startKuraServe({
      region: REGION,
      // debug: the server logs each rotation step's end, from which the single-user window is measured.
      args: ['--account-id', ACCOUNT, '--log-level', 'debug',
        '--rotation-function', `rotate-alt=${builtIn('mysql-alternating-users')}`, '--rotation-role', 'rotate-alt=db-rotator',
        '--rotation-function', `rotate-single=${builtIn('mysql-single-user')}`, '--rotation-role', 'rotate-single=db-rotator'],
    });
    await aws(kura, ['iam', 'create-role', '--role-name', 'db-rotator', '--assume-role-policy-document', LAMBDA_TRUST]);
    await aws(kura, ['iam', 'put-role-policy', '--role-name', 'db-rotator', '--policy-name', 'rotate', '--policy-document', ROTATOR_POLICY]);
    // The user the alternating function creates the clone with (masterarn): root, as on the CI machine.
    const master = JSON.stringify({ engine: 'mysql', host: ROOT.host, port: ROOT.port, username: ROOT.user, password: ROOT.password });
    ({ ARN: masterArn } = await aws<{ ARN: string }>(kura, ['secretsmanager', 'create-secret', '--name', 'posts-api/rotation-master', '--secret-string', master]));
    root = await rootConnection();
  });

  after(async () => {
    await kura?.stop();
    await root?.end();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  /** The entrypoint variant with DB_SECRET_ID, or the secrets variant reading this secret's keys; PORT added. */
  function taskDefinition(port: number, secret: string, variant: 'entrypoint' | 'secrets'): string {
    const file = variant === 'entrypoint' ? 'task-definition.json' : 'task-definition.secretsmanager.json';
    const text = readFileSync(path.join(packageDir, file), 'utf8').replaceAll(':secret:goecssample/db:', `:secret:${secret}:`);
    const def = JSON.parse(text) as { containerDefinitions: Array<{ environment?: Array<{ name: string; value: string }> }> };
    const env = variant === 'entrypoint' ? [{ name: 'DB_SECRET_ID', value: secret }] : [];
    def.containerDefinitions[0]!.environment = [...env, { name: 'PORT', value: String(port) }];
    const out = path.join(work, `${secret.replaceAll('/', '-')}.json`);
    writeFileSync(out, JSON.stringify(def));
    return out;
  }

  function runTask(file: string, role: string): Running {
    const command = JSON.stringify([path.join(packageDir, 'docker-entrypoint.sh'), 'node', path.join(distDir, 'server.js')]);
    return run(process.execPath, [kuraBin, 'run-task', file, '--command', command, '--json', '--task-role-arn', role, '--execution-role-arn', role], {
      cwd: packageDir,
      env: { PATH: `${path.join(repoRoot, 'node_modules/.bin')}:${process.env.PATH ?? '/usr/bin:/bin'}`, ...kura.clientEnv },
    });
  }

  /** RotateSecret, then waits for its version to be AWSCURRENT; fails with the server's log if the rotation fails. */
  async function rotate(secret: string, first: Strategy | undefined): Promise<string> {
    const fn = first ? ['--rotation-lambda-arn', `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${FUNCTIONS[first]}`, '--rotation-rules', '{"AutomaticallyAfterDays":30}'] : [];
    const { VersionId } = await aws<{ VersionId: string }>(kura, ['secretsmanager', 'rotate-secret', '--secret-id', secret, ...fn]);
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (kura.stdout().split('\n').some((l) => l.includes('"rotation failed') && l.includes(VersionId))) throw new Error(`rotation ${VersionId} failed:\n${kura.stdout().slice(-4000)}`);
      const described = await aws<{ VersionIdsToStages: Record<string, string[]> }>(kura, ['secretsmanager', 'describe-secret', '--secret-id', secret]);
      if (described.VersionIdsToStages[VersionId]?.includes('AWSCURRENT')) return VersionId;
      if (Date.now() > deadline) throw new Error(`rotation ${VersionId} did not end in 60 s:\n${kura.stdout().slice(-4000)}`);
      await sleep(200);
    }
  }

  /** When a version's step ended, from the server's debug log. */
  function stepEnd(version: string, step: string): number | undefined {
    const line = kura.stdout().split('\n').find((l) => l.includes('"msg":"rotation step"') && l.includes(`"version":"${version}"`) && l.includes(`"step":"${step}"`));
    return line ? Date.parse((JSON.parse(line) as { time: string }).time) : undefined;
  }

  async function measure(label: string, strategy: Strategy, drops: boolean, variant: 'entrypoint' | 'secrets' = 'entrypoint'): Promise<Measurement> {
    const db = await createTestDatabase(label, { migrated: true });
    const secret = `posts-api/${label}`;
    try {
      await aws(kura, ['secretsmanager', 'create-secret', '--name', secret, '--secret-string', databaseSecret(db, strategy === 'alternating' ? masterArn : undefined)]);
      // One role per run, allowed this secret only (aws/secretsmanager: no KMS statement).
      const role = `posts-api-${label.replaceAll('_', '-')}`;
      await aws(kura, ['iam', 'create-role', '--role-name', role, '--assume-role-policy-document', ECS_TRUST]);
      await aws(kura, ['iam', 'put-role-policy', '--role-name', role, '--policy-name', 'read-db-secret', '--policy-document', JSON.stringify(readSecretPolicy(secret, REGION, ACCOUNT))]);
      const port = await closedPort();
      const task = runTask(taskDefinition(port, secret, variant), role);
      try {
        await task.waitFor((l) => l.msg === 'listening', 30_000);
        const app = findDescendant(task.child.pid!, (argv) => argv[1] === path.join(distDir, 'server.js'));
        assert.ok(app, 'the app process');
        const load = startLoad(`http://127.0.0.1:${port}/posts`, CLIENTS);
        let dropping = drops;
        let dropCount = 0;
        let killed = 0;
        const dropper = (async () => {
          while (dropping) {
            await sleep(DROP_EVERY_MS);
            await load.pause();
            try {
              killed += await dropConnections(root, app, ROOT.port);
              dropCount++;
            } finally {
              load.resume();
            }
          }
        })();
        const rotations: Measurement['rotations'] = [];
        const windows: Array<[number, number]> = [];
        try {
          for (let i = 0; i < ROTATIONS; i++) {
            await sleep(1_000);
            const started = Date.now();
            const version = await rotate(secret, i === 0 ? strategy : undefined);
            const [set, finish] = [stepEnd(version, 'setSecret'), stepEnd(version, 'finishSecret')];
            if (set !== undefined && finish !== undefined) windows.push([set, finish]);
            rotations.push({ ms: Date.now() - started, ...(set !== undefined && finish !== undefined ? { windowMs: finish - set } : {}) });
          }
          await sleep(1_000);
        } finally {
          dropping = false;
          await dropper;
        }
        const result = await load.stop();
        const refreshed = task.lines().filter((l) => l.msg === 'database credentials refreshed').length;
        // A failure up to a second after finishSecret still belongs to it: the app waits that long before reading the secret again.
        const near = windows.map(([from, to]) => result.failures.filter((f) => f.at >= from - 1_000 && f.at <= to + 1_000).map((f) => f.at));
        const failingMs = near.map((times) => (times.length > 0 ? Math.max(...times) - Math.min(...times) : 0));
        const failedInWindows = result.failures.filter((f) => windows.some(([from, to]) => f.at >= from - 1_000 && f.at <= to + 1_000)).length;
        const first = result.failures[0]?.at;
        const previous = first === undefined ? -1 : windows.findLastIndex(([from]) => from - 1_000 <= first);
        const firstFailure = first !== undefined && previous >= 0 ? { rotation: previous + 1, afterSetSecretMs: first - windows[previous]![0] } : undefined;
        return { ...result, drops: dropCount, killed, refreshed, rotations, failedInWindows, failingMs, ...(firstFailure ? { firstFailure } : {}) };
      } finally {
        task.child.kill('SIGTERM');
        await task.exited;
        assert.ok(!task.stdout().includes(db.password) && !task.stderr().includes(db.password), 'the first password is never printed');
        // The SDK's Node < 22 notice included: the app's output stays one JSON object per line.
        assert.deepEqual(task.stderr().split('\n').filter((l) => l !== '' && !l.startsWith('{')), [], 'only JSON lines');
      }
    } finally {
      await db.root.query('DROP USER IF EXISTS ?@?', [`${db.user}_clone`, '%']);
      await db.drop();
    }
  }

  function report(t: TestContext, m: Measurement): void {
    const reasons = Object.entries(m.byReason).map(([r, n]) => `${n}× ${r}`).join(', ') || 'none';
    t.diagnostic(
      `${m.failures.length} of ${m.requests} requests failed (${reasons}) in ${(m.durationMs / 1000).toFixed(1)} s; ` +
        `${m.drops} drops (${m.killed} sessions killed); credentials refreshed ${m.refreshed}×; ` +
        `rotations ${m.rotations.map((r) => `${r.ms} ms${r.windowMs !== undefined ? ` (setSecret→finishSecret ${r.windowMs} ms)` : ''}`).join(', ')}; ` +
        `${m.failedInWindows} failures within a second of a setSecret→finishSecret window, failing for ${m.failingMs.join(', ')} ms` +
        (m.firstFailure ? `; first failure ${m.firstFailure.afterSetSecretMs} ms after rotation ${m.firstFailure.rotation}'s setSecret` : ''),
    );
  }

  test('alternating users, steady pool: no request fails', async (t) => {
    const m = await measure('rot_as', 'alternating', false);
    report(t, m);
    assert.equal(m.failures.length, 0, JSON.stringify(m.byReason));
    assert.ok(m.requests > 100, `a load was sent (${m.requests} requests)`);
  });

  test('alternating users, connections dropped every 250 ms: no request fails, the app re-reads the secret', async (t) => {
    const m = await measure('rot_ac', 'alternating', true);
    report(t, m);
    assert.equal(m.failures.length, 0, JSON.stringify(m.byReason));
    assert.ok(m.drops >= 10 && m.killed > 0, 'connections were dropped throughout');
    // The second rotation gives the user the app started as a new password: reconnecting needs the secret.
    assert.ok(m.refreshed >= 1, 'the app read fresh credentials');
  });

  test('single user, steady pool: measured', async (t) => {
    report(t, await measure('rot_ss', 'single', false));
  });

  test('single user, connections dropped every 250 ms: measured', async (t) => {
    const m = await measure('rot_sc', 'single', true);
    report(t, m);
    assert.ok(m.refreshed >= 1, 'the app read fresh credentials after the rotations');
    assert.deepEqual(Object.keys(m.byReason).filter((r) => r !== '503'), [], 'a refused password is a 503, nothing else');
  });

  test('task-definition.secretsmanager.json (DB_* set by ECS at start), alternating users, drops: measured', async (t) => {
    const m = await measure('rot_ec', 'alternating', true, 'secrets');
    report(t, m);
    assert.equal(m.refreshed, 0, 'nothing to re-read the secret with');
  });
});
