// `kura exec --file`, `--template` and `--json-expand` end to end, the built bin against a real
// `kura serve`: a parameter and one key of a secret written to files (0400, read by the program,
// never in its environment), a config file rendered from a template, every file gone once the
// program has exited (on its own, with an error, or after a SIGTERM to Kura), a template naming a
// variable that is not set refusing the start (exit 4, the program never runs), a symbolic link in
// the way refused, and JSON values expanded into one variable per key.

import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statfsSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { PREFIX, VALUES, report, runExec, seedReferenceDesign, startExec, writeProbe, type Probe } from './exec-kit.js';
import { startKura, type RunningKura } from './harness.js';

const DB = { username: 'sm-user', password: 'sm-p@ss "w0rd"\n\\ é', port: 3306 };
const CONFIG = { username: 'cfg-user', password: 'cfg-p@ss' };
const SECRETS = [VALUES.password, DB.username, DB.password, CONFIG.password];

/** A tmpfs to write into where the machine has one, so that Kura has nothing to warn about. */
const SHM = (() => {
  try {
    return statfsSync('/dev/shm').type === 0x01021994 ? '/dev/shm' : undefined;
  } catch {
    return undefined;
  }
})();

interface Seen {
  /** null when the file does not exist; content null for a directory. */
  files: Record<string, { content: string | null; mode: number; uid: number } | null>;
  env: Record<string, string>;
}

