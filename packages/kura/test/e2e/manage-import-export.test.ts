// kura import and kura export as the built bin against a real `kura serve`: nested JSON and YAML,
// dotenv and shell, round trips, the created/updated/unchanged summary, --overwrite, SecureStrings,
// and the progress bar on a terminal.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import YAML from 'yaml';
import { awsCliJson, startKura, type RunningKura } from './harness.js';
import { hasScript, kuraCli, kuraFails, kuraOk, kuraOnTerminal } from './manage-cli.js';

const HOSTILE = {
  quotes: `it's "double" and 'single'`,
  subshell: '$(touch /tmp/kura-pwned) `id` ${HOME}',
  multiline: 'line one\nline two\n',
  backslash: 'C:\\path\\n',
  comment: 'value # not a comment',
};

describe('kura import / export', () => {
  let kura: RunningKura;
  let dir: string;
  let keyId: string;
  before(async () => {
    kura = await startKura({ args: ['--account-id', '123456789012'] });
    dir = mkdtempSync(path.join(tmpdir(), 'kura-import-'));
    keyId = (await awsCliJson<{ KeyMetadata: { KeyId: string } }>(kura, ['kms', 'create-key', '--description', 'import'])).KeyMetadata.KeyId;
  });
  after(async () => {
    await kura.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  const file = (name: string, text: string) => {
    const full = path.join(dir, name);
    writeFileSync(full, text);
    return full;
  };
  const stored = async (p: string) => {
    const out = await awsCliJson<{ Parameters: Array<{ Name: string; Value: string }> }>(kura, ['ssm', 'get-parameters-by-path', '--path', p, '--recursive', '--with-decryption']);
    return Object.fromEntries(out.Parameters.map((x) => [x.Name, x.Value]));
  };

  test('nested JSON becomes a tree, reports what it did, and exports back to the same document', async () => {
    const doc = { db: { host: 'db.internal', port: 3306, tls: true }, hosts: ['a.example', 'b.example'], ...HOSTILE };
    const json = file('config.json', JSON.stringify(doc));
    assert.equal(await kuraOk(kura, ['import', json, '--path', '/json']), 'imported 10 into /json: 10 created, 0 updated, 0 unchanged\n');
    assert.equal((await stored('/json'))['/json/db/port'], '3306');
    assert.equal((await stored('/json'))['/json/hosts/1'], 'b.example');
    const exported = JSON.parse(await kuraOk(kura, ['export', '--path', '/json', '--format', 'json']));
    assert.deepEqual(exported, { ...doc, db: { host: 'db.internal', port: '3306', tls: 'true' } }, 'scalars come back as their text');
    assert.equal(await kuraOk(kura, ['import', json, '--path', '/json']), 'imported 10 into /json: 0 created, 0 updated, 10 unchanged\n');
  });

  test('differing values need --overwrite; without it nothing is written', async () => {
    const changed = file('changed.json', JSON.stringify({ db: { host: 'db2.internal', port: '3306', tls: 'true', extra: 'x' } }));
    assert.equal(
      await kuraFails(kura, ['import', changed, '--path', '/json']),
      'kura import: 1 parameter already exists with another value or type (/json/db/host): pass --overwrite to update, nothing was written',
    );
    assert.equal((await stored('/json'))['/json/db/extra'], undefined);
    const summary = JSON.parse(await kuraOk(kura, ['import', changed, '--path', '/json', '--overwrite', '--output', 'json']));
    assert.deepEqual(summary, { Path: '/json', DryRun: false, Created: ['/json/db/extra'], Updated: ['/json/db/host'], Unchanged: ['/json/db/port', '/json/db/tls'] });
    assert.equal((await stored('/json'))['/json/db/host'], 'db2.internal');
  });

  test('--dry-run says what would happen and writes nothing', async () => {
    const next = file('next.json', JSON.stringify({ db: { host: 'db3.internal', new: 'n' } }));
    assert.equal(await kuraOk(kura, ['import', next, '--path', '/json', '--overwrite', '--dry-run']), 'dry run, nothing written: would import 2 into /json: 1 to be created, 1 to be updated, 0 unchanged\n');
    assert.equal((await stored('/json'))['/json/db/host'], 'db2.internal');
  });

  test('YAML round-trips: scalars as written, and other YAML readers get the same strings back', async () => {
    const yaml = file('values.yaml', 'app:\n  ratio: 1.10\n  enabled: yes\n  zip: 01234\n  motd: |\n    hello\n    world\n  list:\n    - one\n    - "2"\n');
    assert.equal(await kuraOk(kura, ['import', yaml, '--path', '/yaml']), 'imported 6 into /yaml: 6 created, 0 updated, 0 unchanged\n');
    const exported = await kuraOk(kura, ['export', '--path', '/yaml', '--format', 'yaml']);
    const expected = { app: { enabled: 'yes', list: ['one', '2'], motd: 'hello\nworld\n', ratio: '1.10', zip: '01234' } };
    assert.deepEqual(YAML.parse(exported), expected);
    assert.deepEqual(YAML.parse(exported, { version: '1.1' }), expected);
    assert.equal(await kuraOk(kura, ['import', file('again.yaml', exported), '--path', '/yaml']), 'imported 6 into /yaml: 0 created, 0 updated, 6 unchanged\n');
    assert.equal(await kuraOk(kura, ['import', file('copy.yml', exported), '--path', '/yaml-copy']), 'imported 6 into /yaml-copy: 6 created, 0 updated, 0 unchanged\n');
    assert.equal(await kuraOk(kura, ['export', '--path', '/yaml-copy', '--format', 'yaml']), exported);
  });

  test('dotenv round-trips hostile values, and the shell export sources back to exactly the stored values', async () => {
    const env = file('.env', Object.entries(HOSTILE).map(([k, v]) => `${k.toUpperCase()}=${JSON.stringify(v).replace(/\$/g, '\\$')}`).join('\n') + '\nexport PLAIN=simple # comment\n');
    assert.equal(await kuraOk(kura, ['import', env, '--path', '/env']), 'imported 6 into /env: 6 created, 0 updated, 0 unchanged\n');
    const values: Record<string, string> = await stored('/env');
    // deepStrictEqual narrows its first argument to the expected literal type; compare a copy.
    assert.deepEqual({ ...values }, { ...Object.fromEntries(Object.entries(HOSTILE).map(([k, v]) => [`/env/${k.toUpperCase()}`, v])), '/env/PLAIN': 'simple' });
    const dotenv = await kuraOk(kura, ['export', '--path', '/env', '--format', 'dotenv']);
    assert.equal(await kuraOk(kura, ['import', '-', '--format', 'dotenv', '--path', '/env-copy'], { input: dotenv }), 'imported 6 into /env-copy: 6 created, 0 updated, 0 unchanged\n');
    assert.deepEqual(Object.values(await stored('/env-copy')), Object.values(values));
    const shell = await kuraOk(kura, ['export', '--path', '/env', '--format', 'shell']);
    const script = file('check.sh', `${shell}for v in BACKSLASH COMMENT MULTILINE PLAIN QUOTES SUBSHELL; do eval "printf '%s\\\\0' \\"\\$$v\\""; done\n`);
    const printed = execFileSync('sh', [script], { env: { PATH: process.env.PATH } }).toString('utf8').split('\0').slice(0, -1);
    assert.deepEqual(printed, ['BACKSLASH', 'COMMENT', 'MULTILINE', 'PLAIN', 'QUOTES', 'SUBSHELL'].map((k) => values[`/env/${k}`]));
  });

  test('SecureStrings: imported under the key, exported only with --decrypt, to a 0600 file', async () => {
    const secrets = file('secrets.json', JSON.stringify({ db: { password: 'p4ss' } }));
    await kuraOk(kura, ['import', secrets, '--path', '/sec', '--type', 'SecureString', '--key-id', keyId]);
    const described = await awsCliJson<{ Parameters: Array<{ Type: string; KeyId: string }> }>(kura, ['ssm', 'describe-parameters', '--parameter-filters', 'Key=Name,Values=/sec/db/password']);
    assert.deepEqual([described.Parameters[0]?.Type, described.Parameters[0]?.KeyId], ['SecureString', keyId]);
    assert.equal(await kuraOk(kura, ['import', secrets, '--path', '/sec', '--type', 'SecureString', '--key-id', keyId]), 'imported 1 into /sec: 0 created, 0 updated, 1 unchanged\n');
    const refused = await kuraCli(kura, ['export', '--path', '/sec', '--format', 'dotenv']);
    assert.deepEqual(refused, { code: 1, stdout: '', stderr: 'kura export: /sec holds 1 SecureString (/sec/db/password): pass --decrypt to export their values\n' });
    const out = path.join(dir, 'secrets.env');
    writeFileSync(out, 'old', { mode: 0o644 });
    const written = await kuraCli(kura, ['export', '--path', '/sec', '--format', 'dotenv', '--decrypt', '--out', out]);
    assert.deepEqual(written, { code: 0, stdout: '', stderr: `kura export: wrote 1 parameter to ${out}\n` });
    assert.equal(readFileSync(out, 'utf8'), 'db_password=p4ss\n');
    assert.equal(statSync(out).mode & 0o777, 0o600);
  });

  test('bad input is one line, and nothing is written', async () => {
    assert.match(await kuraFails(kura, ['import', file('bad.json', '{"a": '), '--path', '/bad']), /^kura import: .*bad\.json: not valid JSON: /);
    assert.equal(await kuraFails(kura, ['import', file('null.json', '{"a": "x", "b": {"c": null}}'), '--path', '/bad']), `kura import: ${path.join(dir, 'null.json')}: /bad/b/c: null cannot be stored (Parameter Store holds non-empty strings)`);
    assert.equal(await kuraFails(kura, ['import', file('names.yaml', 'good: x\n"bad key": y\n'), '--path', '/bad']), `kura import: ${path.join(dir, 'names.yaml')}: /bad/bad key: 'bad key' cannot be part of a parameter name (letters, digits and . - _ only)`);
    assert.equal(await kuraFails(kura, ['import', file('dupe.env', 'A=1\nA=2\n'), '--path', '/bad']), `kura import: ${path.join(dir, 'dupe.env')}: line 2: A is set twice (first on line 1)`);
    assert.deepEqual(await stored('/bad'), {});
    assert.match(await kuraFails(kura, ['import', path.join(dir, 'missing.json'), '--path', '/bad']), /^kura import: cannot read .*missing\.json: ENOENT/);
    assert.equal(await kuraFails(kura, ['import', '-', '--path', '/bad'], { code: 2, input: '{}' }), 'kura import: --format json|yaml|dotenv is required when reading stdin');
    assert.equal(await kuraFails(kura, ['import', file('x.txt', 'A=1'), '--path', '/bad'], { code: 2 }), `kura import: cannot tell the format of '${path.join(dir, 'x.txt')}' from its name: pass --format json, yaml or dotenv`);
    assert.equal(await kuraFails(kura, ['import', file('y.json', '{}'), '--path', '/bad'], { code: 1 }), `kura import: ${path.join(dir, 'y.json')} holds no settings; nothing to import`);
    assert.equal(await kuraFails(kura, ['import', file('z.json', '{"a":"b"}')], { code: 2 }), 'kura import: --path P is required');
    assert.equal(await kuraFails(kura, ['export', '--path', '/json'], { code: 2 }), 'kura export: --format json|yaml|dotenv|shell is required');
    assert.equal(await kuraFails(kura, ['export', '--path', '/json', '--format', 'xml'], { code: 2 }), "kura export: --format must be json, yaml, dotenv or shell (got 'xml')");
    assert.equal(await kuraFails(kura, ['export', '--path', '/json', '--format', 'json', '--output', 'table'], { code: 2 }), 'kura export: export prints a document; --output does not apply');
  });

  test('a name that is both a value and a path cannot be nested: export says so', async () => {
    await kuraOk(kura, ['put', '/clash/db', 'x']);
    await kuraOk(kura, ['put', '/clash/db/host', 'h']);
    assert.equal(
      await kuraFails(kura, ['export', '--path', '/clash', '--format', 'json']),
      'kura export: /clash/db is both a parameter and a path holding other parameters; nested json/yaml cannot hold both: export with --format dotenv or shell, or rename one',
    );
    assert.equal(await kuraOk(kura, ['export', '--path', '/clash', '--format', 'dotenv']), 'db=x\ndb_host=h\n');
  });

  test('a bulk import shows a progress bar on a terminal and none in a pipe', { skip: !hasScript && 'util-linux script is not installed' }, async () => {
    const many = file('many.json', JSON.stringify(Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`k${i}`, `v${i}`]))));
    const piped = await kuraCli(kura, ['import', many, '--path', '/bulk-pipe']);
    assert.deepEqual([piped.code, piped.stderr], [0, '']);
    const shown = await kuraOnTerminal(kura, ['import', many, '--path', '/bulk-tty']);
    assert.equal(shown.code, 0);
    assert.match(shown.stdout, /importing into \/bulk-tty \[#+\] 30\/30/);
    assert.match(shown.stdout, /imported 30 into \/bulk-tty: 30 created, 0 updated, 0 unchanged/);
  });
});
