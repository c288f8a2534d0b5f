// The Dockerfile and its ignore file, read statically: stages, base image, user, what gets installed,
// and whether every file the build copies actually reaches the builder.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { includedByDockerignore, last, parseDockerfile, readText } from './support/dockerfile.js';
import { packageDir, repoRoot } from './support/paths.js';

const dockerfile = readText(path.join(packageDir, 'Dockerfile'));
const ignore = readText(path.join(packageDir, 'Dockerfile.dockerignore'));
const { directives, stages } = parseDockerfile(dockerfile);
const final = stages.at(-1)!;

describe('Dockerfile', () => {
  test('is multi-stage: named build stages, and a final stage that copies their results', () => {
    assert.ok(stages.length >= 2, `${stages.length} stage(s)`);
    assert.equal(directives.syntax, 'docker/dockerfile:1', 'COPY --chmod needs the BuildKit frontend');
    const built = stages.slice(0, -1).map((s) => s.name);
    assert.ok(built.every((n) => n !== undefined), 'every earlier stage is named');
    const froms = final.instructions.filter((i) => i.keyword === 'COPY' && i.flags.from).map((i) => i.flags.from);
    assert.deepEqual([...new Set(froms)].sort(), [...built].sort() as string[], 'the final stage copies from each earlier stage');
    assert.ok(!final.instructions.some((i) => i.keyword === 'RUN' && /npm|tsc|build/.test(i.args)), 'nothing is built in the final stage');
  });

  test('every stage is on a current Node LTS slim image (node:24-slim)', () => {
    for (const stage of stages) {
      const m = /^node:(\d+)-slim(@sha256:[0-9a-f]{64})?$/.exec(stage.image);
      assert.ok(m, `${stage.image} is not node:<major>-slim`);
      const major = Number(m[1]);
      // Even majors become LTS; 20 reached end of life in April 2026, 22 is in maintenance.
      assert.ok(major % 2 === 0 && major >= 22, `${stage.image} is not a supported LTS line`);
      // And one the packages accept: a node:<major> tag is that line's latest release.
      for (const manifest of ['examples/posts-api/package.json', 'packages/kura/package.json']) {
        const floor = /^>=(\d+)\.\d+$/.exec((JSON.parse(readText(path.join(repoRoot, manifest))) as { engines: { node: string } }).engines.node);
        assert.ok(floor && major >= Number(floor[1]), `${stage.image} is below the engines of ${manifest}`);
      }
    }
    assert.equal(new Set(stages.map((s) => s.image)).size, 1, 'one base image for all stages (one Node ABI)');
  });

  test('the final stage runs as a non-root user', () => {
    const user = last(final, 'USER')?.args;
    assert.ok(user, 'USER is set in the final stage');
    assert.ok(!/^(root|0)(:|$)/.test(user), `USER ${user}`);
    const userLine = last(final, 'USER')!.line;
    for (const keyword of ['ENTRYPOINT', 'CMD']) assert.ok(last(final, keyword)!.line > userLine, `${keyword} after USER`);
    assert.ok(!final.instructions.some((i) => i.keyword === 'RUN' && i.line > userLine), 'no RUN after USER');
  });

  test('installs neither Python nor the AWS CLI, in any stage', () => {
    const runs = stages.flatMap((s) => s.instructions.filter((i) => i.keyword === 'RUN').map((i) => i.args));
    for (const run of runs) {
      assert.doesNotMatch(run, /python|pip\b|get-pip|awscli|aws-cli|awscliv2|\bapt(-get)?\s+install|\bapk\s+add/i, run);
    }
    assert.doesNotMatch(dockerfile, /^\s*(ADD|COPY)\b.*\baws\b/im);
  });

  test('ENTRYPOINT is the entrypoint script and CMD the built server, both in exec form', () => {
    assert.deepEqual(last(final, 'ENTRYPOINT')?.json, ['docker-entrypoint.sh']);
    assert.deepEqual(last(final, 'CMD')?.json, ['node', 'dist/server.js']);
    assert.equal(last(final, 'WORKDIR')?.args, '/app');
    assert.equal(last(final, 'EXPOSE')?.args, '80');
    const copy = final.instructions.find((i) => i.keyword === 'COPY' && /docker-entrypoint\.sh$/.test(i.args));
    assert.ok(copy, 'the script is copied in');
    assert.equal(copy.flags.chmod, '0755');
    assert.match(copy.args, /\/usr\/local\/bin\/docker-entrypoint\.sh$/, 'on the image PATH');
    assert.ok(final.instructions.some((i) => i.keyword === 'RUN' && i.args === 'ln -s /opt/kura/bin/kura.js /usr/local/bin/kura'), 'kura is on the PATH');
  });

  test('the entrypoint script is POSIX sh, executable, and parses', () => {
    const script = path.join(packageDir, 'docker-entrypoint.sh');
    assert.match(readText(script), /^#!\/bin\/sh\n/);
    assert.ok((statSync(script).mode & 0o111) !== 0, 'executable in the work tree (git records the mode)');
    execFileSync('sh', ['-n', script]);
    const code = readText(script).split('\n').filter((l) => !/^\s*#/.test(l)).join('\n');
    assert.doesNotMatch(code, /\b(bash|aws|curl|python3?)\b|\[\[|\bsource\b/, 'no bash, no AWS CLI');
  });
});

describe('Dockerfile.dockerignore', () => {
  test('lets through every file the Dockerfile copies from the context', () => {
    const sources = stages
      .flatMap((s) => s.instructions)
      .filter((i) => i.keyword === 'COPY' && !i.flags.from)
      .flatMap((i) => (i.json ?? i.args.split(/\s+/)).slice(0, -1));
    assert.ok(sources.length > 0);
    for (const source of sources) {
      const clean = source.replace(/\/$/, '');
      // A directory reaches the builder when some file below it does (the rest is checked below).
      const files = statSync(path.join(repoRoot, clean)).isDirectory() ? listFiles(clean) : [clean];
      assert.ok(files.some((f) => includedByDockerignore(ignore, f)), `${source} is excluded from the context`);
    }
    for (const needed of [
      'packages/kura/src/cli/main.ts', 'packages/kura/scripts/build.mjs', 'packages/kura/models/ssm.json', 'packages/kura/tsconfig.json',
      'examples/posts-api/src/server.ts', 'examples/posts-api/tsconfig.build.json', 'examples/posts-api/docker-entrypoint.sh',
    ]) {
      statSync(path.join(repoRoot, needed));
      assert.ok(includedByDockerignore(ignore, needed), `${needed} is needed by the build`);
    }
  });

  test('keeps out local builds, dependencies, tests, data and the git directory', () => {
    for (const path of [
      'node_modules/mysql2/package.json', 'packages/kura/node_modules/x', 'packages/kura/dist/kura.js', 'examples/posts-api/dist/server.js',
      'examples/posts-api/src/config.test.ts', 'packages/kura/src/wire/json.test.ts', '.git/HEAD', '.kura/kura.db', 'bench/RESULTS.md',
      'examples/posts-api/bench/run.mjs', 'examples/posts-api/task-definition.json', '.env',
    ]) {
      assert.ok(!includedByDockerignore(ignore, path), `${path} reaches the builder`);
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