describe('kura exec --file, --template and --json-expand', () => {
  let kura: RunningKura;
  let probe: Probe;
  /** A program that reports the files named in its arguments (content, mode, owner) and its environment. */
  let reader: string;
  let base: string;
  before(async () => {
    kura = await startKura({ args: ['--account-id', '123456789012'] });
    await seedReferenceDesign(kura);
    const ssm = new SSMClient({ endpoint: kura.url, region: kura.region, credentials: kura.credentials });
    await ssm.send(new PutParameterCommand({ Name: '/goecssample/app/config', Value: JSON.stringify(CONFIG), Type: 'SecureString' }));
    ssm.destroy();
    const sm = new SecretsManagerClient({ endpoint: kura.url, region: kura.region, credentials: kura.credentials });
    await sm.send(new CreateSecretCommand({ Name: 'goecssample/db', SecretString: JSON.stringify(DB) }));
    sm.destroy();
    probe = writeProbe();
    reader = path.join(probe.dir, 'reader.mjs');
    writeFileSync(
      reader,
      `#!${process.execPath}
import { readFileSync, statSync, writeSync } from 'node:fs';
const files = {};
for (const file of process.argv.slice(2)) {
  try {
    const found = statSync(file);
    files[file] = { content: found.isDirectory() ? null : readFileSync(file, 'utf8'), mode: found.mode & 0o777, uid: found.uid };
  } catch {
    files[file] = null;
  }
}
writeSync(1, JSON.stringify({ files, env: process.env }) + '\\n');
process.exit(Number(process.env.PROBE_EXIT ?? 0));
`,
    );
    chmodSync(reader, 0o755);
    base = mkdtempSync(path.join(SHM ?? tmpdir(), 'kura-exec-files-'));
  });
  after(async () => {
    probe.cleanup();
    rmSync(base, { recursive: true, force: true });
    await kura.stop();
  });

  let cases = 0;
  /** A fresh directory for one test's outputs. */
  const fresh = () => {
    cases += 1;
    const dir = path.join(base, `case-${cases}`);
    mkdirSync(dir);
    return dir;
  };
  const seen = (stdout: string) => JSON.parse(stdout.trim().split('\n').pop() ?? '') as Seen;
  const noValueIn = (text: string) => {
    for (const value of SECRETS) assert.ok(!text.includes(value), `a value in: ${text}`);
  };

  test('--file writes a parameter and one key of a secret, 0400 in a 0700 directory Kura creates, not in the environment; all gone after the exit', async () => {
    const dir = fresh();
    const password = path.join(dir, 'secrets', 'db-password');
    const smPassword = path.join(dir, 'secrets', 'sm-password');
    const result = await runExec(
      ['--file', `${password}=${PREFIX}/password`, '--file', `${smPassword}=secretsmanager://goecssample/db:password`, '--', reader, password, smPassword, path.dirname(password)],
      { ...kura.clientEnv, PROBE_EXIT: '3' },
    );
    assert.equal(result.code, 3, `the program's own exit code: ${result.stderr}`);
    const { files, env } = seen(result.stdout);
    assert.deepEqual(files[password], { content: VALUES.password, mode: 0o400, uid: process.getuid?.() });
    assert.deepEqual(files[smPassword], { content: DB.password, mode: 0o400, uid: process.getuid?.() });
    assert.deepEqual(files[path.dirname(password)], { content: null, mode: 0o700, uid: process.getuid?.() });
    for (const value of SECRETS) assert.ok(!Object.values(env).includes(value), 'a file value is not in the environment too');
    if (SHM) assert.equal(result.stderr, '', 'on a tmpfs: nothing to say');
    noValueIn(result.stderr);
    assert.ok(!existsSync(password) && !existsSync(smPassword), 'the files are removed when Kura exits');
    assert.deepEqual(readdirSync(dir), [], 'and so is the directory Kura created');
  });

  test('a directory that is not a tmpfs is reported once on stderr, names only', { skip: statfsSync(tmpdir()).type === 0x01021994 && 'the temporary directory is a tmpfs' }, async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kura-exec-files-disk-'));
    try {
      const result = await runExec(['--file', `${dir}/a=${PREFIX}/password`, '--file', `${dir}/b=${PREFIX}/user`, '--', reader], kura.clientEnv);
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stderr, new RegExp(`^kura exec: ${dir} \\(--file ${dir}/a\\) is on \\S+, not a tmpfs: the values written there reach the disk; use /dev/shm or a tmpfs mount \\(on ECS with EC2: linuxParameters.tmpfs\\)\\n$`));
      assert.deepEqual(readdirSync(dir), []);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('--template renders a JSON config from the environment: values as they are, |json, the {{{{ escape', async () => {
    const dir = fresh();
    const template = path.join(probe.dir, 'app.json.tmpl');
    writeFileSync(template, '{\n  "host": "{{DB_HOST}}:{{ DB_PORT }}",\n  "password": {{ DB_PASSWORD | json }},\n  "sm": {{SM_PASSWORD|json}},\n  "note": "{{{{kept}}"\n}\n');
    const output = path.join(dir, 'conf', 'app.json');
    const result = await runExec(
      ['--path', PREFIX, '--prefix', 'DB_', '--map', 'SM_PASSWORD=secretsmanager://goecssample/db:password', '--template', `${template}:${output}`, '--', reader, output],
      kura.clientEnv,
    );
    assert.equal(result.code, 0, result.stderr);
    const rendered = seen(result.stdout).files[output];
    assert.equal(rendered?.mode, 0o400);
    assert.deepEqual(JSON.parse(rendered?.content ?? ''), { host: `${VALUES.host}:${VALUES.port}`, password: VALUES.password, sm: DB.password, note: '{{kept}}' });
    noValueIn(result.stderr);
    assert.ok(!existsSync(output));
    assert.equal(readFileSync(template, 'utf8').includes('{{ DB_PASSWORD | json }}'), true, 'the template itself is untouched');
  });

  test('a template naming variables that are not set refuses the start: exit 4, every name listed, no value, no file, no program', async () => {
    const dir = fresh();
    const template = path.join(probe.dir, 'missing.tmpl');
    writeFileSync(template, 'host={{DB_HOST}}\nuser={{NOPE}}\npass={{ALSO_NOPE|json}}\n');
    const output = path.join(dir, 'app.conf');
    const file = path.join(dir, 'password');
    const marker = path.join(probe.dir, 'template-missing-ran');
    const result = await runExec(['--path', PREFIX, '--prefix', 'DB_', '--file', `${file}=${PREFIX}/password`, '--template', `${template}:${output}`, '--', 'touch', marker], kura.clientEnv);
    assert.equal(result.code, 4, result.stderr);
    assert.equal(result.stderr, `kura exec: --template ${template}:${output}: not set in the program's environment: NOPE, ALSO_NOPE\n`);
    assert.ok(!existsSync(marker), 'the program never ran');
    assert.deepEqual(readdirSync(dir), [], 'nothing was written');
  });

  test('a symbolic link where a file should go is refused (exit 4), and nothing is written through it', async () => {
    const dir = fresh();
    const victim = path.join(dir, 'victim');
    writeFileSync(victim, 'untouched');
    symlinkSync(victim, path.join(dir, 'link'));
    const marker = path.join(probe.dir, 'symlink-ran');
    const result = await runExec(['--file', `${dir}/link=${PREFIX}/password`, '--', 'touch', marker], kura.clientEnv);
    assert.equal(result.code, 4, result.stderr);
    assert.match(result.stderr, /^kura exec: --file \S+\/link: it is a symbolic link, and Kura never writes through one/);
    noValueIn(result.stderr);
    assert.equal(readFileSync(victim, 'utf8'), 'untouched');
    assert.ok(!existsSync(marker), 'the program never ran');
  });

  test('a SIGTERM to Kura reaches the program, and the files are gone once both have exited', async () => {
    const dir = fresh();
    const file = path.join(dir, 'password');
    const run = startExec(['--file', `${file}=${PREFIX}/password`, '--', probe.file, 'signals'], kura.clientEnv);
    await run.line(/^ready \d+$/);
    assert.equal(readFileSync(file, 'utf8'), VALUES.password, 'written before the program started');
    run.child.kill('SIGTERM');
    const result = await run.done;
    assert.equal(result.code, 42, result.stderr);
    assert.match(result.stdout, /got SIGTERM/);
    assert.ok(!existsSync(file));
  });

  test('--json-expand: a JSON parameter and a JSON secret through --map, and a JSON parameter under --path, one variable per key', async () => {
    const result = await runExec(
      ['--json-expand', '--map', 'CFG=/goecssample/app/config', '--map', 'DB=secretsmanager://goecssample/db', '--path', '/goecssample/app', '--prefix', 'APP_', '--', probe.file, 'report'],
      kura.clientEnv,
    );
    assert.equal(result.code, 0, result.stderr);
    const { env } = report(result);
    const picked = Object.fromEntries(Object.entries(env).filter(([k]) => /^(CFG|DB|APP_CONFIG)(_|$)/.test(k)));
    assert.deepEqual(picked, {
      CFG_USERNAME: CONFIG.username,
      CFG_PASSWORD: CONFIG.password,
      DB_USERNAME: DB.username,
      DB_PASSWORD: DB.password,
      DB_PORT: '3306',
      APP_CONFIG_USERNAME: CONFIG.username,
      APP_CONFIG_PASSWORD: CONFIG.password,
    });
  });

  test('--json-expand: a key colliding with another source is refused naming both and the key, never a value', async () => {
    const marker = path.join(probe.dir, 'json-collision-ran');
    const result = await runExec(['--json-expand', '--map', 'DB=secretsmanager://goecssample/db', '--map', `DB_PASSWORD=${PREFIX}/password`, '--', 'touch', marker], kura.clientEnv);
    assert.equal(result.code, 4, result.stderr);
    assert.equal(
      result.stderr,
      `kura exec: --map DB=secretsmanager://goecssample/db (key password) and --map DB_PASSWORD=${PREFIX}/password both set DB_PASSWORD; pass --allow-override to let the later one win\n`,
    );
    assert.ok(!existsSync(marker));
  });
});
