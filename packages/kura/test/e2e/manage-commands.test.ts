// The management commands (put, get, ls, tree, history, diff, rollback, rm) as the built bin, against
// a real `kura serve`, cross-checked with the AWS CLI. Secrets go in on stdin, never in argv.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { awsCli, awsCliJson, startKura, type RunningKura } from './harness.js';
import { hasScript, kuraCli, kuraFails, kuraOk, kuraOnTerminal } from './manage-cli.js';

const SECRET = 's3cr3t-value';

describe('kura put / get / ls / tree / history / diff / rollback / rm', () => {
  let kura: RunningKura;
  let keyId: string;
  before(async () => {
    kura = await startKura({ args: ['--account-id', '123456789012'] });
    keyId = (await awsCliJson<{ KeyMetadata: { KeyId: string } }>(kura, ['kms', 'create-key', '--description', 'manage'])).KeyMetadata.KeyId;
  });
  after(async () => {
    await kura.stop();
  });

  test('put writes a parameter, takes the value from stdin, and versions only with --overwrite', async () => {
    assert.equal(await kuraOk(kura, ['put', '/app/db/host', 'db.internal']), '/app/db/host version 1\n');
    assert.equal(await kuraOk(kura, ['put', '/app/db/password', '--type', 'SecureString', '--key-id', keyId], { input: 'first\n' }), '/app/db/password version 1\n');
    assert.equal(await kuraFails(kura, ['put', '/app/db/password', '--type', 'SecureString'], { input: SECRET }), 'kura put: /app/db/password already exists: pass --overwrite to write a new version');
    const out = JSON.parse(await kuraOk(kura, ['put', '/app/db/password', '-', '--type', 'SecureString', '--key-id', keyId, '--overwrite', '--output', 'json'], { input: `${SECRET}\n` }));
    assert.deepEqual(out, { Name: '/app/db/password', Version: 2, Tier: 'Standard', Type: 'SecureString' });
    const stored = await awsCliJson<{ Parameter: { Value: string; Type: string } }>(kura, ['ssm', 'get-parameter', '--name', '/app/db/password', '--with-decryption']);
    assert.deepEqual(stored.Parameter, { ...stored.Parameter, Value: SECRET, Type: 'SecureString' }, 'one trailing newline dropped');
    const described = await awsCliJson<{ Parameters: Array<{ KeyId: string }> }>(kura, ['ssm', 'describe-parameters', '--parameter-filters', 'Key=Name,Values=/app/db/password']);
    assert.equal(described.Parameters[0]?.KeyId, keyId);
    await kuraOk(kura, ['put', '/app/mode', 'prod', '--description', 'deployment mode']);
    await kuraOk(kura, ['put', '/app/mode', 'staging', '--overwrite']);
    await kuraOk(kura, ['put', '/app/list', 'a,b', '--type', 'StringList']);
  });

  test('put refuses bad usage with one line and exit 2', async () => {
    assert.equal(await kuraFails(kura, ['put'], { code: 2 }), 'kura put: NAME is required: kura put NAME [VALUE]');
    assert.equal(await kuraFails(kura, ['put', '/x', 'v', '--type', 'Secret'], { code: 2 }), "kura put: --type must be one of String, StringList, SecureString (got 'Secret')");
    assert.equal(await kuraFails(kura, ['put', '/x', 'v', '--key-id', keyId], { code: 2 }), 'kura put: --key-id applies only to --type SecureString');
    assert.match(await kuraFails(kura, ['put', '/x', 'v', '--bogus'], { code: 2 }), /^kura put: Unknown option '--bogus'/);
    assert.equal(await kuraFails(kura, ['put', '/x'], { code: 2, input: '\n' }), 'kura put: the value is empty; Parameter Store holds non-empty strings');
    assert.match(await kuraFails(kura, ['put', '/bad name', 'v'], { code: 1 }), /^kura put: ValidationException: Parameter name: can't be prefixed with "ssm"/);
  });

  test('get prints one value alone, never a SecureString without --decrypt, and follows selectors', async () => {
    assert.equal(await kuraOk(kura, ['get', '/app/db/host']), 'db.internal\n');
    const refused = await kuraCli(kura, ['get', '/app/db/password']);
    assert.deepEqual(refused, { code: 1, stdout: '', stderr: 'kura get: /app/db/password is a SecureString: pass --decrypt to print its value\n' });
    assert.equal(await kuraOk(kura, ['get', '/app/db/password', '--decrypt']), `${SECRET}\n`);
    assert.equal(await kuraOk(kura, ['get', '/app/db/password:1', '--decrypt']), 'first\n');
    await awsCli(kura, ['ssm', 'label-parameter-version', '--name', '/app/mode', '--parameter-version', '1', '--labels', 'golden']);
    assert.equal(await kuraOk(kura, ['get', '/app/mode:golden']), 'prod\n');
    assert.equal(await kuraOk(kura, ['get', '/app/db/host', '/app/mode']), '/app/db/host\tdb.internal\n/app/mode\tstaging\n');
    const table = await kuraOk(kura, ['get', '/app/db/host', '/app/db/password', '--output', 'table']);
    assert.match(table, /\| \/app\/db\/password \| SecureString \| 2 +\| \(SecureString: --decrypt to show\) \|/);
    assert.ok(!table.includes(SECRET));
    const json = JSON.parse(await kuraOk(kura, ['get', '/app/db/host', '/app/db/password', '--output', 'json'])) as Array<Record<string, unknown>>;
    assert.deepEqual(json.map((p) => [p.Name, p.Value, p.Version]), [['/app/db/host', 'db.internal', 1], ['/app/db/password', undefined, 2]]);
    assert.equal(JSON.parse(await kuraOk(kura, ['get', '/app/mode:1', '--output', 'json'])).Selector, ':1');
  });

  test('get reports what is missing in one line', async () => {
    assert.equal(await kuraFails(kura, ['get', '/app/nope']), 'kura get: parameter not found: /app/nope');
    assert.equal(await kuraFails(kura, ['get', '/app/mode:9']), 'kura get: ParameterVersionNotFound: Systems Manager could not find version 9 of /app/mode. Verify the version and try again.');
    assert.equal(await kuraFails(kura, ['get'], { code: 2 }), 'kura get: at least one NAME is required: kura get NAME...');
    assert.equal(await kuraFails(kura, ['get', '/app/mode', '--output', 'yaml'], { code: 2 }), "kura get: --output must be one of json, text, table (got 'yaml')");
  });

  test('ls lists one level or every level, with values on request and SecureStrings hidden', async () => {
    assert.equal(await kuraOk(kura, ['ls', '/app']), '/app/list\n/app/mode\n');
    assert.equal(await kuraOk(kura, ['ls', '/app', '-r']), '/app/db/host\n/app/db/password\n/app/list\n/app/mode\n');
    const values = await kuraOk(kura, ['ls', 'app/', '--recursive', '--values']);
    assert.equal(values, '/app/db/host\tdb.internal\n/app/db/password\t(SecureString: --decrypt to show)\n/app/list\ta,b\n/app/mode\tstaging\n');
    assert.match(await kuraOk(kura, ['ls', '/app/db', '--decrypt']), new RegExp(`/app/db/password\t${SECRET}\n`));
    const json = JSON.parse(await kuraOk(kura, ['ls', '/app/db', '--values', '--output', 'json'])) as Array<Record<string, unknown>>;
    assert.deepEqual(json.map((p) => [p.Name, p.Type, p.Value]), [['/app/db/host', 'String', 'db.internal'], ['/app/db/password', 'SecureString', undefined]]);
    assert.match(await kuraOk(kura, ['ls', '/app', '--output', 'table']), /^\+-+\+-+\+-+\+-+\+\n\| Name +\| Type +\| Version \| LastModifiedDate +\|\n/);
    assert.equal(await kuraOk(kura, ['ls', '/empty']), '');
  });

  test('tree draws the hierarchy', async () => {
    assert.equal(
      await kuraOk(kura, ['tree', '/app', '--values']),
      ['/app', '├── db', '│   ├── host = db.internal', '│   └── password = (SecureString: --decrypt to show)', '├── list = a,b', '└── mode = staging', ''].join('\n'),
    );
    assert.equal(await kuraOk(kura, ['tree', '/app/db']), '/app/db\n├── host\n└── password\n');
    assert.equal(JSON.parse(await kuraOk(kura, ['tree', '/app', '--output', 'json'])).length, 4);
  });

  test('history lists versions with who and labels; values on request', async () => {
    const lines = (await kuraOk(kura, ['history', '/app/mode', '--values'])).trim().split('\n').map((l) => l.split('\t'));
    assert.deepEqual(lines.map((f) => [f[0], f[2], f[3], f[4], f[5]]), [
      ['1', 'arn:aws:iam::123456789012:user/admin', 'golden', 'String', 'prod'],
      ['2', 'arn:aws:iam::123456789012:user/admin', '', 'String', 'staging'],
    ]);
    const secret = await kuraOk(kura, ['history', '/app/db/password', '--values', '--output', 'table']);
    assert.ok(!secret.includes(SECRET) && secret.includes('(SecureString: --decrypt to show)'));
    const json = JSON.parse(await kuraOk(kura, ['history', '/app/db/password', '--decrypt', '--output', 'json'])) as Array<{ Version: number; Value: string }>;
    assert.deepEqual(json.map((v) => [v.Version, v.Value]), [[1, 'first'], [2, SECRET]]);
    assert.equal(await kuraFails(kura, ['history', '/app/nope']), 'kura history: parameter not found: /app/nope');
  });

  test('diff shows the change between two versions, hiding SecureString lines without --decrypt', async () => {
    const text = await kuraOk(kura, ['diff', '/app/mode', 'golden', '2']);
    assert.match(text, /^--- \/app\/mode:1\tString, \S+, arn:aws:iam::123456789012:user\/admin\n\+\+\+ \/app\/mode:2\tString, .*\n-prod\n\+staging\n$/);
    assert.equal(await kuraOk(kura, ['diff', '/app/mode', '1', '1']), '/app/mode: versions 1 and 1 are identical\n');
    const hidden = await kuraOk(kura, ['diff', '/app/db/password', '1', '2']);
    assert.match(hidden, /\(values differ; SecureString: --decrypt to show the lines\)\n$/);
    assert.ok(!hidden.includes(SECRET) && !hidden.includes('first'));
    assert.match(await kuraOk(kura, ['diff', '/app/db/password', '1', '2', '--decrypt']), new RegExp(`\n-first\n\\+${SECRET}\n$`));
    const json = JSON.parse(await kuraOk(kura, ['diff', '/app/db/password', '1', '2', '--output', 'json']));
    assert.deepEqual([json.Identical, json.ValuesDiffer, json.From.Value, json.To.Version], [false, true, undefined, 2]);
    assert.equal((await kuraCli(kura, ['diff', '/app/mode', '1', '2', '--exit-code'])).code, 1);
    assert.equal((await kuraCli(kura, ['diff', '/app/mode', '2', '2', '--exit-code'])).code, 0);
    assert.equal(await kuraFails(kura, ['diff', '/app/mode', '1', '7']), 'kura diff: /app/mode has no version 7 (versions kept: 1-2)');
    assert.equal(await kuraFails(kura, ['diff', '/app/mode', '1'], { code: 2 }), 'kura diff: usage: kura diff NAME V1 V2');
  });

  test('rollback writes the old value as a new version, keeping history', async () => {
    assert.equal(await kuraOk(kura, ['rollback', '/app/mode', 'golden']), '/app/mode version 3 (the value of version 1)\n');
    assert.equal(await kuraOk(kura, ['get', '/app/mode']), 'prod\n');
    const versions = await awsCliJson<{ Parameters: Array<{ Version: number; Value: string; Description?: string }> }>(kura, ['ssm', 'get-parameter-history', '--name', '/app/mode']);
    assert.deepEqual(versions.Parameters.map((v) => [v.Version, v.Value]), [[1, 'prod'], [2, 'staging'], [3, 'prod']]);
    assert.equal(versions.Parameters[2]?.Description, 'deployment mode');
    assert.equal(await kuraOk(kura, ['rollback', '/app/mode', '1']), '/app/mode version 3 already has the value of version 1; nothing written\n');
    // A SecureString comes back as a SecureString under its key, and its value is never printed.
    const out = await kuraCli(kura, ['rollback', '/app/db/password', '1', '--output', 'json']);
    assert.deepEqual(JSON.parse(out.stdout), { Name: '/app/db/password', Version: 3, RestoredFrom: 1, Written: true });
    assert.ok(!out.stdout.includes('first') && out.stderr === '');
    assert.equal(await kuraOk(kura, ['get', '/app/db/password', '--decrypt']), 'first\n');
    const history = await awsCliJson<{ Parameters: Array<{ Type: string; KeyId: string }> }>(kura, ['ssm', 'get-parameter-history', '--name', '/app/db/password']);
    assert.deepEqual([history.Parameters[2]?.Type, history.Parameters[2]?.KeyId], ['SecureString', keyId]);
    assert.equal(await kuraFails(kura, ['rollback', '/app/mode', 'nolabel']), "kura rollback: /app/mode has no version labelled 'nolabel' (versions kept: 1-3)");
    assert.equal(await kuraFails(kura, ['rollback', '/app/none', '1']), 'kura rollback: parameter not found: /app/none');
  });

  test('rm deletes names, and says which were not there', async () => {
    await kuraOk(kura, ['put', '/gone/a', 'x']);
    await kuraOk(kura, ['put', '/gone/b', 'x']);
    const out = await kuraCli(kura, ['rm', '/gone/a', '/gone/missing', '/gone/b']);
    assert.deepEqual(out, { code: 1, stdout: 'deleted /gone/a\ndeleted /gone/b\n', stderr: 'kura rm: parameter not found: /gone/missing\n' });
    assert.equal(await kuraFails(kura, ['rm'], { code: 2 }), 'kura rm: at least one NAME is required: kura rm NAME...');
  });

  test('rm --recursive refuses without a terminal or --yes, and deletes with --yes', async () => {
    for (const name of ['/tree/a', '/tree/b/c', '/tree/b/d', '/tree/e']) await kuraOk(kura, ['put', name, 'x']);
    assert.equal(
      await kuraFails(kura, ['rm', '--recursive', '/tree'], { input: 'y\n' }),
      'kura rm: refusing to delete 4 parameters under /tree (/tree/a, /tree/b/c, /tree/b/d, and 1 more) without confirmation: stdin is not a terminal; pass --yes',
    );
    assert.equal(await kuraOk(kura, ['ls', '/tree', '-r']), '/tree/a\n/tree/b/c\n/tree/b/d\n/tree/e\n', 'nothing deleted');
    assert.deepEqual(JSON.parse(await kuraOk(kura, ['rm', '-r', '/tree/b', '--yes', '--output', 'json'])), [{ Name: '/tree/b/c' }, { Name: '/tree/b/d' }]);
    assert.equal(await kuraOk(kura, ['ls', '/tree', '-r']), '/tree/a\n/tree/e\n');
    const none = await kuraCli(kura, ['rm', '-r', '/nothing-here', '--yes']);
    assert.deepEqual(none, { code: 0, stdout: '', stderr: 'kura rm: no parameters under /nothing-here; nothing deleted\n' });
  });

  test('rm --recursive at a terminal lists what it will delete and asks', { skip: !hasScript && 'util-linux script is not installed' }, async () => {
    const declined = await kuraOnTerminal(kura, ['rm', '-r', '/tree'], { prompt: '[y/N]', answer: 'n\r' });
    assert.equal(declined.code, 1);
    assert.match(declined.stdout, /This deletes 2 parameters under \/tree, with every version:\r?\n {2}\/tree\/a\r?\n {2}\/tree\/e\r?\n/);
    assert.match(declined.stdout, /not confirmed; nothing deleted/);
    assert.equal(await kuraOk(kura, ['ls', '/tree', '-r']), '/tree/a\n/tree/e\n');
    const accepted = await kuraOnTerminal(kura, ['rm', '-r', '/tree'], { prompt: '[y/N]', answer: 'y\r' });
    assert.equal(accepted.code, 0);
    assert.match(accepted.stdout, /deleted \/tree\/a\r?\ndeleted \/tree\/e/);
    assert.equal(await kuraOk(kura, ['ls', '/tree', '-r']), '');
  });

  test('failures reaching or authenticating to the endpoint are one line', async () => {
    assert.match(await kuraFails(kura, ['get', '/app/mode'], { env: { AWS_ENDPOINT_URL: 'http://127.0.0.1:1' } }), /^kura get: cannot reach the endpoint \(ECONNREFUSED\): /);
    assert.equal(
      await kuraFails(kura, ['ls', '/app'], { env: { AWS_ACCESS_KEY_ID: 'AKIAUNKNOWN000000001' } }),
      'kura ls: UnrecognizedClientException: The security token included in the request is invalid.',
    );
    assert.match(await kuraFails(kura, ['ls', '/app', '--endpoint-url', 'http://127.0.0.1:1']), /ECONNREFUSED/);
  });

  test('every command has help', async () => {
    for (const command of ['put', 'get', 'ls', 'tree', 'history', 'diff', 'rollback', 'rm', 'import', 'export', 'policy']) {
      const out = await kuraCli(kura, [command, '--help']);
      assert.equal(out.code, 0, command);
      assert.match(out.stdout, new RegExp(`^Usage: kura ${command} `), command);
      assert.match(out.stdout, /--endpoint-url URL/, command);
    }
  });
});
