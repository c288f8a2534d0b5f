// The npm package as users get it: `npm pack` (prepack builds a fresh dist/), the tarball's contents,
// then the CI recipe of docs/github-actions-example.yml run as written (workflow.ts): the tarball
// installed into an empty folder with `npm install ./kura-<version>.tgz` (from the registry;
// better-sqlite3 is fetched or compiled as npm does it), `npx kura serve` started in the background,
// `npx kura health --wait`, the reference design's CLI steps and `npx kura exec` with only the
// environment the recipe's test step gives, then the recipe's stop; and the server seeded with
// docs/seed-reference-design.yaml (KURA_SEED), read as the task role. The server image's entry command
// runs from the same install (image.ts). One pack and one install serve the whole file: the install
// takes minutes where better-sqlite3 must be compiled.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { imageTests } from './image.js';
import { awsCli, cleanEnv, CONSOLE_BUILD, freePort, npxKura, packageJson, packKura, repoRoot, serve, type Packed } from './kit.js';
import { runStep, type Runner } from './workflow.js';

const PREFIX = '/goecssample/database/sample/master';
const VALUES: Record<string, string> = { user: 'sample-user', password: 'p@ss w0rd+/=~%', host: 'db.internal', name: 'sample', port: '3306' };

let packed: Packed;
let runner: Runner;
let installed: string;
const cleanup: string[] = [];

before(() => {
  packed = packKura();
  runner = { temp: mkdtempSync(path.join(tmpdir(), 'kura-runner-')), workspace: mkdtempSync(path.join(tmpdir(), 'kura-workspace-')) };
  cleanup.push(path.dirname(path.dirname(packed.tarball)), runner.temp, runner.workspace);
  const started = Date.now();
  const install = runStep(runner, 'Install Kura from its package', { env: { KURA_TARBALL: packed.tarball }, timeoutMs: 900_000 });
  assert.equal(install.code, 0, `the recipe's install step failed:\n${install.stdout}\n${install.stderr.slice(-4000)}`);
  console.log(`# npm install of the tarball took ${((Date.now() - started) / 1000).toFixed(0)} s`);
  installed = path.join(runner.temp, 'kura');
});
after(() => {
  // A server the recipe's stop step failed to stop must not outlive the test (its PID is the recipe's).
  const pidFile = runner && path.join(runner.temp, 'kura.pid');
  if (pidFile && existsSync(pidFile)) {
    try {
      process.kill(Number(readFileSync(pidFile, 'utf8')), 'SIGKILL');
    } catch {
      // Already gone, as it should be.
    }
  }
  for (const dir of cleanup) rmSync(dir, { recursive: true, force: true });
});

