// One JSON secret (the shape RDS creates: username, password, host, port, dbname) encrypted under a
// customer KMS key, roles with README's least-privilege policy, all made with the AWS CLI; then
// `kura run-task`, PORT added (a test cannot own port 80), both ways README describes:
// - task-definition.secretsmanager.json as committed: ECS, as the execution role, sets the five DB_*
//   variables from the secret's keys before the container starts, and the entrypoint runs the app;
// - task-definition.json with DB_SECRET_ID=goecssample/db in place of PARAMETER_STORE_PREFIX: the
//   entrypoint's `kura exec` reads the secret as the task role.
// A role allowed only another secret stops the task before start, or kura exec before the app.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { SEED_POSTS } from '../src/schema.js';
import { aws, kuraHas, startKuraServe, type KuraServer } from './support/kura.js';
import { createTestDatabase, type TestDatabase } from './support/mariadb.js';
import { databaseSecret, readSecretPolicy } from './support/secrets.js';
import { distDir, kuraBin, packageDir, repoRoot } from './support/paths.js';
import { closedPort, run, type Running } from './support/process.js';

const ACCOUNT = '123456789012';
const REGION = 'ap-northeast-1';
const ready = kuraHas('run-task') && kuraHas('secret');
const TRUST = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }] };

describe('task-definition.secretsmanager.json under kura run-task', { skip: ready ? false : 'this build of Kura has no Secrets Manager `run-task` yet' }, () => {
  let kura: KuraServer;
  let db: TestDatabase;
  let work: string;

  before(async () => {
    work = mkdtempSync(path.join(tmpdir(), 'posts-api-run-task-sm-'));
    db = await createTestDatabase('runtask_sm', { migrated: true });
    kura = await startKuraServe({ args: ['--account-id', ACCOUNT], region: REGION });
    const key = (await aws<{ KeyMetadata: { Arn: string } }>(kura, ['kms', 'create-key', '--description', 'goecssample/db'])).KeyMetadata.Arn;
    await aws(kura, ['secretsmanager', 'create-secret', '--name', 'goecssample/db', '--kms-key-id', key, '--secret-string', databaseSecret(db)]);
    await aws(kura, ['secretsmanager', 'create-secret', '--name', 'goecssample/other', '--kms-key-id', key, '--secret-string', '{"token":"not for this task"}']);
    const trust = JSON.stringify(TRUST);
    const roles = { ecsTaskExecutionRole: 'goecssample/db', 'go-ecs-sample': 'goecssample/db', 'other-secret-only': 'goecssample/other' };
    for (const [role, secret] of Object.entries(roles)) {
      await aws(kura, ['iam', 'create-role', '--role-name', role, '--assume-role-policy-document', trust]);
      await aws(kura, ['iam', 'put-role-policy', '--role-name', role, '--policy-name', 'read-db-secret', '--policy-document', JSON.stringify(readSecretPolicy(secret, REGION, ACCOUNT, key))]);
    }
  });

  after(async () => {
    await kura?.stop();
    await db?.drop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  /** task-definition.secretsmanager.json as committed plus PORT; or task-definition.json with DB_SECRET_ID for its prefix. */
  function taskDefinition(port: number, variant: 'secrets' | 'entrypoint' = 'secrets'): string {
    const file0 = variant === 'secrets' ? 'task-definition.secretsmanager.json' : 'task-definition.json';
    const def = JSON.parse(readFileSync(path.join(packageDir, file0), 'utf8')) as {
      containerDefinitions: Array<{ environment?: Array<{ name: string; value: string }> }>;
    };
    const env = variant === 'secrets' ? [] : [{ name: 'DB_SECRET_ID', value: 'goecssample/db' }];
    def.containerDefinitions[0]!.environment = [...env, { name: 'PORT', value: String(port) }];
    const file = path.join(work, `task-${variant}-${port}.json`);
    writeFileSync(file, JSON.stringify(def));
    return file;
  }

  function runTask(file: string, args: string[] = []): Running {
    // The image's ENTRYPOINT + CMD from this checkout; `kura` on the PATH as in the image.
    const command = JSON.stringify([path.join(packageDir, 'docker-entrypoint.sh'), 'node', path.join(distDir, 'server.js')]);
    return run(process.execPath, [kuraBin, 'run-task', file, '--command', command, '--json', ...args], {
      cwd: packageDir,
      env: { PATH: `${path.join(repoRoot, 'node_modules/.bin')}:${process.env.PATH ?? '/usr/bin:/bin'}`, ...kura.clientEnv },
    });
  }

  test('ECS reads the secret once as the execution role, sets DB_* from its keys, and the app serves /posts', async () => {
    const port = await closedPort();
    const task = runTask(taskDefinition(port));
    try {
      await task.waitFor((l) => l.msg === 'listening', 30_000);
      const res = await fetch(`http://127.0.0.1:${port}/posts`);
      assert.equal(res.status, 200);
      assert.equal(((await res.json()) as { posts: unknown[] }).posts.length, SEED_POSTS.length);
      const reads = kura.stdout().split('\n').filter((l) => l.includes('"operation":"GetSecretValue"'));
      assert.equal(reads.length, 1, 'one GetSecretValue for the five keys');
      assert.match(reads[0]!, new RegExp(`"principal":"arn:aws:sts::${ACCOUNT}:assumed-role/ecsTaskExecutionRole/`));
    } finally {
      task.child.kill('SIGTERM');
    }
    await task.exited;
    const stopped = task.lines().find((l) => l.type === 'container' && l.lastStatus === 'STOPPED');
    assert.equal(stopped?.exitCode, 0, 'the app shut down gracefully');
    assert.ok(!task.stdout().includes(db.password) && !task.stderr().includes(db.password), 'the password is never printed');
  });

  test('an execution role allowed only another secret stops the task before the container starts, with ECS\'s wording', async () => {
    const task = runTask(taskDefinition(await closedPort()), ['--execution-role-arn', 'other-secret-only']);
    const { code } = await task.exited;
    assert.equal(code, 1);
    const end = task.lines().find((l) => l.type === 'task' && l.lastStatus === 'STOPPED');
    assert.equal(end?.stopCode, 'TaskFailedToStart');
    const partial = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:goecssample/db`;
    assert.match(
      String(end?.stoppedReason),
      new RegExp(
        '^ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secret from asm: ' +
          `failed to fetch secret ${partial} from secrets manager: AccessDeniedException: User: arn:aws:sts::${ACCOUNT}:assumed-role/other-secret-only/[0-9a-f]+ ` +
          `is not authorized to perform: secretsmanager:GetSecretValue on resource: ${partial} because no identity-based policy allows the secretsmanager:GetSecretValue action`,
      ),
    );
    assert.equal(task.lines().some((l) => l.type === 'container'), false, 'no container ever started');
    assert.ok(!task.lines().some((l) => l.msg === 'listening'));
  });

  test('with DB_SECRET_ID, the entrypoint\'s kura exec reads the secret once as the task role and the app serves /posts', async () => {
    const port = await closedPort();
    const before = kura.stdout().length;
    const task = runTask(taskDefinition(port, 'entrypoint'));
    try {
      await task.waitFor((l) => l.msg === 'listening', 30_000);
      const res = await fetch(`http://127.0.0.1:${port}/posts`);
      assert.equal(res.status, 200);
      assert.equal(((await res.json()) as { posts: unknown[] }).posts.length, SEED_POSTS.length);
      const reads = kura.stdout().slice(before).split('\n').filter((l) => l.includes('"operation":"GetSecretValue"'));
      assert.equal(reads.length, 1, 'one GetSecretValue for the five keys');
      assert.match(reads[0]!, new RegExp(`"principal":"arn:aws:sts::${ACCOUNT}:assumed-role/go-ecs-sample/`));
    } finally {
      task.child.kill('SIGTERM');
    }
    await task.exited;
    const stopped = task.lines().find((l) => l.type === 'container' && l.lastStatus === 'STOPPED');
    assert.equal(stopped?.exitCode, 0, 'the app shut down gracefully');
    assert.ok(!task.stdout().includes(db.password) && !task.stderr().includes(db.password), 'the password is never printed');
  });

  test('with DB_SECRET_ID and a task role allowed only another secret, kura exec is denied and the app never starts', async () => {
    const task = runTask(taskDefinition(await closedPort(), 'entrypoint'), ['--task-role-arn', 'other-secret-only']);
    const { code } = await task.exited;
    const stopped = task.lines().find((l) => l.type === 'container' && l.lastStatus === 'STOPPED');
    assert.equal(stopped?.exitCode, 3, 'kura exec: the secret could not be read');
    assert.equal(code, 3);
    assert.ok(!task.lines().some((l) => l.msg === 'listening'));
    assert.match(task.stderr(), /kura exec: .*goecssample\/db.*AccessDeniedException/, task.stderr());
  });
});
