// `npx cdk synth` as a fresh clone runs it, offline: a copy of infra/ in a temporary directory (no
// cdk.out, no cdk.context.json), the repository's installed node_modules beside it (what `npm ci`
// gives), an empty HOME, no AWS or CDK variables, and, where the machine allows (root, Linux), a
// network namespace with no interface up, so that any attempt to reach the network fails. cdk.json
// alone must keep notices, telemetry and version checks quiet.
//
// The same run carries a canary: a made-up password in the places a careless app would read one
// from (the environment, CDK context), and every file the CLI wrote is searched for it.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { infraDir, repoRoot } from './testing/synth.js';

const CANARY = `kura-canary-${process.pid}-Zq8vX3`;
const TIME_LIMIT_MS = 120_000;

/** `unshare --net` works here (root on Linux): the synth then runs with no network at all. */
function canIsolateNetwork(): boolean {
  if (process.platform !== 'linux') return false;
  return spawnSync('unshare', ['--net', 'true'], { stdio: 'ignore' }).status === 0;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    return statSync(file).isDirectory() ? filesUnder(file) : [file];
  });
}

describe('cdk synth from a fresh copy, offline', () => {
  let work: string;
  let copy: string;
  let home: string;
  let result: ReturnType<typeof spawnSync>;
  let elapsed: number;
  const isolated = canIsolateNetwork();

  before(() => {
    work = mkdtempSync(path.join(tmpdir(), 'kura-infra-synth-'));
    copy = path.join(work, 'infra');
    home = path.join(work, 'home');
    mkdirSync(home);
    cpSync(infraDir, copy, { recursive: true, filter: (source) => !/(^|\/)(cdk\.out|cdk\.context\.json|node_modules)$/.test(source) });
    symlinkSync(path.join(repoRoot, 'node_modules'), path.join(work, 'node_modules'));
    const env = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: home,
      // The canary, where a careless app would read a password from.
      DB_PASSWORD: CANARY,
      MYSQL_PWD: CANARY,
    };
    const synth = ['npx', '--no', 'cdk', 'synth', '--quiet', '-c', `db-password=${CANARY}`];
    const [file, args] = isolated ? ['unshare', ['--net', '--', ...synth]] : [synth[0]!, synth.slice(1)];
    const started = Date.now();
    result = spawnSync(file, args, { cwd: copy, env, encoding: 'utf8', timeout: TIME_LIMIT_MS });
    elapsed = Date.now() - started;
  });

  after(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  test(`synthesizes both stacks within ${TIME_LIMIT_MS / 1000} s${isolated ? ', with no network' : ' (no network namespace here: sandboxed environment only)'}`, () => {
    assert.equal(result.error, undefined, String(result.error));
    assert.equal(result.status, 0, `cdk synth failed:\n${String(result.stdout)}\n${String(result.stderr)}`);
    assert.ok(elapsed < TIME_LIMIT_MS);
    for (const stack of ['KuraPostsApi', 'KuraPostsApiSecretsManager']) assert.ok(existsSync(path.join(copy, 'cdk.out', `${stack}.template.json`)), stack);
  });

  test('prints no notice, version banner or telemetry message, and looks nothing up', () => {
    const output = `${String(result.stdout)}\n${String(result.stderr)}`;
    assert.doesNotMatch(output, /NOTICES|Newer version|telemetry/i);
    // Nothing was cached from the network (notices) and no context lookup was made.
    assert.ok(!existsSync(path.join(home, '.cdk', 'cache', 'notices.json')));
    assert.ok(!existsSync(path.join(copy, 'cdk.context.json')));
    const manifest = JSON.parse(readFileSync(path.join(copy, 'cdk.out', 'manifest.json'), 'utf8')) as { missing?: unknown[] };
    assert.equal(manifest.missing, undefined);
  });

  test('no file the CLI wrote contains the canary password', () => {
    const files = filesUnder(path.join(copy, 'cdk.out'));
    assert.ok(files.length >= 4);
    const encoded = [CANARY, Buffer.from(CANARY).toString('base64'), Buffer.from(CANARY).toString('hex')];
    for (const file of files) {
      const text = readFileSync(file, 'latin1');
      for (const form of encoded) assert.ok(!text.includes(form), `${path.relative(copy, file)} contains the canary`);
    }
    // Nor did it reach the output the user sees.
    assert.ok(!String(result.stdout).includes(CANARY) && !String(result.stderr).includes(CANARY));
  });

  test('no template holds a secret value: no SecretString, no SecureString, passwords only as references', () => {
    for (const stack of ['KuraPostsApi', 'KuraPostsApiSecretsManager']) {
      const text = readFileSync(path.join(copy, 'cdk.out', `${stack}.template.json`), 'utf8');
      assert.doesNotMatch(text, /"SecretString"/, stack);
      assert.doesNotMatch(text, /"SecureString"/, stack);
      const template = JSON.parse(text) as { Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }> };
      for (const [id, resource] of Object.entries(template.Resources)) {
        const password = resource.Properties?.MasterUserPassword;
        if (password !== undefined) assert.match(JSON.stringify(password), /\{\{resolve:secretsmanager:/, id);
        if (resource.Type === 'AWS::ECS::TaskDefinition') {
          const containers = resource.Properties!.ContainerDefinitions as Array<{ Environment?: Array<{ Name: string }> }>;
          for (const variable of containers.flatMap((c) => c.Environment ?? [])) assert.doesNotMatch(variable.Name, /PASSWORD|SECRET|TOKEN/i, id);
        }
      }
    }
  });
});
