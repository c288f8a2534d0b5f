// Issue 17's proof: the CDK app in infra/, synthesized offline, applied to a fresh Kura with
// `kura apply`, and the task definition it writes run with `kura run-task` against the local MariaDB,
// the way infra/README.md's "The same template on a laptop" says users do it:
//   cdk synth → kura apply (DbHost=127.0.0.1) → scripts/put-db-password.sh → the schema's one-off
//   task (README's deploy step 5) → the service's task → /.healthcheck and /posts;
// then the CDK-generated task role denied outside its path, a second apply that changes nothing, the
// Secrets Manager variant (a generated secret, injected by ECS as the execution role), and
// `kura apply --delete`, after which only what the templates retain (the keys) and what the stack
// never owned (the password, the test's own parameter) is left.
//
// What differs from a container on Fargate, each only the host's side of it:
// - PORT is added to a copy of the written definition (README: the container listens on 80);
// - the PATH holds docker-entrypoint.sh and kura, which the image has in /usr/local/bin;
// - run-task is started in examples/posts-api (the image's WORKDIR, where dist/ is; the definition
//   has no workingDirectory).

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { SEED_POSTS } from '../src/schema.js';
import { apply, imageBin, infraDir, kuraCli, logicalIdAt, readTaskDefinition, runAsAdmin, synthesizeInfra, waitForOk, withPort } from './support/cdk.js';
import { aws, kuraHas, startKuraServe, type KuraServer } from './support/kura.js';
import { createTestDatabase, type TestDatabase } from './support/mariadb.js';
import { kuraBin, packageDir } from './support/paths.js';
import { closedPort, run, type Running } from './support/process.js';

const ACCOUNT = '123456789012';
const REGION = 'ap-northeast-1';
const STACK = 'KuraPostsApi';
const SM_STACK = 'KuraPostsApiSecretsManager';
const ready = kuraHas('apply') && kuraHas('run-task');