describe('the tarball', () => {
  test('holds what runs and nothing else: no sources, tests, source maps, models or scripts', () => {
    console.log(`# ${path.basename(packed.tarball)}: ${packed.files.length} files, ${(packed.bytes / 1024).toFixed(0)} KiB`);
    // dist/console: the web console's build, as the browser loads it (no source maps, no hidden files).
    const allowed = /^(package\.json|LICENSE|README\.md|bin\/(kura\.js|package\.json)|dist\/[\w-]+\.(js|cjs|cjs\.cache)|dist\/console\/(?![^]*\.map$)(?:[\w-][\w.-]*\/)*[\w-][\w.-]*|runtime\/lambda-bootstrap\.py)$/;
    assert.deepEqual(packed.files.filter((file) => !allowed.test(file)), [], 'files the package should not carry');
    for (const needed of ['package.json', 'LICENSE', 'bin/kura.js', 'bin/package.json', 'dist/kura.js', 'dist/exec.cjs', 'dist/ssm-sdk.cjs', 'dist/secrets-sdk.cjs', 'dist/console/index.html', 'runtime/lambda-bootstrap.py']) {
      assert.ok(packed.files.includes(needed), `${needed} is in the package`);
    }
    // Every file of the console's build, and nothing else under dist/console.
    const built = listTree(CONSOLE_BUILD).filter((file) => !file.split('/').some((part) => part.startsWith('.')));
    assert.deepEqual(packed.files.filter((file) => file.startsWith('dist/console/')), built.map((file) => `dist/console/${file}`).sort());
    assert.ok(built.some((file) => /^assets\/[\w-]+\.js$/.test(file)), `the console's modules: ${built.join(' ')}`);
    assert.ok(packed.bytes < 8 * 1024 * 1024, `${packed.bytes} bytes: something large slipped in`);
  });

  test('its dist/ is one fresh build: every chunk is loaded by another file (none left over from an earlier build)', () => {
    const dist = path.join(installed, 'node_modules/kura/dist');
    const names = readdirSync(dist);
    const text = names.filter((n) => /\.(js|cjs)$/.test(n)).map((n) => readFileSync(path.join(dist, n), 'utf8'));
    const entries = new Set(['kura.js', 'exec.cjs', 'ssm-sdk.cjs', 'secrets-sdk.cjs']);
    const orphans = names.filter((n) => n.endsWith('.js') && !entries.has(n) && !text.some((t) => t.includes(`./${n}`)));
    assert.deepEqual(orphans, []);
    const pointing = names.filter((n) => /\.(js|cjs)$/.test(n) && readFileSync(path.join(dist, n), 'utf8').includes('sourceMappingURL='));
    assert.deepEqual(pointing, [], 'no file names a source map the package does not ship');
  });

  test('its package.json: the bin, engines, the license file, and no script that runs at install', () => {
    const manifest = JSON.parse(readFileSync(path.join(installed, 'node_modules/kura/package.json'), 'utf8')) as typeof packageJson;
    assert.deepEqual(manifest.bin, { kura: 'bin/kura.js' });
    assert.match(manifest.engines.node, /^>=\d+\.\d+/);
    for (const hook of ['preinstall', 'install', 'postinstall', 'prepare']) assert.equal(manifest.scripts[hook], undefined, `no ${hook} script`);
    assert.equal(manifest.license, 'Apache-2.0');
    assert.match(readFileSync(path.join(installed, 'node_modules/kura/LICENSE'), 'utf8'), /Apache License\s+Version 2\.0, January 2004/);
  });

  test('every module dist/ loads at run time is a Node built-in or a dependency of the package', () => {
    const dist = path.join(installed, 'node_modules/kura/dist');
    const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
    // Named in code-like text that never runs: the SDK's error message for SigV4a (multi-region
    // endpoints, which Kura never calls) says `require("@aws-sdk/signature-v4-crt")` in a template literal.
    const neverLoaded = new Set(['@aws-sdk/signature-v4-crt']);
    const loaded = new Set<string>();
    for (const name of readdirSync(dist).filter((n) => /\.(js|cjs)$/.test(n))) {
      const code = readFileSync(path.join(dist, name), 'utf8');
      // esbuild writes module names in double quotes: require("x"), import("x"), from"x"; and import"x";
      for (const m of code.matchAll(/\b(?:require|__require|import)\("([^"\\\s./][^"\\\s]*)"\)|\bfrom\s*"([^"\\\s./][^"\\\s]*)"\s*;|\bimport\s*"([^"\\\s./][^"\\\s]*)"\s*;/g)) {
        loaded.add((m[1] ?? m[2] ?? m[3])!);
      }
    }
    const external = [...loaded].filter((s) => !builtins.has(s) && !neverLoaded.has(s)).sort();
    const packageOf = (specifier: string) => (specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!);
    assert.deepEqual(external.filter((s) => !(packageOf(s) in packageJson.dependencies)), [], 'loaded by dist/ but not a dependency');
    assert.ok(external.includes('better-sqlite3') && external.includes('pg'), `the native SQLite module and the PostgreSQL driver stay external: ${external.join(', ')}`);
    // And each resolves from the installed package, with no workspace around it.
    const resolved = spawnSync(process.execPath, ['-e', `for (const s of ${JSON.stringify(external)}) require.resolve(s)`], { cwd: dist, encoding: 'utf8' });
    assert.equal(resolved.status, 0, resolved.stderr);
  });
});

