// `kura exec` with Secrets Manager, the built bin against a real `kura serve`: a JSON secret expanding
// into DB_USERNAME, DB_PASSWORD… under --prefix, one key, the whole secret, references in the
// environment (ECS's ARN form included), versions by stage, and every refusal failing closed with
// names only: a denied secret, a missing one, a collision with a parameter, a key the secret lacks.
// Also: a start that reads no secret never loads the Secrets Manager bundle.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { CreateSecretCommand, PutSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { PREFIX, VALUES, report, runExec, seedReferenceDesign, writeProbe, type Probe } from './exec-kit.js';
import { kuraBin, startKura, type RunningKura } from './harness.js';

const ACCOUNT = '123456789012';
const DB = { username: 'sm-user', password: 'sm-p@ss w0rd=+/ é', host: 'sm-db.internal', port: 3306, dbname: 'sm-posts' };
const SECRET_VALUES = [DB.username, DB.password, DB.host, DB.dbname, 'not-json-CANARY', 'other-CANARY'];

describe('kura exec with Secrets Manager', () => {
  let kura: RunningKura;
  let probe: Probe;
  let sm: SecretsManagerClient;
  let dbArn: string;
  let alice: NodeJS.ProcessEnv;
  before(async () => {
    kura = await startKura({ args: ['--account-id', ACCOUNT] });
    await seedReferenceDesign(kura);
    sm = new SecretsManagerClient({ endpoint: kura.url, region: kura.region, credentials: kura.credentials });
    dbArn = (await sm.send(new CreateSecretCommand({ Name: 'goecssample/db', SecretString: JSON.stringify(DB) }))).ARN ?? '';
    await sm.send(new CreateSecretCommand({ Name: 'plain/token', SecretString: 'not-json-CANARY' }));
    await sm.send(new CreateSecretCommand({ Name: 'goecssample/other', SecretString: '{"password":"other-CANARY"}' }));
    const iam = new IAMClient({ endpoint: kura.url, region: kura.region, credentials: kura.credentials });
    await iam.send(new CreateUserCommand({ UserName: 'alice' }));
    const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: `arn:aws:secretsmanager:*:${ACCOUNT}:secret:goecssample/db-??????` }] };
    await iam.send(new PutUserPolicyCommand({ UserName: 'alice', PolicyName: 'db-only', PolicyDocument: JSON.stringify(policy) }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'alice' }))).AccessKey;
    iam.destroy();
    alice = { ...kura.clientEnv, AWS_ACCESS_KEY_ID: key?.AccessKeyId, AWS_SECRET_ACCESS_KEY: key?.SecretAccessKey };
    probe = writeProbe();
  });
  after(async () => {
    sm.destroy();
    probe.cleanup();
    await kura.stop();
  });

  const marker = (name: string) => path.join(probe.dir, name);
  const touch = (name: string) => ['--', 'touch', marker(name)];
  /** Fails closed: the exit code, one line naming `pattern`, no value, and the program never ran. */
  async function refused(args: string[], name: string, code: number, pattern: RegExp, env = kura.clientEnv): Promise<void> {
    const result = await runExec([...args, ...touch(name)], env);
    assert.equal(result.code, code, result.stderr);
    assert.match(result.stderr, pattern);
    assert.equal(result.stderr.split('\n').filter((l) => l !== '').length, 1, result.stderr);
    for (const value of SECRET_VALUES) assert.ok(!result.stderr.includes(value), `a value on stderr: ${result.stderr}`);
    assert.ok(!existsSync(marker(name)), 'the program ran');
  }

  test('--secret with --prefix DB_ expands the JSON secret into DB_USERNAME, DB_PASSWORD…', async () => {
    const result = await runExec(['--secret', 'goecssample/db', '--prefix', 'DB_', '--', probe.file, 'report'], kura.clientEnv);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stderr, '');
    const { env } = report(result);
    assert.deepEqual(
      Object.fromEntries(Object.entries(env).filter(([k]) => k.startsWith('DB_'))),
      { DB_USERNAME: DB.username, DB_PASSWORD: DB.password, DB_HOST: DB.host, DB_PORT: '3306', DB_DBNAME: DB.dbname },
    );
    assert.equal(env.AWS_SECRET_ACCESS_KEY, undefined, 'the credentials Kura used are removed, as for parameters');
  });

  test('one key (--secret ID:key, --map, the ECS ARN form), the whole secret, and parameters beside them', async () => {
    const result = await runExec(
      ['--path', PREFIX, '--secret', 'goecssample/db:dbname', '--prefix', 'SM_', '--map', `U=${dbArn}:username::`, '--map', 'TOKEN=secretsmanager://plain/token', '--', probe.file, 'report'],
      kura.clientEnv,
    );
    assert.equal(result.code, 0, result.stderr);
    const { env } = report(result);
    assert.deepEqual([env.SM_DBNAME, env.SM_USERNAME, env.U, env.TOKEN, env.SM_HOST, env.SM_PASSWORD], [DB.dbname, undefined, DB.username, 'not-json-CANARY', VALUES.host, VALUES.password]);
  });

  test('references in the environment, pinned to a stage; the previous version after a put', async () => {
    await sm.send(new PutSecretValueCommand({ SecretId: 'plain/token', SecretString: 'token-two' }));
    const env = { ...kura.clientEnv, NOW: 'secretsmanager://plain/token', BEFORE: 'secretsmanager://plain/token::AWSPREVIOUS', PW: `secretsmanager://${dbArn}:password`, P: `ssm://${PREFIX}/port`, KEEP: dbArn };
    const result = await runExec(['--', probe.file, 'report'], env);
    assert.equal(result.code, 0, result.stderr);
    const got = report(result).env;
    assert.deepEqual([got.NOW, got.BEFORE, got.PW, got.P, got.KEEP], ['token-two', 'not-json-CANARY', DB.password, VALUES.port, dbArn], 'a bare ARN is left for the program');
    await sm.send(new PutSecretValueCommand({ SecretId: 'plain/token', SecretString: 'not-json-CANARY' }));
  });

  test('a denied secret stops the start (exit 3), naming it; the secret the user may read still works', async () => {
    await refused(['--secret', 'goecssample/other'], 'denied', 3, /^kura exec: cannot read secret goecssample\/other: AccessDeniedException: User: arn:aws:iam::123456789012:user\/alice is not authorized to perform: secretsmanager:GetSecretValue on resource: goecssample\/other/, alice);
    await refused(['--secret', 'goecssample/db'], 'denied-ref', 3, /cannot read secret goecssample\/other: AccessDeniedException/, { ...alice, OTHER: 'secretsmanager://goecssample/other:password' });
    const allowed = await runExec(['--secret', 'goecssample/db:password', '--', probe.file, 'report'], alice);
    assert.equal(report(allowed).env.PASSWORD, DB.password);
  });

  test('a missing secret or version: exit 3, naming it', async () => {
    await refused(['--secret', 'goecssample/nope'], 'missing', 3, /^kura exec: cannot read secret goecssample\/nope: ResourceNotFoundException: /);
    await refused(['--map', 'X=secretsmanager://goecssample/db::AWSPENDING'], 'missing-stage', 3, /^kura exec: cannot read secret goecssample\/db \(stage AWSPENDING\): ResourceNotFoundException/);
  });

  test('a collision with a parameter: exit 4, both sources named; --allow-override lets the later one win', async () => {
    await refused(['--path', PREFIX, '--secret', 'goecssample/db', '--prefix', 'DB_'], 'collision', 4, /^kura exec: --path \/goecssample\/database\/sample\/master \(\/goecssample\/database\/sample\/master\/password\) and --secret goecssample\/db \(key password\) both set DB_PASSWORD; pass --allow-override/);
    const result = await runExec(['--path', PREFIX, '--secret', 'goecssample/db', '--prefix', 'DB_', '--allow-override', '--', probe.file, 'report'], kura.clientEnv);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(report(result).env.DB_PASSWORD, DB.password);
    assert.match(result.stderr, /^kura exec: DB_PASSWORD from --secret goecssample\/db \(key password\) overrides --path/);
  });

  test('what a secret cannot give: not a JSON object, a key it lacks (exit 4, names only)', async () => {
    await refused(['--secret', 'plain/token'], 'not-json', 4, /^kura exec: secret plain\/token is not a JSON object, so --secret cannot expand it into variables; read it whole with --map NAME=secretsmanager:\/\/plain\/token$/m);
    await refused(['--map', 'X=secretsmanager://goecssample/db:pasword'], 'no-key', 4, /^kura exec: secret goecssample\/db has no key 'pasword'$/m);
    await refused(['--secret', 'a secret'], 'usage', 2, /^kura exec: --secret: 'a secret' is not a secret reference/);
  });

  test('the direct reader loads no SDK bundle; on the SDK path a start without secrets never loads the Secrets Manager bundle, one with secrets loads it, through its code cache', () => {
    const log = path.join(probe.dir, 'loaded.txt');
    const hook = path.join(probe.dir, 'hook.cjs');
    // Each file is noted as it is read: with execve Kura becomes the program, and no exit handler runs.
    writeFileSync(hook, `const fs = require('node:fs'); const read = fs.readFileSync;
fs.readFileSync = function (file, ...rest) { if (typeof file === 'string' && /\\.cjs(\\.cache)?$/.test(file)) fs.appendFileSync(${JSON.stringify(log)}, require('node:path').basename(file) + '\\n'); return read.call(this, file, ...rest); };\n`);
    // exec.cjs is the command itself (bin/kura.js requires it); the SDK bundles are what is counted.
    const loaded = (args: string[], env: NodeJS.ProcessEnv) => {
      rmSync(log, { force: true });
      execFileSync(process.execPath, ['--require', hook, kuraBin, 'exec', ...args, '--', 'true'], { env });
      return (existsSync(log) ? readFileSync(log, 'utf8') : '')
        .split('\n')
        .filter((file) => file !== '' && file !== 'exec.cjs');
    };
    // The harness's environment (keys, region, endpoint, no shared files) takes the direct reader.
    assert.deepEqual(loaded(['--path', PREFIX], kura.clientEnv), []);
    assert.deepEqual(loaded(['--path', PREFIX, '--secret', 'goecssample/db:dbname'], kura.clientEnv), []);
    // A shared config file that exists (even empty) is the SDK's to read: the SDK path.
    const config = path.join(probe.dir, 'aws-config');
    writeFileSync(config, '');
    const sdkEnv = { ...kura.clientEnv, AWS_CONFIG_FILE: config };
    assert.deepEqual(loaded(['--path', PREFIX], sdkEnv), ['ssm-sdk.cjs', 'ssm-sdk.cjs.cache']);
    assert.deepEqual(loaded(['--secret', 'goecssample/db'], sdkEnv), ['secrets-sdk.cjs', 'secrets-sdk.cjs.cache']);
    assert.deepEqual(loaded(['--path', PREFIX, '--secret', 'goecssample/db:dbname'], sdkEnv), ['secrets-sdk.cjs', 'secrets-sdk.cjs.cache'], 'both stores, one SDK bundle');
    const loader = path.resolve(path.dirname(kuraBin), '../src/inject/code-cache.ts');
    const bundle = path.resolve(path.dirname(kuraBin), '../dist/secrets-sdk.cjs');
    const code = `import { requireWithCodeCache } from ${JSON.stringify(loader)}; process.stdout.write(requireWithCodeCache(${JSON.stringify(bundle)}).cache);`;
    assert.equal(execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { encoding: 'utf8' }), 'used');
  });
});
