// `kura exec --fallback` end to end against a real `kura serve`: the last-known-good file written
// after a read (encrypted, 0600), the program started from it when the server is down and only then
// (not when access is denied, not without --fallback, not from an expired file, a file under another
// key or for other sources), and, when watching, the store tried again until it is back.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient } from '@aws-sdk/client-iam';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { PREFIX, VALUES, report, runExec, seedReferenceDesign, startExec, writeProbe, type Probe } from './exec-kit.js';
import { startKura, type RunningKura } from './harness.js';

const KEY_VARIABLE = 'KURA_E2E_FALLBACK_KEY';

describe('kura exec --fallback (last-known-good)', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'kura-exec-fallback-'));
  let kura: RunningKura;
  let probe: Probe;
  let file: string;
  let env: NodeJS.ProcessEnv;
  let deniedEnv: NodeJS.ProcessEnv;
  const key = randomBytes(32).toString('base64');
  before(async () => {
    kura = await startKura({ dataDir });
    await seedReferenceDesign(kura);
    probe = writeProbe();
    file = path.join(probe.dir, 'last-known-good');
    // Two attempts: a stopped server is known for unreachable in well under a second.
    env = { ...kura.clientEnv, AWS_MAX_ATTEMPTS: '2', [KEY_VARIABLE]: key };
    const iam = new IAMClient({ endpoint: kura.url, region: kura.region, credentials: kura.credentials });
    await iam.send(new CreateUserCommand({ UserName: 'no-permissions' }));
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: 'no-permissions' }));
    iam.destroy();
    deniedEnv = { ...env, AWS_ACCESS_KEY_ID: AccessKey?.AccessKeyId, AWS_SECRET_ACCESS_KEY: AccessKey?.SecretAccessKey };
  });
  after(async () => {
    probe.cleanup();
    await kura.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const fallback = () => ['--path', PREFIX, '--fallback', file, '--fallback-key-env', KEY_VARIABLE];
  const marker = (name: string) => path.join(probe.dir, name);
  const touch = (name: string) => ['--', 'touch', marker(name)];
  const expected = [VALUES.user, VALUES.password, VALUES.host, VALUES.name, VALUES.port];

  test('after a read: the file is written, mode 0600, no value in the clear, and the key is not handed on', async () => {
    const result = await runExec([...fallback(), '--', probe.file, 'report'], env);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stderr, '');
    const got = report(result).env;
    assert.deepEqual([got.USER, got.PASSWORD, got.HOST, got.NAME, got.PORT], expected);
    assert.equal(got[KEY_VARIABLE], undefined, 'the key variable never reaches the program');
    assert.equal(statSync(file).mode & 0o777, 0o600);
    const bytes = readFileSync(file);
    for (const value of [...Object.values(VALUES), `${PREFIX}/password`]) assert.equal(bytes.indexOf(Buffer.from(value)), -1, `${value} is in the file in the clear`);
  });

  test('access denied with a valid file: exit 3 as without one, and the file is not used', async () => {
    const result = await runExec([...fallback(), ...touch('denied')], deniedEnv);
    assert.equal(result.code, 3);
    assert.match(result.stderr, /^kura exec: cannot read --path \/goecssample\/database\/sample\/master: AccessDeniedException: .*\n$/);
    assert.doesNotMatch(result.stderr, /last-known-good/);
    assert.ok(!existsSync(marker('denied')));
  });

  test('a key that is not 32 bytes: exit 2 before anything is read, saying how to make one', async () => {
    const result = await runExec([...fallback(), ...touch('bad-key')], { ...env, [KEY_VARIABLE]: 'not-a-key' });
    assert.equal(result.code, 2);
    assert.equal(result.stderr, `kura exec: --fallback-key-env ${KEY_VARIABLE}: not a 32-byte key as base64 (44 characters) or hex (64 characters); make one with: openssl rand -base64 32\n`);
    assert.ok(!existsSync(marker('bad-key')));
  });

  test('the store down at start: the program starts from the file, and stderr says so', async () => {
    const writtenAt = statSync(file).mtime;
    await kura.stop();
    const result = await runExec([...fallback(), '--', probe.file, 'report'], env);
    assert.equal(result.code, 0, result.stderr);
    const got = report(result).env;
    assert.deepEqual([got.USER, got.PASSWORD, got.HOST, got.NAME, got.PORT], expected);
    const line = new RegExp(`^kura exec: cannot read --path ${PREFIX.replace(/\//g, '\\/')}: ECONNREFUSED: [^\\n]*; starting from the last-known-good file ${file}, written (\\S+)\\n$`);
    const match = line.exec(result.stderr);
    assert.ok(match, result.stderr);
    assert.ok(Math.abs(Date.parse(match[1] ?? '') - writtenAt.getTime()) < 2000, 'the time it was written');
    for (const value of Object.values(VALUES)) assert.ok(!result.stderr.includes(value), 'names only');
  });

  test('the store down, without --fallback: exit 3 as before, the program never runs', async () => {
    const result = await runExec(['--path', PREFIX, ...touch('no-fallback')], env);
    assert.equal(result.code, 3);
    assert.match(result.stderr, /^kura exec: cannot read --path \/goecssample\/database\/sample\/master: ECONNREFUSED: [^\n]*\n$/);
    assert.ok(!existsSync(marker('no-fallback')));
  });

  test('the store down and the file older than --fallback-max-age: refused (exit 3), naming its age and the limit', async () => {
    while (Date.now() - statSync(file).mtime.getTime() < 1500) await new Promise((resolve) => setTimeout(resolve, 100));
    const result = await runExec([...fallback(), '--fallback-max-age', '1s', ...touch('expired')], env);
    assert.equal(result.code, 3);
    assert.match(result.stderr, new RegExp(`^kura exec: cannot read --path [^\\n]*: ECONNREFUSED: [^\\n]*; the last-known-good file ${file} cannot be used: it is [\\d.]+s old, older than --fallback-max-age 1s\\n$`));
    assert.ok(!existsSync(marker('expired')));
  });

  test('the store down and the file unusable: another key, other sources, damaged, missing (exit 3)', async () => {
    const cases: Array<[string, string[], NodeJS.ProcessEnv, RegExp]> = [
      ['other-key', fallback(), { ...env, [KEY_VARIABLE]: randomBytes(32).toString('hex') }, /cannot be used: it cannot be decrypted \(a different key, or the file is damaged\)\n$/],
      ['other-sources', [...fallback(), '--map', `EXTRA=${PREFIX}/host`], env, /cannot be used: it was written for other sources [^\n]*\n$/],
      ['missing', ['--path', PREFIX, '--fallback', marker('nothing-here'), '--fallback-key-env', KEY_VARIABLE], env, /cannot be used: it does not exist\n$/],
    ];
    for (const [name, args, caseEnv, reason] of cases) {
      const result = await runExec([...args, ...touch(name)], caseEnv);
      assert.equal(result.code, 3, `${name}: ${result.stderr}`);
      assert.match(result.stderr, reason, name);
      assert.ok(!existsSync(marker(name)), name);
    }
    const good = readFileSync(file);
    try {
      const damaged = Buffer.from(good);
      damaged[damaged.length - 30] = (damaged[damaged.length - 30] ?? 0) ^ 0x80;
      writeFileSync(file, damaged);
      chmodSync(file, 0o600);
      const result = await runExec([...fallback(), ...touch('damaged')], env);
      assert.equal(result.code, 3);
      assert.match(result.stderr, /cannot be used: it cannot be decrypted \(a different key, or the file is damaged\)\n$/);
      assert.ok(!existsSync(marker('damaged')));
    } finally {
      writeFileSync(file, good);
    }
  });

  test('started from the file with --watch: the store is tried again until it is back, then its values apply and the file is refreshed', async () => {
    const program = path.join(probe.dir, 'host-printer.mjs');
    writeFileSync(program, `#!${process.execPath}\nconsole.log('host ' + process.env.HOST);\nsetInterval(() => {}, 1000);\n`);
    chmodSync(program, 0o755);
    const before = readFileSync(file);
    const run = startExec([...fallback(), '--watch=5s', '--', program], env);
    try {
      await run.line(new RegExp(`^host ${VALUES.host}$`));
      kura = await startKura({ dataDir, args: ['--port', new URL(kura.url).port] });
      const ssm = new SSMClient({ endpoint: kura.url, region: kura.region, credentials: kura.credentials });
      await ssm.send(new PutParameterCommand({ Name: `${PREFIX}/host`, Value: 'db.after-outage.internal', Type: 'String', Overwrite: true }));
      ssm.destroy();
      await run.line(/^host db\.after-outage\.internal$/);
      assert.notDeepEqual(readFileSync(file), before, 'the file holds the new read');
      assert.equal(statSync(file).mode & 0o777, 0o600);
    } finally {
      run.child.kill('SIGTERM');
      await run.done;
    }
  });
});