describe('the installed commands', () => {
  test('`npx -- kura --version` and `-v` print the package version', () => {
    for (const flag of ['--version', '-v']) {
      const r = npxKura(installed, [flag]);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, `${packageJson.version}\n`);
    }
  });

  test('every command of `kura --help` loads from the package and answers --help', () => {
    const help = npxKura(installed, ['--help']);
    assert.equal(help.code, 0, help.stderr);
    const commands = [...help.stdout.matchAll(/^ {2}([a-z-]+) {2,}/gm)].map((m) => m[1]!);
    assert.ok(commands.length >= 20 && commands.includes('serve') && commands.includes('exec') && commands.includes('health'), commands.join(' '));
    // The bin npx runs, without npx's own start-up per command.
    const bin = path.join(installed, 'node_modules/.bin/kura');
    for (const command of commands) {
      const r = spawnSync(bin, [command, '--help'], { cwd: installed, env: cleanEnv(), encoding: 'utf8' });
      assert.equal(r.status, 0, `kura ${command} --help: ${r.stderr}`);
      assert.match(r.stdout, new RegExp(`Usage: kura ${command}\\b`), `kura ${command} --help`);
    }
  });

  test('`npx kura serve` starts the server from the package; SIGTERM to its process group stops it cleanly', async () => {
    const data = mkdtempSync(path.join(tmpdir(), 'kura-package-data-'));
    cleanup.push(data);
    const server = await serve('npx', ['--no', '--', 'kura', 'serve', '--port', '0', '--data', data], { cwd: installed, env: cleanEnv() });
    try {
      const health = await fetch(`${server.url}/_kura/health`);
      assert.deepEqual([health.status, await health.json()], [200, { status: 'ok', version: packageJson.version }]);
      // The web console, from the package's dist/console: the page, then a module it links.
      const page = await fetch(`${server.url}/_kura/console/`);
      const html = await page.text();
      assert.deepEqual([page.status, page.headers.get('content-type'), page.headers.get('cache-control')], [200, 'text/html; charset=utf-8', 'no-cache']);
      assert.equal(html, readFileSync(path.join(CONSOLE_BUILD, 'index.html'), 'utf8'));
      assert.match(page.headers.get('content-security-policy') ?? '', /^default-src 'none'; script-src 'self';/);
      const module = /<script type="module"[^>]*\ssrc="(\/_kura\/console\/assets\/[^"]+\.js)"/.exec(html)?.[1];
      assert.ok(module, `index.html links its module: ${html.slice(0, 500)}`);
      const script = await fetch(`${server.url}${module}`);
      assert.deepEqual([script.status, script.headers.get('content-type'), script.headers.get('cache-control')], [200, 'text/javascript; charset=utf-8', 'public, max-age=31536000, immutable']);
      assert.equal(await script.text(), readFileSync(path.join(CONSOLE_BUILD, module.slice('/_kura/console/'.length)), 'utf8'));
      const url = npxKura(installed, ['console', '--endpoint-url', server.url]);
      assert.deepEqual([url.code, url.stdout], [0, `${server.url}/_kura/console/\n`], url.stderr);
    } finally {
      await server.stop();
    }
    assert.match(server.stdout(), /"msg":"shutting down","signal":"SIGTERM"/);
    assert.ok(existsSync(path.join(data, 'kura.db')) && existsSync(path.join(data, 'admin.env')));
  });
});

describe('the CI recipe: the reference design against the server started from the installed package', () => {
  test('start, wait for health, the test step with only an endpoint, a region and credentials, stop', async () => {
    // The recipe serves on 4566; here KURA_PORT (the environment's --port) moves it to a free port.
    const port = String(await freePort());
    const url = `http://127.0.0.1:${port}`;
    const server = { env: { KURA_PORT: port } };
    const start = runStep(runner, 'Start Kura', server);
    assert.equal(start.code, 0, start.stderr);
    const log = () => (existsSync(path.join(runner.temp, 'kura.log')) ? readFileSync(path.join(runner.temp, 'kura.log'), 'utf8') : '');
    let stopped = false;
    try {
      const wait = runStep(runner, 'Wait for Kura', server);
      assert.equal(wait.code, 0, `${wait.stderr}\n${log()}`);
      assert.equal(wait.stdout, `ok: Kura ${packageJson.version} at ${url}\n`);
      const health = await fetch(`${url}/_kura/health`);
      assert.deepEqual([health.status, await health.json()], [200, { status: 'ok', version: packageJson.version }]);

      // The project's `npm test` would get this environment: report it instead of running tests.
      const report = `${JSON.stringify(process.execPath)} -e 'process.stdout.write(JSON.stringify(process.env))'`;
      const testStep = runStep(runner, 'Test', { env: { AWS_ENDPOINT_URL: url }, replace: ['npm test', report] });
      assert.equal(testStep.code, 0, testStep.stderr);
      const env = JSON.parse(testStep.stdout) as Record<string, string>;
      assert.deepEqual(Object.keys(env).filter((name) => /^(AWS|KURA)_/.test(name)).sort(), ['AWS_ACCESS_KEY_ID', 'AWS_DEFAULT_REGION', 'AWS_ENDPOINT_URL', 'AWS_REGION', 'AWS_SECRET_ACCESS_KEY']);
      const credentials = { accessKeyId: env.AWS_ACCESS_KEY_ID!, secretAccessKey: env.AWS_SECRET_ACCESS_KEY! };

      const key = awsCli(url, credentials, ['kms', 'create-key', '--description', 'go-ecs-sample']) as { KeyMetadata: { KeyId: string } };
      awsCli(url, credentials, ['kms', 'create-alias', '--alias-name', 'alias/go-ecs-sample', '--target-key-id', key.KeyMetadata.KeyId]);
      for (const [leaf, value] of Object.entries(VALUES)) {
        const type = leaf === 'password' ? ['--type', 'SecureString', '--key-id', 'alias/go-ecs-sample'] : ['--type', 'String'];
        assert.deepEqual(awsCli(url, credentials, ['ssm', 'put-parameter', '--name', `${PREFIX}/${leaf}`, ...type, '--value', value]), { Version: 1, Tier: 'Standard' });
      }
      const tree = awsCli(url, credentials, ['ssm', 'get-parameters-by-path', '--path', PREFIX, '--with-decryption']) as { Parameters: Array<{ Name: string; Value: string; Type: string }> };
      assert.deepEqual(Object.fromEntries(tree.Parameters.map((p) => [p.Name.slice(PREFIX.length + 1), p.Value])), VALUES);
      assert.equal(tree.Parameters.find((p) => p.Name.endsWith('/password'))?.Type, 'SecureString');

      const printEnv = "process.stdout.write(JSON.stringify(Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('DB_')))))";
      const aws = Object.fromEntries(Object.entries(env).filter(([name]) => name.startsWith('AWS_')));
      const exec = npxKura(installed, ['exec', '--path', PREFIX, '--prefix', 'DB_', '--', process.execPath, '-e', printEnv], aws);
      assert.equal(exec.code, 0, exec.stderr);
      assert.deepEqual(JSON.parse(exec.stdout), { DB_USER: VALUES.user, DB_PASSWORD: VALUES.password, DB_HOST: VALUES.host, DB_NAME: VALUES.name, DB_PORT: VALUES.port });

      const stop = runStep(runner, 'Stop Kura', server);
      stopped = true;
      assert.equal(stop.code, 0, stop.stderr);
    } finally {
      if (!stopped) runStep(runner, 'Stop Kura', server);
    }
    assert.match(log(), /"msg":"shutting down","signal":"SIGTERM"/, 'the stop step signals kura itself');
    assert.ok(!log().includes(VALUES.password!), 'the server never prints a value');
    const after = npxKura(installed, ['health'], { KURA_PORT: port });
    assert.equal(after.code, 1, 'nothing answers once the recipe stopped it');
  });
});

