// `kura secret` against a real `kura serve`, as a user runs it: values in on stdin, from a file or a
// flag and never echoed; get by stage, id and JSON key; ls, history; rm with a recovery window,
// restore, rm --force; one line on stderr for every failure. `rotate` against a recording stand-in
// endpoint: the command only makes the RotateSecret call and prints the answer.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startKura, type RunningKura } from './harness.js';
import { kuraCli, kuraFails, kuraOk } from './manage-cli.js';

const DB = '{"username":"app","password":"s3cret-CANARY","port":3306,"ratio":1.10}';

describe('kura secret', () => {
  let kura: RunningKura;
  let dir: string;
  before(async () => {
    kura = await startKura({ args: ['--account-id', '123456789012'] });
    dir = mkdtempSync(path.join(tmpdir(), 'kura-secret-e2e-'));
  });
  after(async () => {
    await kura.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('create from stdin, put from a file and from --value: the value is never printed', async () => {
    const created = await kuraCli(kura, ['secret', 'create', 'app/db', '--description', 'database', '--tag', 'team=posts'], { input: `${DB}\n` });
    assert.equal(created.code, 0, created.stderr);
    assert.match(created.stdout, /^app\/db version [0-9a-f-]{36}\n$/);
    assert.equal(created.stderr, '');
    assert.equal(await kuraOk(kura, ['secret', 'get', 'app/db']), `${DB}\n`, 'stdin lost its trailing newline only');
    const pem = path.join(dir, 'key.pem');
    writeFileSync(pem, '-----BEGIN KEY-----\nCANARY\n-----END KEY-----\n');
    const put = await kuraCli(kura, ['secret', 'create', 'app/tls', '--file', pem, '--output', 'json']);
    assert.deepEqual(Object.keys(JSON.parse(put.stdout)), ['Name', 'VersionId', 'ARN']);
    assert.ok(!put.stdout.includes('CANARY') && !put.stderr.includes('CANARY'));
    assert.equal(await kuraOk(kura, ['secret', 'get', 'app/tls']), '-----BEGIN KEY-----\nCANARY\n-----END KEY-----\n\n', 'a file is stored byte for byte');
    const second = await kuraOk(kura, ['secret', 'put', 'app/db', '--value', '{"username":"app","password":"second-CANARY"}', '--output', 'table']);
    assert.match(second, /\| app\/db \| [0-9a-f-]{36} \| AWSCURRENT +\|/);
    assert.ok(!second.includes('CANARY'));
  });

  test('get: the current value, a stage, a version id, one JSON key exactly as written, JSON output', async () => {
    assert.equal(await kuraOk(kura, ['secret', 'get', 'app/db', '--json-key', 'password']), 'second-CANARY\n');
    assert.equal(await kuraOk(kura, ['secret', 'get', 'app/db', '--version-stage', 'AWSPREVIOUS', '--json-key', 'ratio']), '1.10\n');
    assert.equal(await kuraOk(kura, ['secret', 'get', 'app/db', '--version-stage', 'AWSPREVIOUS', '--json-key', 'port']), '3306\n');
    const previous = JSON.parse(await kuraOk(kura, ['secret', 'get', 'app/db', '--version-stage', 'AWSPREVIOUS', '--output', 'json']));
    assert.deepEqual([previous.Name, previous.VersionStages, previous.SecretString], ['app/db', ['AWSPREVIOUS'], DB]);
    assert.equal(await kuraOk(kura, ['secret', 'get', 'app/db', '--version-id', previous.VersionId]), `${DB}\n`);
    assert.equal(await kuraFails(kura, ['secret', 'get', 'app/db', '--json-key', 'nope']), "kura secret get: app/db has no key 'nope'");
    assert.equal(await kuraFails(kura, ['secret', 'get', 'app/tls', '--json-key', 'x']), "kura secret get: app/tls is not a JSON object, so its key 'x' cannot be read");
  });

  test('binary values: --binary stores bytes, get gives them back as they are (base64 in JSON)', async () => {
    const bytes = Buffer.from([0xff, 0x00, 0x0a, 0x41]);
    writeFileSync(path.join(dir, 'blob'), bytes);
    await kuraOk(kura, ['secret', 'create', 'app/blob', '--binary', '--file', path.join(dir, 'blob')]);
    const out = await kuraCli(kura, ['secret', 'get', 'app/blob', '--output', 'json']);
    assert.equal(JSON.parse(out.stdout).SecretBinary, bytes.toString('base64'));
    assert.match(await kuraFails(kura, ['secret', 'create', 'app/latin1', '--file', path.join(dir, 'blob')], { code: 2 }), /is not UTF-8 text; store it as bytes with --binary$/);
  });

  test('ls by prefix, history with stages oldest first', async () => {
    assert.equal(await kuraOk(kura, ['secret', 'ls', 'app/']), 'app/db\napp/tls\napp/blob\n');
    const table = await kuraOk(kura, ['secret', 'ls', 'app/d', '--output', 'table']);
    assert.match(table, /\| app\/db +\| database +\| \d{4}-\d\d-\d\dT[^|]+\| false +\|/);
    const history = (await kuraOk(kura, ['secret', 'history', 'app/db'])).trim().split('\n').map((line) => line.split('\t'));
    assert.deepEqual(history.map((fields) => fields[2]), ['AWSPREVIOUS', 'AWSCURRENT']);
    const json = JSON.parse(await kuraOk(kura, ['secret', 'history', 'app/db', '--output', 'json']));
    assert.deepEqual(Object.keys(json[0]).sort(), ['CreatedDate', 'LastAccessedDate', 'VersionId', 'VersionStages']);
  });

  test('rm with a recovery window, then restore; rm --force is for good', async () => {
    const scheduled = await kuraOk(kura, ['secret', 'rm', 'app/tls', '--recovery-days', '7']);
    assert.match(scheduled, /^app\/tls scheduled for deletion on \d{4}-\d\d-\d\dT.*; kura secret restore app\/tls undoes it until then\n$/);
    assert.match(await kuraFails(kura, ['secret', 'get', 'app/tls']), /^kura secret get: InvalidRequestException: You can't perform this operation on the secret because it was marked for deletion\.$/);
    assert.equal(await kuraOk(kura, ['secret', 'ls', 'app/t']), '');
    assert.match(await kuraOk(kura, ['secret', 'ls', 'app/t', '--deleted', '--output', 'json']), /"DeletedDate"/);
    assert.equal(await kuraOk(kura, ['secret', 'restore', 'app/tls']), 'app/tls restored\n');
    assert.match(await kuraOk(kura, ['secret', 'get', 'app/tls']), /CANARY/);
    assert.equal(await kuraOk(kura, ['secret', 'rm', 'app/tls', '--force']), 'app/tls deleted\n');
    assert.equal(await kuraFails(kura, ['secret', 'get', 'app/tls']), "kura secret get: app/tls: ResourceNotFoundException: Secrets Manager can't find the specified secret.");
  });

  test('usage mistakes are one line with exit 2', async () => {
    const cases: Array<[string[], string]> = [
      [['secret', 'nope'], "kura secret: unknown verb 'nope' (one of create, put, get, ls, history, rotate, rm, restore)"],
      [['secret', 'create'], 'kura secret create: NAME is required: kura secret create NAME'],
      [['secret', 'create', 'x', 'value'], "kura secret create: unexpected argument 'value' (give the value with --value, --file or on stdin)"],
      [['secret', 'put', 'x', '--value', 'a', '--file', 'f'], 'kura secret put: give the value once: --value or --file, not both'],
      [['secret', 'rm', 'x', '--recovery-days', '3'], "kura secret rm: --recovery-days must be a whole number of days from 7 to 30 (got '3')"],
      [['secret', 'rm', 'x', '--force', '--recovery-days', '7'], 'kura secret rm: --recovery-days and --force exclude each other: --force has no recovery window'],
      [['secret', 'rotate', 'x', '--every-days', '7', '--schedule', 'rate(7 days)'], 'kura secret rotate: --every-days and --schedule exclude each other: give one'],
    ];
    for (const [args, line] of cases) assert.equal(await kuraFails(kura, args, { code: 2 }), line);
    assert.equal(await kuraFails(kura, ['secret', 'create', 'x'], { code: 2, input: '' }), 'kura secret create: the value is empty');
    const help = await kuraCli(kura, ['secret', '--help']);
    assert.match(help.stdout, /^Usage: kura secret <verb>/);
  });

  test('rotate sends RotateSecret as asked (a function name becomes its ARN) and prints the answer', async () => {
    const seen: Array<{ target: string; body: string }> = [];
    const stand: Server = createServer((req: IncomingMessage, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        const target = String(req.headers['x-amz-target'] ?? '');
        seen.push({ target, body });
        if (body.includes('Action=GetCallerIdentity')) {
          res.writeHead(200, { 'content-type': 'text/xml' }).end('<GetCallerIdentityResponse><GetCallerIdentityResult><Account>123456789012</Account><Arn>arn:aws:iam::123456789012:user/u</Arn><UserId>AIDA</UserId></GetCallerIdentityResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></GetCallerIdentityResponse>');
        } else {
          res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' }).end(JSON.stringify({ ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:app/db-AbCdEf', Name: 'app/db', VersionId: 'v-rotated' }));
        }
      });
    });
    await new Promise<void>((resolve) => stand.listen(0, '127.0.0.1', resolve));
    const endpoint = `http://127.0.0.1:${(stand.address() as { port: number }).port}`;
    try {
      const out = await kuraOk(kura, ['secret', 'rotate', 'app/db', '--function', 'rotate-db', '--every-days', '30', '--window', '2h', '--endpoint-url', endpoint]);
      assert.equal(out, 'app/db rotation started: version v-rotated\n');
      const rotate = seen.find((r) => r.target === 'secretsmanager.RotateSecret');
      const sent = JSON.parse(rotate?.body ?? '{}');
      assert.ok(typeof sent.ClientRequestToken === 'string', 'the SDK adds its idempotency token');
      delete sent.ClientRequestToken;
      assert.deepEqual(sent, {
        SecretId: 'app/db',
        RotationLambdaARN: 'arn:aws:lambda:us-east-1:123456789012:function:rotate-db',
        RotationRules: { AutomaticallyAfterDays: 30, Duration: '2h' },
        RotateImmediately: true,
      });
      const json = JSON.parse(await kuraOk(kura, ['secret', 'rotate', 'app/db', '--no-rotate-immediately', '--output', 'json', '--endpoint-url', endpoint]));
      assert.deepEqual(json, { Name: 'app/db', ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:app/db-AbCdEf', VersionId: 'v-rotated' });
      const last = JSON.parse(seen.at(-1)?.body ?? '{}');
      assert.deepEqual([last.RotateImmediately, last.RotationLambdaARN, last.RotationRules], [false, undefined, undefined]);
    } finally {
      stand.close();
    }
  });
});
