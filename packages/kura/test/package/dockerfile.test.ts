// The server image's Dockerfile and its ignore file, read statically (this machine has no container
// engine; package.test.ts runs the image's entry command from the installed package): stages, base
// image, user, volume, port, health check, configuration, and that the build context holds what the
// build reads and nothing else.

import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { includedByDockerignore, last, parseDockerfile, readText } from '../../../../examples/posts-api/test/support/dockerfile.js';
import { packageRoot, repoRoot } from './kit.js';

const dockerfile = readText(path.join(packageRoot, 'Dockerfile'));
const ignore = readText(path.join(packageRoot, 'Dockerfile.dockerignore'));
const { directives, stages } = parseDockerfile(dockerfile);
const final = stages.at(-1)!;
const byName = (name: string) => stages.find((s) => s.name === name)!;
const runs = (stage: { instructions: { keyword: string; args: string }[] }) => stage.instructions.filter((i) => i.keyword === 'RUN').map((i) => i.args);

describe('the server Dockerfile', () => {
  test('packs the package in one stage, installs the tarball in another, and the final stage copies only the install', () => {
    assert.equal(directives.syntax, 'docker/dockerfile:1');
    assert.deepEqual(stages.map((s) => s.name), ['pack', 'install', undefined]);
    assert.ok(runs(byName('pack')).some((r) => /^npm pack -w packages\/kura --pack-destination \S+$/.test(r)), 'npm pack (prepack builds dist/)');
    assert.ok(runs(byName('install')).some((r) => /^npm install --omit=dev .*\S+\/kura-\*\.tgz$/.test(r)), 'npm install of the tarball');
    const froms = final.instructions.filter((i) => i.keyword === 'COPY').map((i) => i.flags.from);
    assert.deepEqual(froms, ['install'], 'the final stage copies the installed package and nothing from the context');
    assert.ok(!runs(final).some((r) => /npm|node-gyp|apt/.test(r)), 'nothing is installed or built in the final stage');
    assert.ok(!stages.slice(0, -1).some((s) => s.instructions.some((i) => i.keyword === 'COPY' && i.flags.from === undefined && /\.tgz/.test(i.args))), 'the tarball is built here, not taken from the context');
  });

  test('builds the web console from its sources before packing, which copies it into the package (scripts/build.mjs)', () => {
    const pack = runs(byName('pack'));
    const consoleBuild = pack.indexOf('npm run build -w packages/console');
    assert.ok(consoleBuild >= 0, 'the console is built in the pack stage');
    assert.ok(consoleBuild < pack.findIndex((r) => r.startsWith('npm pack ')), 'before npm pack');
    assert.ok(pack.some((r) => /^npm ci .*-w packages\/console\b/.test(r)), "the console's dependencies (Vite) are installed");
  });

  test('every stage is node:24-slim (one Node ABI for the native module the install builds)', () => {
    for (const stage of stages) assert.match(stage.image, /^node:24-slim(@sha256:[0-9a-f]{64})?$/);
    assert.equal(new Set(stages.map((s) => s.image)).size, 1);
  });

  test('runs as the node user, with /data as the volume and working directory, owned by that user', () => {
    const user = last(final, 'USER')!;
    assert.equal(user.args, 'node');
    assert.ok(runs(final).includes('install -d -o node -g node -m 0700 /data'));
    assert.equal(last(final, 'VOLUME')?.args, '/data');
    assert.equal(last(final, 'WORKDIR')?.args, '/data');
    for (const keyword of ['ENTRYPOINT', 'CMD', 'HEALTHCHECK']) assert.ok(last(final, keyword)!.line > user.line, `${keyword} after USER`);
    assert.ok(!final.instructions.some((i) => i.keyword === 'RUN' && i.line > user.line), 'no RUN after USER');
  });

  test('is configured by environment: KURA_HOST, KURA_PORT (the exposed port), KURA_DATA; no secret and no unsafe switch baked in', () => {
    const env = Object.fromEntries(final.instructions.filter((i) => i.keyword === 'ENV').map((i) => i.args.split('=') as [string, string]));
    assert.deepEqual(env, { NODE_ENV: 'production', KURA_HOST: '0.0.0.0', KURA_PORT: '4566', KURA_DATA: '/data' });
    assert.equal(last(final, 'EXPOSE')?.args, env.KURA_PORT);
    assert.doesNotMatch(dockerfile, /^\s*(ENV|ARG)\s+(KURA_(INSECURE_HTTP|DEV|MASTER_KEY|ADMIN_\w+)|AWS_\w+)\b/m);
    assert.deepEqual([last(final, 'ENTRYPOINT')?.json, last(final, 'CMD')?.json], [['kura'], ['serve']]);
  });

  test('its HEALTHCHECK runs `kura health` (no curl in a slim image), with bounded timing', () => {
    const check = last(final, 'HEALTHCHECK')!;
    assert.match(check.args, /\bCMD \["kura", "health"\]$/);
    for (const option of ['interval', 'timeout', 'start-period', 'retries']) assert.ok(check.flags[option], `--${option}`);
  });
});

describe('packages/kura/Dockerfile.dockerignore', () => {
  test('lets through every file the Dockerfile copies from the context, and what packing reads', () => {
    const sources = stages
      .flatMap((s) => s.instructions)
      .filter((i) => i.keyword === 'COPY' && !i.flags.from)
      .flatMap((i) => (i.json ?? i.args.split(/\s+/)).slice(0, -1));
    assert.ok(sources.length > 0);
    for (const source of sources) {
      const clean = source.replace(/\/$/, '');
      const files = statSync(path.join(repoRoot, clean)).isDirectory() ? listFiles(clean) : [clean];
      assert.ok(files.some((f) => includedByDockerignore(ignore, f)), `${source} is excluded from the context`);
    }
    for (const needed of ['packages/console/package.json', 'packages/kura/src/cli/main.ts', 'packages/kura/scripts/build.mjs', 'packages/kura/models/ssm.json', 'packages/kura/bin/kura.js', 'packages/kura/runtime/lambda-bootstrap.py', 'packages/kura/LICENSE', 'package-lock.json']) {
      statSync(path.join(repoRoot, needed));
      assert.ok(includedByDockerignore(ignore, needed), `${needed} is needed by the build`);
    }
  });

  test('keeps out local builds, dependencies, tests, data, the git directory and the other images', () => {
    for (const file of [
      'node_modules/esbuild/package.json', 'packages/kura/dist/kura.js', 'packages/kura/src/wire/json.test.ts', 'packages/kura/src/store/testing/contract.ts',
      'packages/kura/test/e2e/harness.ts', 'packages/kura/bench/x', '.git/HEAD', '.kura/kura.db', 'packages/kura/.kura/master.key', '.env',
      'examples/posts-api/src/server.ts', 'docs/operations.md', 'packages/kura/kura-0.1.0.tgz',
      'packages/console/dist/index.html', 'packages/console/node_modules/vite/package.json', 'packages/kura/src/server/testing/console/index.html',
    ]) {
      assert.ok(!includedByDockerignore(ignore, file), `${file} reaches the builder`);
    }
  });
});

function listFiles(dir: string): string[] {
  return readdirSync(path.join(repoRoot, dir), { withFileTypes: true }).flatMap((e) => {
    if (e.name === 'node_modules') return [];
    const rel = `${dir}/${e.name}`;
    return e.isDirectory() ? listFiles(rel) : [rel];
  });
}
