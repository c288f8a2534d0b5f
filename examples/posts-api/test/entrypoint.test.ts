// The image's ENTRYPOINT and CMD, run as the container would run them, without a container engine: the
// final stage's files are laid out under a temporary root from the Dockerfile's own COPY instructions
// (test/support/dockerfile.ts), PATH points at its /usr/local/bin, the process runs as uid 1000 (the
// image's `node` user) in its WORKDIR, and the entrypoint script finds the real `kura` there.
// What differs from the image: the base layer (this machine's Node and /bin/sh instead of node:24-slim's),
// and node_modules, copied from the repository's as the app's production dependency closure (what the
// deps stage's `npm ci --omit=dev` installs, less mysql2's optional peer @types/node).

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { SEED_POSTS } from '../src/schema.js';
import { copyProductionDependencies, last, parseDockerfile, stageFinalImage, type StagedImage } from './support/dockerfile.js';
import { aws, kuraHas, putDatabaseParameters, startKuraServe } from './support/kura.js';
import { createTestDatabase, type TestDatabase } from './support/mariadb.js';
import { databaseSecret } from './support/secrets.js';
import { kuraBin, packageDir, repoRoot } from './support/paths.js';
import { closedPort, listeningPort, run, type Running } from './support/process.js';

const EXPECTED_EXEC = 'exec kura exec --path /goecssample/database/sample/master --prefix DB_ -- node dist/server.js';
const mapsOf = (id: string) =>
  Object.entries({ DB_USER: 'username', DB_PASSWORD: 'password', DB_HOST: 'host', DB_PORT: 'port', DB_NAME: 'dbname' })
    .map(([name, key]) => `--map ${name}=secretsmanager://${id}:${key}`)
    .join(' ');
const execReady = kuraHas('exec');
// As root, run as the image's uid 1000, when this machine's node is reachable by that user.
const asImageUser = process.getuid?.() === 0 && spawnSync(process.execPath, ['-e', ''], { uid: 1000, gid: 1000, cwd: '/' }).status === 0;

let image: StagedImage;
let db: TestDatabase;

before(async () => {
  // The kura bundle is what the image copies from the build stage; build it if this checkout has not.
  if (!existsSync(path.join(repoRoot, 'packages/kura/dist/kura.js'))) {
    const built = spawnSync(process.execPath, [path.join(repoRoot, 'packages/kura/scripts/build.mjs')], { stdio: 'inherit' });
    assert.equal(built.status, 0, 'building kura');
  }
  const { stages } = parseDockerfile(readFileSync(path.join(packageDir, 'Dockerfile'), 'utf8'));
  // Each earlier stage works in its WORKDIR on a copy of the repository, built: that is this checkout.
  const stageDirs = Object.fromEntries(
    stages.slice(0, -1).map((s) => [s.name!, { workdir: last(s, 'WORKDIR')!.args, dir: repoRoot }]),
  );
  const root = mkdtempSync(path.join(tmpdir(), 'posts-api-image-'));
  chmodSync(root, 0o755);
  image = stageFinalImage(stages, {
    root,
    context: repoRoot,
    stageDirs,
    copyNodeModules: (from, to) => copyProductionDependencies(path.join(packageDir, 'package.json'), from, to),
  });
  db = await createTestDatabase('image', { migrated: true });
});

after(async () => {
  await db?.drop();
  if (image) rmSync(image.root, { recursive: true, force: true });
});

/** Runs the image's ENTRYPOINT + CMD (or another command) with only the given environment. */
function runImage(env: Record<string, string>, opts: { trace?: boolean; cmd?: string[] } = {}): Running {
  const PATH = [image.at('/usr/local/bin'), path.dirname(process.execPath), '/usr/bin', '/bin'].join(':');
  const cmd = opts.cmd ?? image.cmd;
  // `sh -x` prints each command the script runs: the exact argv it hands to kura, with no stub in between.
  const [command, args] = opts.trace
    ? ['sh', ['-x', image.at(`/usr/local/bin/${image.entrypoint[0]}`), ...image.entrypoint.slice(1), ...cmd]]
    : [image.entrypoint[0]!, [...image.entrypoint.slice(1), ...cmd]];
  return run(command, args, {
    cwd: image.at(image.workdir),
    env: { ...image.env, PATH, HOME: '/home/node', ...env },
    ...(asImageUser ? { uid: 1000, gid: 1000 } : {}),
  });
}

