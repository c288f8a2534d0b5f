// The reference design end to end, with Kura in place of AWS: a KMS key, the five parameters (the
// password a SecureString under that key), the task role with its policy, all made with the unmodified
// AWS CLI; then `kura run-task task-definition.json`, which hands the container the task role's
// credentials the way ECS does. The container's program is the image's entrypoint script and CMD, so
// `kura exec` reads the parameters as the assumed task role and the app serves /posts from MariaDB.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { SEED_POSTS } from '../src/schema.js';
import { aws, kuraHas, putDatabaseParameters, startKuraServe, type KuraServer } from './support/kura.js';
import { createTestDatabase, type TestDatabase } from './support/mariadb.js';
import { distDir, kuraBin, packageDir, repoRoot } from './support/paths.js';
import { closedPort, run, type Running } from './support/process.js';

const ACCOUNT = '123456789012';
const REGION = 'ap-northeast-1';
const ready = kuraHas('exec') && kuraHas('run-task');
const TRUST = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }] };

describe('the reference design under kura run-task', { skip: ready ? false : 'this build of Kura has no `exec` or `run-task` yet' }, () => {
  let kura: KuraServer;
  let db: TestDatabase;
  let work: string;
  let keyId: string;

  before(async () => {
    work = mkdtempSync(path.join(tmpdir(), 'posts-api-run-task-'));
    db = await createTestDatabase('runtask', { migrated: true });
    // The task definition's ARNs name this account and region.
    kura = await startKuraServe({ args: ['--account-id', ACCOUNT], region: REGION });
    keyId = (await aws<{ KeyMetadata: { KeyId: string } }>(kura, ['kms', 'create-key', '--description', 'go-ecs-sample'])).KeyMetadata.KeyId;
    await putDatabaseParameters(kura, 'goecssample', db.env, keyId);
    const trust = JSON.stringify(TRUST);
    for (const role of ['go-ecs-sample', 'ecsTaskExecutionRole', 'reference-post-policy-only']) {
      await aws(kura, ['iam', 'create-role', '--role-name', role, '--assume-role-policy-document', trust]);
    }
    // README's policy: `kura exec --path` reads with ssm:GetParametersByPath.
    await attachPolicy('go-ecs-sample', ['ssm:GetParametersByPath']);
    // The reference post's own policy allowed ssm:GetParameters only.
    await attachPolicy('reference-post-policy-only', ['ssm:GetParameters']);
  });

  after(async () => {
    await kura?.stop();
    await db?.drop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  async function attachPolicy(role: string, ssmActions: string[]) {
    const document = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: ['ssm:DescribeParameters'], Resource: '*' },
        { Effect: 'Allow', Action: ssmActions, Resource: [`arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/goecssample/*`] },
        { Effect: 'Allow', Action: ['kms:Decrypt'], Resource: [`arn:aws:kms:${REGION}:${ACCOUNT}:key/${keyId}`] },
      ],
    };
    const { Policy } = await aws<{ Policy: { Arn: string } }>(kura, ['iam', 'create-policy', '--policy-name', role, '--policy-document', JSON.stringify(document)]);
    await aws(kura, ['iam', 'attach-role-policy', '--role-name', role, '--policy-arn', Policy.Arn]);
  }

  /** task-definition.json as committed, plus PORT (the container would own port 80; a test cannot). */
  function taskDefinition(port: number, taskRole?: string): string {
    const def = JSON.parse(readFileSync(path.join(packageDir, 'task-definition.json'), 'utf8')) as {
      taskRoleArn: string;
      containerDefinitions: Array<{ environment: Array<{ name: string; value: string }> }>;
    };
    def.containerDefinitions[0]!.environment.push({ name: 'PORT', value: String(port) });
    if (taskRole) def.taskRoleArn = `arn:aws:iam::${ACCOUNT}:role/${taskRole}`;
    const file = path.join(work, `task-${port}.json`);
    writeFileSync(file, JSON.stringify(def));
    return file;
  }

  function runTask(file: string): Running {
    // The image's ENTRYPOINT + CMD, from this checkout; `kura` on the PATH as in the image.
    const command = JSON.stringify([path.join(packageDir, 'docker-entrypoint.sh'), 'node', path.join(distDir, 'server.js')]);
    return run(process.execPath, [kuraBin, 'run-task', file, '--command', command, '--json'], {
      cwd: packageDir,
      env: { PATH: `${path.join(repoRoot, 'node_modules/.bin')}:${process.env.PATH ?? '/usr/bin:/bin'}`, ...kura.clientEnv },
    });
  }

  test('the app starts with DB_* read by kura exec as the task role, serves /posts, and stops cleanly', async () => {
    const port = await closedPort();
    const task = runTask(taskDefinition(port));
    try {
      await task.waitFor((l) => l.msg === 'listening', 30_000);
      const res = await fetch(`http://127.0.0.1:${port}/posts`);
      assert.equal(res.status, 200);
      assert.equal(((await res.json()) as { posts: unknown[] }).posts.length, SEED_POSTS.length);
      const read = kura.stdout().split('\n').find((l) => l.includes('"operation":"GetParametersByPath"'));
      assert.match(read ?? '', new RegExp(`"principal":"arn:aws:sts::${ACCOUNT}:assumed-role/go-ecs-sample/`), 'read as the task role');
    } finally {
      task.child.kill('SIGTERM');
    }
    await task.exited;
    const stopped = task.lines().find((l) => l.type === 'container' && l.lastStatus === 'STOPPED');
    assert.equal(stopped?.exitCode, 0, 'the app shut down gracefully');
    assert.ok(!task.stdout().includes(db.password) && !task.stderr().includes(db.password), 'the password is never printed');
  });

  test("with only the reference post's policy (ssm:GetParameters), kura exec is denied and the app never starts", async () => {
    const port = await closedPort();
    const task = runTask(taskDefinition(port, 'reference-post-policy-only'));
    const { code } = await task.exited;
    const stopped = task.lines().find((l) => l.type === 'container' && l.lastStatus === 'STOPPED');
    assert.equal(stopped?.exitCode, 3, 'kura exec: the store could not be read');
    assert.equal(code, 3);
    assert.ok(!task.lines().some((l) => l.msg === 'listening'));
    assert.match(task.stderr(), /AccessDenied|not authorized/);
  });
});