describe('the reference design seeded: `kura serve` from the installed package with KURA_SEED', () => {
  test("the seed's CI user assumes the task role, whose credentials read the parameters through kura exec", async () => {
    const data = mkdtempSync(path.join(tmpdir(), 'kura-package-data-'));
    cleanup.push(data);
    // docs/seed-reference-design.yaml: the key, the five parameters, the task role and a CI user with a fixed key pair.
    const ci = { accessKeyId: 'AKIAKURASEEDCI000001', secretAccessKey: 'package-test-ci-secret-0123456789abcdefgh' };
    const seed = { KURA_SEED: path.join(repoRoot, 'docs/seed-reference-design.yaml'), DB_PASSWORD: VALUES.password!, CI_SECRET_ACCESS_KEY: ci.secretAccessKey };
    const server = await serve('npx', ['--no', '--', 'kura', 'serve', '--port', '0', '--data', data], { cwd: installed, env: cleanEnv(seed) });
    try {
      assert.throws(() => awsCli(server.url, ci, ['ssm', 'get-parameters-by-path', '--path', PREFIX]), /AccessDenied/, 'the CI user itself reads nothing');
      const assumed = awsCli(server.url, ci, ['sts', 'assume-role', '--role-arn', 'arn:aws:iam::000000000000:role/go-ecs-sample', '--role-session-name', 'package-test']) as {
        Credentials: { AccessKeyId: string; SecretAccessKey: string; SessionToken: string };
      };
      const { AccessKeyId, SecretAccessKey, SessionToken } = assumed.Credentials;
      const printEnv = "process.stdout.write(JSON.stringify(Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('DB_')))))";
      const exec = npxKura(installed, ['exec', '--path', PREFIX, '--prefix', 'DB_', '--', process.execPath, '-e', printEnv], {
        AWS_ENDPOINT_URL: server.url,
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: AccessKeyId,
        AWS_SECRET_ACCESS_KEY: SecretAccessKey,
        AWS_SESSION_TOKEN: SessionToken,
      });
      assert.equal(exec.code, 0, exec.stderr);
      assert.deepEqual(JSON.parse(exec.stdout), { DB_USER: 'sample', DB_PASSWORD: VALUES.password, DB_HOST: 'db', DB_NAME: 'sample', DB_PORT: '3306' });
    } finally {
      await server.stop();
    }
    assert.ok(!server.stdout().includes(VALUES.password!) && !server.stderr().includes(ci.secretAccessKey), 'the seed names, never values');
  });
});

imageTests(() => installed, cleanup);

/** Every file under `dir`, relative to it, `/`-separated. */
function listTree(dir: string, relative = ''): string[] {
  return readdirSync(path.join(dir, relative), { withFileTypes: true }).flatMap((entry) => {
    const key = relative === '' ? entry.name : `${relative}/${entry.name}`;
    return entry.isDirectory() ? listTree(dir, key) : [key];
  });
}