describe('the image entrypoint, run locally', () => {
  test('the stager laid out the image as declared', () => {
    assert.equal(image.workdir, '/app');
    assert.equal(image.user, 'node');
    assert.deepEqual(image.env, { NODE_ENV: 'production' });
    for (const file of ['/app/dist/server.js', '/app/package.json', '/app/node_modules/mysql2/package.json', '/opt/kura/bin/kura.js', '/opt/kura/package.json', '/usr/local/bin/kura']) {
      assert.ok(existsSync(image.at(file)), file);
    }
    assert.ok(!existsSync(image.at('/app/node_modules/tsx')), 'no development dependency in the image');
  });

  test('kura runs from the image copy alone, without any node_modules', () => {
    const out = spawnSync(image.at('/usr/local/bin/kura'), ['--version'], { cwd: '/', env: { PATH: path.dirname(process.execPath) }, encoding: 'utf8' });
    assert.equal(out.status, 0, out.stderr);
    assert.equal(out.stdout.trim(), JSON.parse(readFileSync(path.join(repoRoot, 'packages/kura/package.json'), 'utf8')).version);
  });

  test('without PARAMETER_STORE_PREFIX, the declared ENTRYPOINT and CMD just start the app', async () => {
    const app = runImage({ ...db.env, PORT: '0' });
    try {
      const port = await listeningPort(app);
      const res = await fetch(`http://127.0.0.1:${port}/posts`);
      assert.equal(res.status, 200);
      assert.equal(((await res.json()) as { posts: unknown[] }).posts.length, SEED_POSTS.length);
      // exec replaced the shell: the process ECS signals is node itself.
      const argv = readFileSync(`/proc/${app.child.pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
      assert.deepEqual(argv, image.cmd);
      if (asImageUser) assert.match(readFileSync(`/proc/${app.child.pid}/status`, 'utf8'), /^Uid:\s+1000\s/m);
    } finally {
      assert.deepEqual(await app.stop('SIGTERM'), { code: 0, signal: null }, `graceful exit\n${app.stderr()}`);
    }
    assert.ok(app.lines().some((l) => l.msg === 'stopped'));
    assert.ok(!app.stdout().includes(db.password) && !app.stderr().includes(db.password));
  });

  test('without a command, the entrypoint refuses to start', async () => {
    const app = runImage({}, { cmd: [] });
    assert.equal((await app.exited).code, 64);
    assert.match(app.stderr(), /no command to run/);
  });

  for (const prefix of ['goecssample', '/goecssample', 'goecssample/']) {
    test(`with PARAMETER_STORE_PREFIX=${prefix}, it execs kura exec on the path built from it, with no value in argv`, async () => {
      // The store is unreachable, so this also checks that the app never starts without its parameters.
      const unreachable = `http://127.0.0.1:${await closedPort()}`;
      const app = runImage(
        { PARAMETER_STORE_PREFIX: prefix, PORT: '0', AWS_ENDPOINT_URL: unreachable, AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE', AWS_SECRET_ACCESS_KEY: 'example', AWS_MAX_ATTEMPTS: '1', AWS_EC2_METADATA_DISABLED: 'true' },
        { trace: true },
      );
      const { code } = await app.exited;
      const trace = app.stderr().split('\n').filter((l) => l.startsWith('+ '));
      assert.equal(trace.at(-1), `+ ${EXPECTED_EXEC}`);
      assert.notEqual(code, 0, 'fails closed');
      assert.ok(!app.lines().some((l) => l.msg === 'listening'), 'the app did not start');
      // Until kura exec lands, the real kura (found on the image PATH) answers that it has no such command.
      if (!execReady) assert.match(app.stderr(), /kura: unknown command 'exec'/);
    });
  }

  for (const prefix of ['/', 'go ecs', 'a;b', '$(id)']) {
    test(`a malformed PARAMETER_STORE_PREFIX (${JSON.stringify(prefix)}) stops the container without echoing it`, async () => {
      const app = runImage({ PARAMETER_STORE_PREFIX: prefix });
      assert.equal((await app.exited).code, 64);
      assert.equal(app.stderr().trim(), 'docker-entrypoint: PARAMETER_STORE_PREFIX is malformed (expected a Parameter Store path such as goecssample)');
    });
  }

  const ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:goecssample/db-AbCdEf';
  for (const id of ['goecssample/db', ARN]) {
    test(`with DB_SECRET_ID=${id}, it execs kura exec mapping the secret's five keys to DB_*, with no value in argv`, async () => {
      const unreachable = `http://127.0.0.1:${await closedPort()}`;
      const app = runImage(
        { DB_SECRET_ID: id, PORT: '0', AWS_ENDPOINT_URL: unreachable, AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE', AWS_SECRET_ACCESS_KEY: 'example', AWS_MAX_ATTEMPTS: '1', AWS_EC2_METADATA_DISABLED: 'true' },
        { trace: true },
      );
      const { code } = await app.exited;
      const trace = app.stderr().split('\n').filter((l) => l.startsWith('+ '));
      assert.equal(trace.at(-1), `+ exec kura exec ${mapsOf(id)} -- node dist/server.js`);
      assert.notEqual(code, 0, 'fails closed');
      assert.ok(!app.lines().some((l) => l.msg === 'listening'), 'the app did not start');
    });
  }

  for (const id of [`${ARN}:password::`, 'go ecs', '$(id)', 'a;b', 'arn:aws:ssm:us-east-1:123456789012:parameter/db']) {
    test(`a malformed DB_SECRET_ID (${JSON.stringify(id)}) stops the container without echoing it`, async () => {
      const app = runImage({ DB_SECRET_ID: id });
      assert.equal((await app.exited).code, 64);
      assert.equal(app.stderr().trim(), 'docker-entrypoint: DB_SECRET_ID is malformed (expected a Secrets Manager secret name or ARN such as goecssample/db)');
    });
  }

  test('PARAMETER_STORE_PREFIX and DB_SECRET_ID together stop the container: DB_* come from one place', async () => {
    const app = runImage({ PARAMETER_STORE_PREFIX: 'goecssample', DB_SECRET_ID: 'goecssample/db' });
    assert.equal((await app.exited).code, 64);
    assert.match(app.stderr(), /PARAMETER_STORE_PREFIX and DB_SECRET_ID are both set/);
  });

  test('with DB_SECRET_ID and a real kura serve, the app gets DB_* from the JSON secret', { skip: execReady ? false : 'kura exec is not in this build of Kura yet' }, async () => {
    const kura = await startKuraServe();
    try {
      await aws(kura, ['secretsmanager', 'create-secret', '--name', 'goecssample/db', '--secret-string', databaseSecret(db)]);
      const app = runImage({ DB_SECRET_ID: 'goecssample/db', PORT: '0', ...kura.clientEnv });
      try {
        const port = await listeningPort(app);
        const res = await fetch(`http://127.0.0.1:${port}/posts`);
        assert.equal(res.status, 200);
        assert.equal(((await res.json()) as { posts: unknown[] }).posts.length, SEED_POSTS.length);
      } finally {
        assert.deepEqual(await app.stop('SIGTERM'), { code: 0, signal: null }, app.stderr());
      }
      assert.equal(kura.stdout().split('\n').filter((l) => l.includes('"operation":"GetSecretValue"')).length, 1, 'one read for the five keys');
      assert.ok(!app.stdout().includes(db.password) && !app.stderr().includes(db.password), 'the password is never printed');
    } finally {
      await kura.stop();
    }
  });

  test('with PARAMETER_STORE_PREFIX and a real kura serve, the app gets DB_* from Parameter Store', { skip: execReady ? false : `kura exec is not in this build of Kura yet (${kuraBin} exec --help fails); the argv it would get is checked above` }, async () => {
    const kura = await startKuraServe();
    try {
      await putDatabaseParameters(kura, 'goecssample', db.env);
      const app = runImage({ PARAMETER_STORE_PREFIX: 'goecssample', PORT: '0', ...kura.clientEnv });
      try {
        const port = await listeningPort(app);
        const res = await fetch(`http://127.0.0.1:${port}/posts`);
        assert.equal(res.status, 200);
        assert.equal(((await res.json()) as { posts: unknown[] }).posts.length, SEED_POSTS.length);
        assert.equal((await fetch(`http://127.0.0.1:${port}/.healthcheck`)).status, 200);
      } finally {
        assert.deepEqual(await app.stop('SIGTERM'), { code: 0, signal: null }, app.stderr());
      }
      assert.ok(!app.stdout().includes(db.password) && !app.stderr().includes(db.password), 'the password is never printed');
    } finally {
      await kura.stop();
    }
  });
});
