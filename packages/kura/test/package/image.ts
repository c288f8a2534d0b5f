// The server image's ENTRYPOINT, CMD and HEALTHCHECK run as the container would run them, without a
// container engine: the final stage of packages/kura/Dockerfile is laid out under a temporary root by
// the posts API's stager (examples/posts-api/test/support/dockerfile.ts), its install stage's
// /opt/kura being the folder package.test.ts installed the packed tarball into (the same artifact and
// the same command, `npm install <tarball>`). The process runs with the image's environment, PATH
// pointing at its /usr/local/bin, as uid 1000 (the image's `node` user) when the test runs as root.
// What differs from the image: the base layer (this machine's Node and libc instead of
// node:24-slim's), and KURA_DATA and KURA_PORT, pointed at the staged /data and a free port.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import { last, parseDockerfile, stageFinalImage, type StagedImage } from '../../../../examples/posts-api/test/support/dockerfile.js';
import { awsCli, freePort, packageJson, packageRoot, repoRoot, serve } from './kit.js';

const dockerfile = readFileSync(path.join(packageRoot, 'Dockerfile'), 'utf8');
// As root, run as the image's uid 1000, when this machine's node is reachable by that user.
const asImageUser = process.getuid?.() === 0 && spawnSync(process.execPath, ['-e', ''], { uid: 1000, gid: 1000, cwd: '/' }).status === 0;

export function imageTests(installed: () => string, cleanup: string[]): void {
  describe('the server image, its entry command run from the same install', () => {
    let image: StagedImage;
    let healthcheck: string[];
    before(() => {
      const { stages } = parseDockerfile(dockerfile);
      const stageDirs = Object.fromEntries(
        stages.slice(0, -1).map((s) => [s.name!, { workdir: last(s, 'WORKDIR')!.args, dir: s.name === 'install' ? installed() : repoRoot }]),
      );
      const root = mkdtempSync(path.join(tmpdir(), 'kura-image-'));
      chmodSync(root, 0o755);
      cleanup.push(root);
      image = stageFinalImage(stages, { root, context: repoRoot, stageDirs });
      const check = /\bCMD\s+(\[.*\])$/.exec(last(stages.at(-1)!, 'HEALTHCHECK')?.args ?? '');
      assert.ok(check, 'HEALTHCHECK … CMD ["…"] in exec form');
      healthcheck = JSON.parse(check[1]!) as string[];
    });

    /** The image's environment with the test's changes, and how to run a process as the image would. */
    const runAs = (env: Record<string, string>) => ({
      cwd: image.at(image.workdir),
      env: { ...image.env, PATH: [image.at('/usr/local/bin'), path.dirname(process.execPath), '/usr/bin', '/bin'].join(':'), HOME: '/home/node', KURA_DATA: image.at('/data'), ...env },
      ...(asImageUser ? { uid: 1000, gid: 1000 } : {}),
    });

    test('the stager laid the image out as declared: kura from the installed package on the PATH, /data for the node user', () => {
      assert.deepEqual([image.user, image.workdir, image.entrypoint, image.cmd], ['node', '/data', ['kura'], ['serve']]);
      assert.deepEqual(image.env, { NODE_ENV: 'production', KURA_HOST: '0.0.0.0', KURA_PORT: '4566', KURA_DATA: '/data' });
      assert.ok(existsSync(image.at('/opt/kura/node_modules/kura/package.json')));
      assert.ok(existsSync(image.at('/opt/kura/node_modules/better-sqlite3/package.json')), 'the native module the install built');
      const version = spawnSync(image.at('/usr/local/bin/kura'), ['--version'], runAs({}));
      assert.equal(String(version.stdout), `${packageJson.version}\n`, String(version.stderr));
      assert.equal(statSync(image.at('/data')).mode & 0o777, 0o700);
      if (asImageUser) assert.equal(statSync(image.at('/data')).uid, 1000);
    });

    test('bound beyond loopback by KURA_HOST, it refuses plain HTTP until KURA_INSECURE_HTTP=1 or TLS is given', () => {
      const r = spawnSync(image.entrypoint[0]!, [...image.entrypoint.slice(1), ...image.cmd], { ...runAs({}), encoding: 'utf8', timeout: 30_000 });
      assert.equal(r.status, 2, r.stderr);
      assert.equal(
        r.stderr,
        'kura serve: binding to 0.0.0.0 (beyond loopback) needs TLS: give --tls-cert and --tls-key (KURA_TLS_CERT, KURA_TLS_KEY), or --insecure-http (KURA_INSECURE_HTTP=1) to accept plain HTTP\n',
      );
    });

    test('with KURA_INSECURE_HTTP=1 it serves from /data, its HEALTHCHECK command passes, and SIGTERM stops it', async () => {
      const port = String(await freePort());
      const options = runAs({ KURA_PORT: port, KURA_INSECURE_HTTP: '1' });
      const server = await serve(image.entrypoint[0]!, [...image.entrypoint.slice(1), ...image.cmd], options);
      try {
        assert.equal(server.url, `http://0.0.0.0:${port}`);
        const health = spawnSync(healthcheck[0]!, healthcheck.slice(1), { ...options, encoding: 'utf8', timeout: 30_000 });
        assert.equal(health.status, 0, health.stderr);
        assert.equal(health.stdout, `ok: Kura ${packageJson.version} at http://127.0.0.1:${port}\n`);
        // The administrator's generated key pair and the master key are in the volume, 0600.
        for (const file of ['admin.env', 'master.key', 'kura.db']) assert.ok(existsSync(image.at(`/data/${file}`)), file);
        assert.equal(statSync(image.at('/data/admin.env')).mode & 0o777, 0o600);
        const admin = Object.fromEntries(
          readFileSync(image.at('/data/admin.env'), 'utf8')
            .trim()
            .split('\n')
            .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
        ) as Record<string, string>;
        const credentials = { accessKeyId: admin.AWS_ACCESS_KEY_ID!, secretAccessKey: admin.AWS_SECRET_ACCESS_KEY! };
        const url = `http://127.0.0.1:${port}`;
        awsCli(url, credentials, ['ssm', 'put-parameter', '--name', '/image/check', '--type', 'SecureString', '--value', 'from-the-image']);
        const got = awsCli(url, credentials, ['ssm', 'get-parameter', '--name', '/image/check', '--with-decryption']) as { Parameter: { Value: string } };
        assert.equal(got.Parameter.Value, 'from-the-image');
      } finally {
        await server.stop();
      }
      assert.equal(server.child.exitCode, 0, server.stderr());
      const down = spawnSync(healthcheck[0]!, healthcheck.slice(1), { ...options, encoding: 'utf8', timeout: 30_000 });
      assert.equal(down.status, 1);
      assert.equal(down.stderr, `kura health: http://127.0.0.1:${port} did not answer (ECONNREFUSED)\n`);
    });
  });
}
