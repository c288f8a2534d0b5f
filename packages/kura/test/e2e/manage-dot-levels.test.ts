// A writer allowed only parameter/goecssample/* creates `/goecssample/../prod/db/password` with the AWS
// CLI. Parameter Store keeps `..` as a level of the name (as AWS does), so it is a parameter under
// /goecssample; what matters is that nothing the user reads passes it off as /prod/db/password:
// `kura ls` and `kura tree` print it as stored and warn, `kura export` refuses it unless allowed, and
// `kura exec --path` will not turn it into a variable.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { awsCli, startKura, type RunningKura } from './harness.js';
import { kuraCli, kuraFails, kuraOk } from './manage-cli.js';

const run = promisify(execFile);
const ACCOUNT = '123456789012';
const SNEAKY = '/goecssample/../prod/db/password';
const WARNING = (command: string) =>
  `kura ${command}: warning: '${SNEAKY}' has a '..' level, which Parameter Store keeps as part of the name: it is not /prod/db/password\n`;

describe('names with a .. level, end to end', () => {
  let kura: RunningKura;
  before(async () => {
    kura = await startKura({ args: ['--account-id', ACCOUNT] });
    await awsCli(kura, ['ssm', 'put-parameter', '--name', '/prod/db/password', '--value', 'real-prod', '--type', 'String']);
    await awsCli(kura, ['ssm', 'put-parameter', '--name', '/goecssample/db/host', '--value', 'db.internal', '--type', 'String']);
    await awsCli(kura, ['iam', 'create-user', '--user-name', 'writer']);
    const policy = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'ssm:PutParameter', Resource: `arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/goecssample/*` }],
    };
    await awsCli(kura, ['iam', 'put-user-policy', '--user-name', 'writer', '--policy-name', 'goecssample', '--policy-document', JSON.stringify(policy)]);
    const key = JSON.parse((await awsCli(kura, ['iam', 'create-access-key', '--user-name', 'writer'])).stdout).AccessKey;
    const writer = { ...kura.clientEnv, AWS_ACCESS_KEY_ID: key.AccessKeyId, AWS_SECRET_ACCESS_KEY: key.SecretAccessKey };
    // Accepted, as AWS's naming rules and IAM's literal ARN matching allow it.
    await run('aws', ['ssm', 'put-parameter', '--name', SNEAKY, '--value', 'lookalike', '--type', 'String'], { env: writer });
  });
  after(async () => {
    await kura.stop();
  });

  test('kura ls prints the name exactly as stored and warns on stderr; /prod lists only the real one', async () => {
    const out = await kuraCli(kura, ['ls', '/goecssample', '-r']);
    assert.deepEqual(out, { code: 0, stdout: `${SNEAKY}\n/goecssample/db/host\n`, stderr: WARNING('ls') });
    assert.deepEqual(await kuraCli(kura, ['ls', '/prod', '-r', '--values']), { code: 0, stdout: '/prod/db/password\treal-prod\n', stderr: '' });
  });

  test("kura tree keeps the '..' level where it is stored, quoted, not under /prod", async () => {
    const out = await kuraCli(kura, ['tree', '/']);
    const drawing = [
      '/',
      '├── goecssample',
      "│   ├── '..'",
      '│   │   └── prod',
      '│   │       └── db',
      '│   │           └── password',
      '│   └── db',
      '│       └── host',
      '└── prod',
      '    └── db',
      '        └── password',
      '',
    ].join('\n');
    assert.deepEqual(out, { code: 0, stdout: drawing, stderr: WARNING('tree') });
  });

  test('kura export refuses it in every format unless --allow-dot-levels, which writes it as stored', async () => {
    const refusal =
      "kura export: /goecssample/../prod/db/password has a '..' level, which Parameter Store keeps as part of the name (it is not /prod/db/password); " +
      'readers of the file may resolve it: pass --allow-dot-levels to export it as written';
    for (const format of ['dotenv', 'json', 'yaml', 'shell']) {
      assert.equal(await kuraFails(kura, ['export', '--path', '/goecssample', '--format', format], { code: 1 }), refusal, format);
    }
    const allowed = await kuraCli(kura, ['export', '--path', '/goecssample', '--format', 'json', '--allow-dot-levels']);
    assert.deepEqual(allowed, {
      code: 0,
      stdout: `${JSON.stringify({ '..': { prod: { db: { password: 'lookalike' } } }, db: { host: 'db.internal' } }, null, 2)}\n`,
      stderr: WARNING('export'),
    });
    assert.equal(await kuraOk(kura, ['export', '--path', '/prod', '--format', 'dotenv']), 'db_password=real-prod\n');
  });

  test('kura exec --path refuses to make a variable of it, and --map reads it under a chosen name', async () => {
    const refused = await kuraCli(kura, ['exec', '--path', '/goecssample', '--recursive', '--', process.execPath, '-e', '']);
    assert.equal(refused.code, 4);
    assert.match(refused.stderr, /refusing \/goecssample\/\.\.\/prod\/db\/password under --path \/goecssample: its '\.\.' level is part of the name .* ___PROD_DB_PASSWORD would not say where the value came from; read it with --map NAME=\/goecssample\/\.\.\/prod\/db\/password/);
    assert.ok(!refused.stderr.includes('lookalike'));
    const mapped = await kuraOk(kura, ['exec', '--map', `LOOKALIKE=${SNEAKY}`, '--', process.execPath, '-e', 'process.stdout.write(process.env.LOOKALIKE)']);
    assert.equal(mapped, 'lookalike');
  });
});
