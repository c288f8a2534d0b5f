// `kura exec` end to end on the node running the tests (in CI Node 24, where Kura replaces itself
// with the program through process.execve; exec-execve.test.ts has what only that path does), against
// a real `kura serve`: the reference design's five values, references and pinning, paging, fail-closed
// on every kind of failure, exit codes, signals, and what the program is (not) handed. What only the
// spawn path does (Kura stays the parent: signals forwarded, 128+signal) runs the probe behind a
// script without #!, which execve(2) refuses, so that the path is taken on every node.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { PREFIX, VALUES, report, runExec, seedReferenceDesign, startExec, writeProbe, type Probe } from './exec-kit.js';
import { kuraBin, startKura, type RunningKura } from './harness.js';

const hasExecve = typeof (process as { execve?: unknown }).execve === 'function';

describe('kura exec', () => {
  let kura: RunningKura;
  let probe: Probe;
  let ssm: SSMClient;
  before(async () => {
    kura = await startKura({ args: ['--account-id', '123456789012'] });
    await seedReferenceDesign(kura);
    ssm = new SSMClient({ endpoint: kura.url, region: kura.region, credentials: kura.credentials });
    probe = writeProbe();
  });
  after(async () => {
    ssm.destroy();
    probe.cleanup();
    await kura.stop();
  });

  const marker = (name: string) => path.join(probe.dir, name);
  /** A program that leaves a file behind if it ever runs. */
  const touch = (name: string) => ['--', 'touch', marker(name)];

  test('the issue one-liner: --path of the reference design hands the program the five values', async () => {
    const result = await runExec(['--path', PREFIX, '--', probe.file, 'report'], kura.clientEnv);
    assert.equal(result.code, 0, result.stderr);
    const { env } = report(result);
    assert.deepEqual([env.USER, env.PASSWORD, env.HOST, env.NAME, env.PORT], [VALUES.user, VALUES.password, VALUES.host, VALUES.name, VALUES.port]);
    assert.equal(result.stderr, '', 'nothing on stderr, in particular no SDK warning');
  });

  test('--prefix DB_ gives exactly the reference design names', async () => {
    const { env } = report(await runExec(['--path', PREFIX, '--prefix', 'DB_', '--', probe.file, 'report'], kura.clientEnv));
    assert.deepEqual(
      Object.fromEntries(Object.entries(env).filter(([k]) => k.startsWith('DB_'))),
      { DB_USER: VALUES.user, DB_PASSWORD: VALUES.password, DB_HOST: VALUES.host, DB_NAME: VALUES.name, DB_PORT: VALUES.port },
    );
  });

  test('references in the environment and --map, pinned by version and label', async () => {
    await ssm.send(new PutParameterCommand({ Name: '/pin/secret', Value: 'version-one', Type: 'SecureString' }));
    await ssm.send(new PutParameterCommand({ Name: '/pin/secret', Value: 'version-two', Type: 'SecureString', Overwrite: true }));
    const { LabelParameterVersionCommand } = await import('@aws-sdk/client-ssm');
    await ssm.send(new LabelParameterVersionCommand({ Name: '/pin/secret', ParameterVersion: 1, Labels: ['stable'] }));
    const env = { ...kura.clientEnv, OLD: 'ssm:///pin/secret:1', LATEST: 'ssm:///pin/secret', PLAIN: 'untouched' };
    const result = await runExec(['--map', 'STABLE=/pin/secret:stable', '--map', 'DB_HOST=/goecssample/database/sample/master/host', '--', probe.file, 'report'], env);
    assert.equal(result.code, 0, result.stderr);
    const got = report(result).env;
    assert.deepEqual([got.OLD, got.LATEST, got.STABLE, got.DB_HOST, got.PLAIN], ['version-one', 'version-two', 'version-one', VALUES.host, 'untouched']);
  });

  test('paths are read to the last page, recursively when asked', async () => {
    for (let i = 0; i < 23; i += 1) await ssm.send(new PutParameterCommand({ Name: `/many/p${String(i).padStart(2, '0')}`, Value: `v${i}`, Type: 'String' }));
    await ssm.send(new PutParameterCommand({ Name: '/many/sub/deep', Value: 'deep', Type: 'String' }));
    const flat = report(await runExec(['--path', '/many', '--', probe.file, 'report'], kura.clientEnv)).env;
    assert.equal(Object.keys(flat).filter((k) => /^P\d\d$/.test(k)).length, 23);
    assert.equal(flat.SUB_DEEP, undefined);
    const deep = report(await runExec(['--path', '/many', '--recursive', '--', probe.file, 'report'], kura.clientEnv)).env;
    assert.equal(deep.SUB_DEEP, 'deep');
  });

  test('the credentials Kura used are not handed on; container-credential variables are; --keep-credentials keeps them', async () => {
    const env = { ...kura.clientEnv, AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '/v2/credentials/abc' };
    const stripped = report(await runExec(['--path', PREFIX, '--', probe.file, 'report'], env)).env;
    assert.equal(stripped.AWS_ACCESS_KEY_ID, undefined);
    assert.equal(stripped.AWS_SECRET_ACCESS_KEY, undefined);
    assert.equal(stripped.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI, '/v2/credentials/abc');
    assert.equal(stripped.AWS_ENDPOINT_URL, kura.url);
    const kept = report(await runExec(['--path', PREFIX, '--keep-credentials', '--', probe.file, 'report'], env)).env;
    assert.equal(kept.AWS_ACCESS_KEY_ID, kura.credentials.accessKeyId);
  });

  test('--pristine: only what was read reaches the program', async () => {
    const result = await runExec(['--pristine', '--path', PREFIX, '--prefix', 'DB_', '--', probe.file, 'report'], { ...kura.clientEnv, TOKEN: 'ssm:///goecssample/database/sample/master/name' });
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(Object.keys(report(result).env).sort(), ['DB_HOST', 'DB_NAME', 'DB_PASSWORD', 'DB_PORT', 'DB_USER', 'TOKEN']);
  });

  test('without any source the program just runs, with the environment as it is', async () => {
    const env = { PATH: process.env.PATH, AWS_ACCESS_KEY_ID: 'kept', HELLO: 'world' };
    const got = report(await runExec(['--', probe.file, 'report'], env)).env;
    assert.deepEqual([got.HELLO, got.AWS_ACCESS_KEY_ID], ['world', 'kept']);
  });

  test('no secret in any argv, stdio left blocking, SIGPIPE not ignored in the program', async () => {
    const result = await runExec(['--path', PREFIX, '--', probe.file, 'report', 'arg'], kura.clientEnv);
    const got = report(result);
    assert.deepEqual(got.argv, ['report', 'arg']);
    for (const line of [...got.cmdline, ...got.parentCmdline]) for (const value of Object.values(VALUES)) assert.ok(!line.includes(value), line);
    if (hasExecve) assert.equal(got.pid, result.pid, 'Kura became the program (execve)');
    else assert.ok(got.parentCmdline.some((a) => a.endsWith('kura.js')), 'the parent is Kura (no execve on this node)');
    assert.deepEqual(got.nonBlocking, [false, false, false]);
    // Read by a program that is not node (node ignores SIGPIPE itself): nothing inherited as ignored.
    const status = await runExec(['--path', PREFIX, '--', '/bin/sh', '-c', 'grep SigIgn /proc/self/status'], kura.clientEnv);
    assert.match(status.stdout, /^SigIgn:\s+0+\n$/);
  });

  test('through spawn: Kura is the parent, no secret in any argv, stdio left blocking, SIGPIPE not ignored', async () => {
    const result = await runExec(['--path', PREFIX, '--prefix', 'DB_', '--', probe.viaSpawn, 'report', 'arg'], kura.clientEnv);
    assert.equal(result.code, 0, result.stderr);
    const got = report(result);
    assert.deepEqual([got.argv, got.env.DB_PASSWORD, got.ppid], [['report', 'arg'], VALUES.password, result.pid]);
    assert.ok(got.parentCmdline.some((a) => a.endsWith('kura.js')), 'the parent is Kura');
    for (const line of [...got.cmdline, ...got.parentCmdline]) for (const value of Object.values(VALUES)) assert.ok(!line.includes(value), line);
    assert.deepEqual(got.nonBlocking, [false, false, false]);
    const script = marker('sigign-without-shebang');
    writeFileSync(script, 'grep SigIgn /proc/self/status\n');
    chmodSync(script, 0o755);
    const status = await runExec(['--path', PREFIX, '--', script], kura.clientEnv);
    assert.match(status.stdout, /^SigIgn:\s+0+\n$/);
  });

  test('exit codes pass through', async () => {
    for (const code of [0, 1, 42]) {
      const result = await runExec(['--path', PREFIX, '--', probe.file, 'report'], { ...kura.clientEnv, PROBE_EXIT: String(code) });
      assert.equal(result.code, code);
    }
  });

  test('through spawn, a program killed by a signal makes Kura exit 128+signal', async () => {
    assert.equal((await runExec(['--', probe.viaSpawn, 'kill-self', 'SIGKILL'], kura.clientEnv)).code, 137);
    assert.equal((await runExec(['--', probe.viaSpawn, 'kill-self', 'SIGSEGV'], kura.clientEnv)).code, 139);
  });

  test('through spawn, signals sent to Kura reach the program; its exit code comes back', async () => {
    const run = startExec(['--path', PREFIX, '--', probe.viaSpawn, 'signals'], kura.clientEnv);
    const ready = await run.line(/^ready \d+$/);
    assert.notEqual(Number(ready.split(' ')[1]), run.child.pid, 'a child of Kura');
    for (const signal of ['SIGINT', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2', 'SIGWINCH'] as const) {
      run.child.kill(signal);
      await run.line(new RegExp(`^got ${signal}$`));
    }
    run.child.kill('SIGTERM');
    const result = await run.done;
    assert.equal(result.code, 42);
    assert.match(result.stdout, /got SIGTERM/);
  });

  test('the store stopped: non-zero exit, one line, and the program never runs', async () => {
    const gone = await startKura();
    const env = { ...gone.clientEnv, AWS_MAX_ATTEMPTS: '2' };
    await gone.stop();
    const started = Date.now();
    const result = await runExec(['--path', PREFIX, ...touch('stopped')], env);
    assert.equal(result.code, 3);
    assert.match(result.stderr, /^kura exec: cannot read --path \/goecssample\/database\/sample\/master: ECONNREFUSED: .*\n$/);
    assert.ok(!existsSync(marker('stopped')));
    assert.ok(Date.now() - started < 15_000, 'retries are bounded');
  });

  test('a store that is still starting is waited for: the SDK retries with backoff under the deadline', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'kura-exec-late-'));
    const first = await startKura({ dataDir });
    await seedReferenceDesign(first);
    const env = { ...first.clientEnv };
    await first.stop();
    const run = startExec(['--path', PREFIX, '--', probe.file, 'report'], env);
    await new Promise((resolve) => setTimeout(resolve, 700));
    const second = await startKura({ dataDir, args: ['--port', new URL(first.url).port] });
    try {
      const result = await run.done;
      assert.equal(result.code, 0, result.stderr);
      assert.equal(report(result).env.PASSWORD, VALUES.password);
    } finally {
      await second.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  test('a missing --map target or reference: exit 3, the program never runs', async () => {
    const missingMap = await runExec(['--path', PREFIX, '--map', 'X=/goecssample/nope', ...touch('missing-map')], kura.clientEnv);
    assert.equal(missingMap.code, 3);
    assert.equal(missingMap.stderr, 'kura exec: parameter not found: /goecssample/nope\n');
    const missingRef = await runExec(touch('missing-ref'), { ...kura.clientEnv, DB_PASSWORD: `ssm://${PREFIX}/password:7` });
    assert.equal(missingRef.code, 3);
    assert.match(missingRef.stderr, /parameter not found: \/goecssample\/database\/sample\/master\/password:7/);
    assert.ok(!existsSync(marker('missing-map')) && !existsSync(marker('missing-ref')));
  });

  test('refused results: collisions, names that change loading, --strict (exit 4, program never runs)', async () => {
    await ssm.send(new PutParameterCommand({ Name: '/evil/ld_preload', Value: '/tmp/evil.so', Type: 'String' }));
    const cases: Array<[string[], RegExp]> = [
      [['--path', PREFIX, '--map', 'HOST=/pin/secret'], /--path \/goecssample\/database\/sample\/master \(\/goecssample\/database\/sample\/master\/host\) and --map HOST=\/pin\/secret both set HOST/],
      [['--path', '/evil'], /refusing to set LD_PRELOAD from --path \/evil/],
      [['--path', PREFIX, '--strict', 'USER,DB_SCHEMA'], /--strict: not set after reading every source: DB_SCHEMA/],
    ];
    for (const [i, [args, message]] of cases.entries()) {
      const result = await runExec([...args, ...touch(`refused-${i}`)], kura.clientEnv);
      assert.equal(result.code, 4, result.stderr);
      assert.match(result.stderr, message);
      assert.ok(!result.stderr.includes(VALUES.host) && !result.stderr.includes('/tmp/evil.so'), 'names only');
      assert.ok(!existsSync(marker(`refused-${i}`)));
    }
    const allowed = report(await runExec(['--path', PREFIX, '--map', 'HOST=/pin/secret', '--allow-override', '--', probe.file, 'report'], kura.clientEnv));
    assert.equal(allowed.env.HOST, 'version-two');
  });

  test('a parameter that would move the credential lookup (AWS_CONTAINER_CREDENTIALS_FULL_URI): exit 4, the program never runs', async () => {
    const parameter = '/redirect/aws_container_credentials_full_uri';
    await ssm.send(new PutParameterCommand({ Name: parameter, Value: 'https://attacker.example/creds', Type: 'String' }));
    const refused = await runExec(['--path', '/redirect', ...touch('redirect')], kura.clientEnv);
    assert.equal(refused.code, 4);
    assert.equal(
      refused.stderr,
      `kura exec: refusing to set AWS_CONTAINER_CREDENTIALS_FULL_URI from --path /redirect (${parameter}): it changes where the program's AWS calls go or which credentials they use; pass --allow-name AWS_CONTAINER_CREDENTIALS_FULL_URI if that is intended\n`,
    );
    assert.equal(refused.stdout, '');
    assert.ok(!existsSync(marker('redirect')));
    const allowed = await runExec(['--path', '/redirect', '--allow-name', 'AWS_CONTAINER_CREDENTIALS_FULL_URI', '--', probe.file, 'report'], kura.clientEnv);
    assert.equal(allowed.code, 0, allowed.stderr);
    assert.equal(report(allowed).env.AWS_CONTAINER_CREDENTIALS_FULL_URI, 'https://attacker.example/creds');
  });

  test('a store that never answers: --timeout bounds the wait', async () => {
    const silent: Server = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as { port: number }).port;
    const started = Date.now();
    const result = await runExec(['--timeout', '1', '--path', PREFIX, ...touch('silent')], { ...kura.clientEnv, AWS_ENDPOINT_URL: `http://127.0.0.1:${port}` });
    silent.closeAllConnections();
    silent.close();
    assert.equal(result.code, 3);
    assert.equal(result.stderr, 'kura exec: timed out after 1 s reading Parameter Store (--timeout)\n');
    assert.ok(Date.now() - started < 5_000);
    assert.ok(!existsSync(marker('silent')));
  });

  test('a response that fails to parse is reported without echoing it', async () => {
    const broken: Server = createServer((_, res) => res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' }).end('{"Parameters":[{"Name":"/a/b","Value":"CANARY-s3cret'));
    await new Promise<void>((resolve) => broken.listen(0, '127.0.0.1', resolve));
    const result = await runExec(['--path', '/a', ...touch('broken')], { ...kura.clientEnv, AWS_ENDPOINT_URL: `http://127.0.0.1:${(broken.address() as { port: number }).port}` });
    broken.close();
    assert.equal(result.code, 3);
    assert.equal(result.stderr, 'kura exec: cannot read --path /a: malformed response from the store (HTTP 200)\n');
    assert.ok(!existsSync(marker('broken')));
  });

  test('the program not found: 127 before anything is fetched', async () => {
    const result = await runExec(['--path', PREFIX, '--', 'kura-no-such-program'], kura.clientEnv);
    assert.equal(result.code, 127);
    assert.equal(result.stderr, 'kura exec: kura-no-such-program: program not found in PATH\n');
  });

  test('the built SDK bundle loads through its code cache on the node that built it', () => {
    const loader = path.resolve(path.dirname(kuraBin), '../src/inject/code-cache.ts');
    const bundle = path.resolve(path.dirname(kuraBin), '../dist/ssm-sdk.cjs');
    const code = `import { requireWithCodeCache } from ${JSON.stringify(loader)}; process.stdout.write(requireWithCodeCache(${JSON.stringify(bundle)}).cache);`;
    assert.equal(execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { encoding: 'utf8' }), 'used');
  });

  test('usage: --help on stdout, errors as one line with exit 2', async () => {
    const help = await runExec(['--help'], kura.clientEnv);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^Usage: kura exec \[options\] -- PROGRAM/);
    const bad = await runExec(['--map', 'lower-case=/x', '--', 'true'], kura.clientEnv);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /^kura exec: --map expects NAME=PARAMETER.*\n$/);
  });
});