describe('infra/ applied to Kura with kura apply, its task definition run with kura run-task', { skip: ready ? false : 'this build of Kura has no `apply` yet' }, () => {
  let kura: KuraServer;
  let db: TestDatabase;
  let work: string;
  let cdkOut: string;
  let defs: string;
  let pathVar: string;
  /** The MariaDB user of the Secrets Manager variant, made with the password the stack generated. */
  let smUser: string | undefined;

  before(async () => {
    work = mkdtempSync(path.join(tmpdir(), 'posts-api-cdk-apply-'));
    cdkOut = path.join(work, 'cdk.out');
    defs = path.join(work, 'task-definitions');
    pathVar = imageBin(path.join(work, 'bin'));
    // The slow parts side by side, each kept as it settles so that after() cleans up whatever
    // started even if another failed. The database is empty: README's one-off task creates the schema.
    const settled = await Promise.allSettled([
      synthesizeInfra(cdkOut, path.join(work, 'home')),
      createTestDatabase('cdk_apply').then((d) => (db = d)),
      startKuraServe({ args: ['--account-id', ACCOUNT], region: REGION }).then((k) => (kura = k)),
    ]);
    const failed = settled.find((s) => s.status === 'rejected');
    if (failed) throw failed.reason;
  });

  after(async () => {
    await kura?.stop();
    if (smUser) await db?.root.query('DROP USER IF EXISTS ?@?', [smUser, '%']);
    await db?.drop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  const template = (stack: string) => path.join(cdkOut, `${stack}.template.json`);
  const parameters = (user: string) => ['--parameter', 'DbHost=127.0.0.1', '--parameter', 'DbPort=3306', '--parameter', `DbUser=${user}`, '--parameter', `DbName=${db.name}`];

  /** `kura run-task FILE --json` from the image's working directory, as the administrator. */
  function runTask(file: string, args: string[] = []): Running {
    return run(process.execPath, [kuraBin, 'run-task', file, '--json', ...args], { cwd: packageDir, env: { PATH: pathVar, ...kura.clientEnv } });
  }

  /** Runs the task definition's service (entryPoint + command as written), checks /.healthcheck and /posts, stops it. */
  async function serve(file: string): Promise<Running> {
    const port = await closedPort();
    const task = runTask(withPort(file, port, path.join(work, `${path.basename(file, '.json')}-${port}.json`)));
    try {
      await waitForOk(`http://127.0.0.1:${port}/.healthcheck`, () => task.child.exitCode === null, 30_000);
      const res = await fetch(`http://127.0.0.1:${port}/posts`);
      assert.equal(res.status, 200);
      assert.equal(((await res.json()) as { posts: unknown[] }).posts.length, SEED_POSTS.length);
    } finally {
      task.child.kill('SIGTERM');
    }
    await task.exited;
    const stopped = task.lines().find((l) => l.type === 'container' && l.lastStatus === 'STOPPED');
    assert.equal(stopped?.exitCode, 0, `the app shut down gracefully\n${task.stderr()}`);
    return task;
  }

  const roleName = (arn: string | undefined) => String(arn).split('/').pop()!;

  test('apply, put the password as README says, create the schema with a one-off task, and serve /posts as the CDK task role', async () => {
    const report = await apply(kura, pathVar, [template(STACK), ...parameters(db.user), '--task-definitions-out', defs]);
    assert.equal(report.stackName, STACK);
    const created = new Set(report.changes.filter((c) => c.action === 'create').map((c) => c.type));
    assert.deepEqual([...created].sort(), ['AWS::IAM::Policy', 'AWS::IAM::Role', 'AWS::KMS::Alias', 'AWS::KMS::Key', 'AWS::SSM::Parameter']);
    assert.ok(report.skipped.some((s) => s.type === 'AWS::ECS::Service'));
    assert.deepEqual(report.taskDefinitions.map((t) => [t.family, t.written]), [['posts-api', true]]);

    const file = path.join(defs, 'posts-api.json');
    const definition = readTaskDefinition(file);
    // The role CloudFormation would name <stack>-<logical id>-<random>, for the CDK's TaskRole.
    const taskRoleId = logicalIdAt(template(STACK), `${STACK}/TaskRole/Resource`);
    assert.match(roleName(definition.taskRoleArn), new RegExp(`^${STACK}-${taskRoleId}-[A-Z0-9]+$`));
    assert.equal(definition.taskRoleArn, `arn:aws:iam::${ACCOUNT}:role/${roleName(definition.taskRoleArn)}`);
    assert.deepEqual([definition.containerDefinitions[0]!.entryPoint, definition.containerDefinitions[0]!.command], [['docker-entrypoint.sh'], ['node', 'dist/server.js']]);

    // The SecureString CloudFormation cannot create: the script, the password on stdin.
    const put = await runAsAdmin(kura, pathVar, 'sh', [path.join(infraDir, 'scripts/put-db-password.sh')], db.password);
    assert.equal(put.code, 0, put.stderr);
    assert.equal(put.stdout, '/goecssample/database/sample/master/password version 1\n');

    // README's deploy step 5: the same definition, its command `node dist/migrate.js`. ECS's command
    // override keeps the image's entrypoint; run-task's --command replaces both, so it is given again.
    const migrate = runTask(file, ['--command', 'docker-entrypoint.sh node dist/migrate.js']);
    const migrated = await migrate.exited;
    assert.equal(migrated.code, 0, migrate.stderr());
    assert.ok(migrate.lines().some((l) => l.msg === 'migrated'));

    const task = await serve(file);
    const reads = kura.stdout().split('\n').filter((l) => l.includes('"operation":"GetParametersByPath"'));
    assert.ok(reads.length >= 2, 'kura exec read the parameters in both tasks');
    for (const read of reads) assert.match(read, new RegExp(`"principal":"arn:aws:sts::${ACCOUNT}:assumed-role/${roleName(definition.taskRoleArn)}/[0-9a-f]{32}"`));
    for (const output of [put.stdout, put.stderr, migrate.stdout(), migrate.stderr(), task.stdout(), task.stderr()]) {
      assert.ok(!output.includes(db.password), 'the password is never printed');
    }
  });

  test('the CDK task role is denied a parameter outside its path, in AWS\'s words', async () => {
    await aws(kura, ['ssm', 'put-parameter', '--name', '/other/x', '--type', 'String', '--value', 'not for posts-api']);
    const file = path.join(defs, 'posts-api.json');
    const role = roleName(readTaskDefinition(file).taskRoleArn);
    // A one-off task whose program is the AWS CLI: it finds the task role's credentials at the ECS
    // credentials endpoint, as any SDK in the container would.
    const task = runTask(file, ['--command', 'aws ssm get-parameter --name /other/x']);
    const { code } = await task.exited;
    assert.notEqual(code, 0);
    assert.match(
      task.stderr(),
      new RegExp(
        `An error occurred \\(AccessDeniedException\\) when calling the GetParameter operation: User: arn:aws:sts::${ACCOUNT}:assumed-role/${role}/[0-9a-f]{32} ` +
          `is not authorized to perform: ssm:GetParameter on resource: arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/other/x ` +
          'because no identity-based policy allows the ssm:GetParameter action\n',
      ),
    );
    const denied = kura.stdout().split('\n').filter((l) => l.includes('"operation":"GetParameter"') && l.includes('"errorCode":"AccessDeniedException"'));
    assert.equal(denied.length, 1);
    assert.match(denied[0]!, new RegExp(`"principal":"arn:aws:sts::${ACCOUNT}:assumed-role/${role}/`));
  });

  test('applying the same template again changes nothing, the task definition file included', async () => {
    const again = await apply(kura, pathVar, [template(STACK), ...parameters(db.user), '--task-definitions-out', defs]);
    assert.equal(again.noChanges, true);
    assert.deepEqual(again.changes.filter((c) => c.action !== 'unchanged'), []);
    assert.deepEqual(again.taskDefinitions.map((t) => [t.family, t.written]), [['posts-api', false]]);
  });

  test('the Secrets Manager variant: a generated secret, injected by ECS as the execution role, and the app serves /posts', async () => {
    smUser = `${db.user}_sm`;
    const report = await apply(kura, pathVar, [template(SM_STACK), ...parameters(smUser), '--task-definitions-out', defs]);
    assert.ok(report.changes.some((c) => c.action === 'create' && c.type === 'AWS::SecretsManager::Secret'));
    // The database's side of a generated password: a user made with it (RDS does this with -c rds=true).
    const { SecretString } = await aws<{ SecretString: string }>(kura, ['secretsmanager', 'get-secret-value', '--secret-id', 'goecssample/db']);
    const secret = JSON.parse(SecretString) as Record<string, string>;
    assert.deepEqual({ ...secret, password: secret.password?.length }, { engine: 'mysql', username: smUser, dbname: db.name, host: '127.0.0.1', port: '3306', password: 32 });
    await db.root.query('CREATE USER ?@? IDENTIFIED BY ?', [smUser, '%', secret.password]);
    await db.root.query(`GRANT ALL PRIVILEGES ON ${db.root.escapeId(db.name)}.* TO ?@?`, [smUser, '%']);

    const file = path.join(defs, 'posts-api-secretsmanager.json');
    const definition = readTaskDefinition(file);
    const before = kura.stdout().length;
    const task = await serve(file);
    const reads = kura.stdout().slice(before).split('\n').filter((l) => l.includes('"operation":"GetSecretValue"'));
    assert.equal(reads.length, 1, 'one GetSecretValue for the five keys');
    assert.match(reads[0]!, new RegExp(`"principal":"arn:aws:sts::${ACCOUNT}:assumed-role/${roleName(definition.executionRoleArn)}/`));
    assert.ok(!task.stdout().includes(secret.password!) && !task.stderr().includes(secret.password!), 'the password is never printed');
  });

  test('kura apply --delete leaves only what the templates retain (the keys) and what the stacks never owned', async () => {
    for (const stack of [STACK, SM_STACK]) {
      const deleted = await kuraCli(kura, pathVar, ['apply', '--delete', '--stack-name', stack]);
      assert.equal(deleted.code, 0, deleted.stderr);
    }
    const list = <T>(args: string[]) => aws<T>(kura, args);
    assert.deepEqual((await list<{ Roles: unknown[] }>(['iam', 'list-roles'])).Roles, []);
    assert.deepEqual((await list<{ Policies: unknown[] }>(['iam', 'list-policies', '--scope', 'Local'])).Policies, []);
    assert.deepEqual((await list<{ Users: Array<{ UserName: string }> }>(['iam', 'list-users'])).Users.map((u) => u.UserName), ['admin']);
    assert.deepEqual((await list<{ Groups: unknown[] }>(['iam', 'list-groups'])).Groups, []);
    assert.deepEqual((await list<{ SecretList: unknown[] }>(['secretsmanager', 'list-secrets'])).SecretList, []);
    const names = (await list<{ Parameters: Array<{ Name: string }> }>(['ssm', 'describe-parameters'])).Parameters.map((p) => p.Name).sort();
    assert.deepEqual(names, ['/goecssample/database/sample/master/password', '/other/x'], 'no stack parameter, no /kura/stacks record');
    const aliases = (await list<{ Aliases: Array<{ AliasName: string }> }>(['kms', 'list-aliases'])).Aliases.map((a) => a.AliasName);
    assert.deepEqual(aliases.filter((a) => !a.startsWith('alias/aws/')), []);
    // DeletionPolicy Retain (CDK's default for a key): both keys stay, usable, out of any stack.
    const keys = [];
    for (const { KeyId } of (await list<{ Keys: Array<{ KeyId: string }> }>(['kms', 'list-keys'])).Keys) {
      const { KeyMetadata } = await list<{ KeyMetadata: { KeyState: string; KeyManager: string } }>(['kms', 'describe-key', '--key-id', KeyId]);
      if (KeyMetadata.KeyManager === 'CUSTOMER') keys.push(KeyMetadata.KeyState);
    }
    assert.deepEqual(keys, ['Enabled', 'Enabled']);
  });
});
